import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

// The one way a table shape (`jobs-table.ts`, `schedules-table.ts`, `quotas-table.ts`,
// `history-table.ts`) becomes a CreateTable request, for local mode and the tests against
// dynalite; the CDK storage construct declares the same shapes for AWS.

/**
 * An index of a table shape: a string partition key and, where it sorts, a number sort key. It
 * projects every attribute unless `keysOnly`.
 */
interface IndexShape {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /** Only the table's and the index's keys: an index whose entry no later write changes. */
  readonly keysOnly?: boolean;
}

/** What {@link createTableInput} reads of a table shape. */
export interface TableShape {
  /** The table's string partition key. */
  readonly partitionKey: string;
  readonly indexes?: Readonly<Record<string, IndexShape>>;
}

/**
 * The CreateTable request of a table shape: on-demand billing, and each index global with every
 * attribute projected (an index query returns whole items, so no second read) unless it is
 * `keysOnly`. TTL is not part of CreateTable (dynalite has no UpdateTimeToLive).
 */
export function createTableInput(tableName: string, shape: TableShape): CreateTableCommandInput {
  const indexes = Object.values(shape.indexes ?? {});
  const attributes = new Map<string, 'S' | 'N'>([[shape.partitionKey, 'S']]);
  for (const index of indexes) {
    attributes.set(index.partitionKey, 'S');
    if (index.sortKey) attributes.set(index.sortKey, 'N');
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: [{ AttributeName: shape.partitionKey, KeyType: 'HASH' }],
    ...(indexes.length > 0
      ? {
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
              ...(index.sortKey
                ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }]
                : []),
            ],
            Projection: {
              ProjectionType: index.keysOnly ? ('KEYS_ONLY' as const) : ('ALL' as const),
            },
          })),
        }
      : {}),
  };
}
