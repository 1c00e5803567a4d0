import type { RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { JOBS_TABLE } from '../../functions/aws/jobs-table';
import { keptTable } from './bot-table';

/** Settings of {@link JobsStorage}. */
export interface JobsStorageProps {
  /** The table's name (the stage's, see `lib/stage-names.ts`). */
  readonly tableName: string;
  /** `RETAIN` (the default in configuration) keeps the jobs history when the stack goes. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The one DynamoDB table of jobs, shaped exactly as `JOBS_TABLE` says (keys, sparse GSIs with
 * every attribute projected, the keys-only `byUserCreated`, TTL on `expiresAt`).
 *
 * - On-demand: traffic is a few writes per job and bursts when people start runs; nothing to
 *   provision or tune.
 * - Encryption with the AWS managed key (`aws/dynamodb`): key use shows in CloudTrail and there
 *   is no key to administer or pay for monthly. A customer managed key would only pay off for
 *   cross-account access or revoking access by key, which job metadata (ids, Slack
 *   references, verdicts; no secrets) does not need.
 * - Point-in-time recovery: the history (durations learned, who reran what) can be restored
 *   after a bad write.
 */
export class JobsStorage extends Construct {
  /** The jobs table. */
  readonly table: Table;

  constructor(scope: Construct, id: string, props: JobsStorageProps) {
    super(scope, id);
    this.table = keptTable(this, 'JobsTable', {
      shape: JOBS_TABLE,
      tableName: props.tableName,
      removalPolicy: props.removalPolicy,
    });
  }
}
