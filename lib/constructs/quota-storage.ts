import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { QUOTAS_TABLE } from '../../functions/aws/quotas-table';
import { acknowledgeNagRule } from '../nag-acknowledgements';

/** Settings of {@link QuotaStorage}. */
export interface QuotaStorageProps {
  /** The stage's name for it (`AtsSlackBot-<stage>-quotas`). */
  readonly tableName: string;
}

/**
 * The DynamoDB table of quota counters, shaped as `QUOTAS_TABLE` (one key, TTL on `expiresAt`).
 *
 * It holds only short-lived counters (the request ids of the last starts of a person, of a
 * channel's unfinished jobs): nothing in it is worth keeping or restoring. It therefore has no
 * point-in-time recovery and no deletion protection, and goes with the stack whatever the
 * `removalPolicy`; losing it only forgets recent starts, which lets a few more through once.
 */
export class QuotaStorage extends Construct {
  /** The quotas table. */
  readonly table: Table;

  constructor(scope: Construct, id: string, props: QuotaStorageProps) {
    super(scope, id);
    this.table = new Table(this, 'QuotasTable', {
      tableName: props.tableName,
      partitionKey: { name: QUOTAS_TABLE.partitionKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: QUOTAS_TABLE.ttlAttribute,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeNagRule(
      this.table,
      'DDB3',
      'Quota counters live minutes (a person) to days (a quiet channel) and are rebuilt by the next requests: there is nothing to recover to a point in time.',
    );
  }
}
