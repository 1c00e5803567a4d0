import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { TableShape } from '../../functions/aws/table-input';

/** What {@link keptTable} makes a table of: a table shape with its TTL attribute. */
export interface KeptTableShape extends TableShape {
  readonly ttlAttribute: string;
}

/**
 * A table holding what people rely on (jobs, schedules, run history), shaped exactly as `shape`
 * says: its string partition key, each index global with a string partition key, a number sort
 * key where it sorts and every attribute projected (keys only where the shape says `keysOnly`),
 * TTL on `shape.ttlAttribute`.
 *
 * - On-demand: traffic is a few writes per job and bursts when people start runs; nothing to
 *   provision or tune.
 * - Encryption with the AWS managed key (`aws/dynamodb`): key use shows in CloudTrail and there
 *   is no key to administer or pay for monthly.
 * - Point-in-time recovery, and deletion protection: a console click or a stray stack update
 *   cannot delete it; only the `removalPolicy: destroy` configuration, which asks for deletion,
 *   turns the protection off.
 */
export function keptTable(
  scope: Construct,
  id: string,
  props: { shape: KeptTableShape; tableName: string; removalPolicy: RemovalPolicy },
): Table {
  const { shape, removalPolicy } = props;
  const table = new Table(scope, id, {
    tableName: props.tableName,
    partitionKey: { name: shape.partitionKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: shape.ttlAttribute,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy,
    deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
  });
  for (const index of Object.values(shape.indexes ?? {})) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      ...(index.sortKey ? { sortKey: { name: index.sortKey, type: AttributeType.NUMBER } } : {}),
      projectionType: index.keysOnly ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
    });
  }
  return table;
}
