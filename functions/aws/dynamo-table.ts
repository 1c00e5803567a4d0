import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { conditionHeld, type PagedQuery, queryPages } from './dynamo-requests';

/** The condition of a conditional put, as {@link ifNew} and {@link ifVersion} make them. */
export type WriteCondition = Pick<
  PutCommandInput,
  'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/** A query of the adapter's own table: everything but the table and the paging. */
export type TableQuery = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

/** The query of `index` for the items whose partition key is `value`. */
export function keyQuery(
  index: { readonly name: string; readonly partitionKey: string },
  value: string,
): TableQuery {
  return {
    IndexName: index.name,
    KeyConditionExpression: '#k = :v',
    ExpressionAttributeNames: { '#k': index.partitionKey },
    ExpressionAttributeValues: { ':v': value },
  };
}

/**
 * What each of the bot's DynamoDB adapters (jobs, schedules, quotas, run history) is built on: the
 * document client and the name of its one table, taken through the constructor, and the reads and
 * writes they all make of that table the same way.
 */
export abstract class DynamoTableAdapter {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /**
   * What `read` makes of the item under `key`, read strongly consistent; undefined when there is
   * no such item.
   * @throws whatever DynamoDB throws.
   */
  protected async getItem<T>(
    key: Record<string, unknown>,
    read: (item: Record<string, unknown>) => T,
  ): Promise<T | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item ? read(out.Item) : undefined;
  }

  /**
   * Puts the whole item under `condition`: true when it was written, false when the condition did
   * not hold.
   * @throws whatever else DynamoDB throws.
   */
  protected putIf(item: Record<string, unknown>, condition: WriteCondition): Promise<boolean> {
    return conditionHeld(
      this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition })),
    );
  }

  /**
   * The items of a query of this table, read as {@link queryPages} reads.
   * @throws whatever DynamoDB throws.
   */
  protected queryItems(query: TableQuery, paging: PagedQuery): Promise<Record<string, unknown>[]> {
    return queryPages(this.client, { ...query, TableName: this.tableName }, paging);
  }
}
