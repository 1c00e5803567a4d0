import type { RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { HISTORY_TABLE } from '../../functions/aws/history-table';
import type { BotConfig } from '../config';
import type { StageNames } from '../stage-names';
import type { BotFunction } from './bot-function';
import { keptTable } from './bot-table';

/** The indexes an App Home reads: each template's runs and the person's own. */
export const APP_HOME_INDEXES = ['byTemplateEnded', 'byUserEnded'] as const;

/** Settings of {@link RunHistoryStorage}. */
export interface RunHistoryStorageProps {
  readonly config: BotConfig;
  readonly names: StageNames;
  /** The worker: it writes one record per finished job, reads what App Homes show and a channel's records for its digest. */
  readonly worker: BotFunction;
  /** The ingress: it reads history to answer `/ats history` (and the App Home, the digest). */
  readonly ingress: BotFunction;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The run history table (`AtsSlackBot-<stage>-history`, shaped as `HISTORY_TABLE`): on-demand,
 * AWS managed encryption, point-in-time recovery and deletion protection as the jobs table has
 * them, TTL on `expiresAt` (`historyDays` after a run ended, apart from the jobs' retention).
 *
 * Least privilege: the worker may only put items (the conditional put of a record) and query the
 * three indexes: what App Homes read (a template's runs, a person's runs) and a channel's records
 * (its digest); the ingress may only query the three indexes. Nobody may scan, update or delete.
 */
export class RunHistoryStorage extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: RunHistoryStorageProps) {
    super(scope, id);
    const { worker, ingress } = props;
    this.table = keptTable(this, 'HistoryTable', {
      shape: HISTORY_TABLE,
      tableName: props.names.historyTableName,
      removalPolicy: props.removalPolicy,
    });

    worker.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [this.table.tableArn] }),
    );
    // The worker publishes App Homes (`functions/core/home/app-home.ts`) and posts a channel's
    // digest (`functions/core/digest/`).
    worker.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [...APP_HOME_INDEXES, 'byChannelEnded' as const].map(
          (index) => `${this.table.tableArn}/index/${HISTORY_TABLE.indexes[index].name}`,
        ),
      }),
    );
    worker.addSettings({
      historyTableName: this.table.tableName,
      historyDays: props.config.historyDays,
    });

    ingress.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: Object.values(HISTORY_TABLE.indexes).map(
          (index) => `${this.table.tableArn}/index/${index.name}`,
        ),
      }),
    );
    ingress.addSettings({ historyTableName: this.table.tableName });
  }
}
