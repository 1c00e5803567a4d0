import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HistoryPeriod, RunHistory } from '../core/history/ports';
import type { RunRecord } from '../core/history/run-record';
import { ifNew, withoutUndefined } from './dynamo-requests';
import { DynamoTableAdapter } from './dynamo-table';
import { HISTORY_TABLE, type HistoryIndex } from './history-table';

/**
 * Upper bound of Query pages read per call: a page holds up to 1 MB, so this bounds a read at
 * 64 MB whatever `limit` asks.
 */
const MAX_QUERY_PAGES = 64;

/** Options of {@link DynamoRunHistory}. */
export interface DynamoRunHistoryOptions {
  /**
   * Told the read capacity units each query page consumed (`ReturnConsumedCapacity: TOTAL` is
   * asked only when this is given): what `bench:history` reports.
   */
  onReadCapacity?: (units: number) => void;
}

/**
 * {@link RunHistory} over the DynamoDB table shaped as {@link HISTORY_TABLE}. `record` is a
 * `PutItem` only when the request id is new (a duplicate changes nothing); every read is a query
 * of one index, newest first, eventually consistent, never a scan.
 */
export class DynamoRunHistory extends DynamoTableAdapter implements RunHistory {
  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    private readonly options: DynamoRunHistoryOptions = {},
  ) {
    super(client, tableName);
  }

  /** @throws whatever DynamoDB throws other than a failed condition. */
  async record(run: RunRecord): Promise<boolean> {
    return this.putIf(
      withoutUndefined(run) as Record<string, unknown>,
      ifNew(HISTORY_TABLE.partitionKey),
    );
  }

  /** @throws whatever DynamoDB throws. */
  runsOfTemplate(templateId: string, period: HistoryPeriod, limit: number): Promise<RunRecord[]> {
    return this.query('byTemplateEnded', templateId, period, limit);
  }

  /** @throws whatever DynamoDB throws. */
  runsInChannel(channelId: string, period: HistoryPeriod, limit: number): Promise<RunRecord[]> {
    return this.query('byChannelEnded', channelId, period, limit);
  }

  /** @throws whatever DynamoDB throws. */
  recentRunsOfUser(userId: string, limit: number): Promise<RunRecord[]> {
    return this.query('byUserEnded', userId, undefined, limit);
  }

  private async query(
    index: HistoryIndex,
    key: string,
    period: HistoryPeriod | undefined,
    limit: number,
  ): Promise<RunRecord[]> {
    const { name, partitionKey, sortKey } = HISTORY_TABLE.indexes[index];
    // An empty period reads nothing (queryPages reads nothing for a limit that is not positive).
    if (period && !(period.to > period.from)) return [];
    const inPeriod = period ? ' AND #s BETWEEN :from AND :last' : '';
    const { onReadCapacity } = this.options;
    const items = await this.queryItems(
      {
        IndexName: name,
        KeyConditionExpression: `#k = :k${inPeriod}`,
        ExpressionAttributeNames: { '#k': partitionKey, ...(period ? { '#s': sortKey } : {}) },
        ExpressionAttributeValues: {
          ':k': key,
          // `to` is excluded; endedAt is whole milliseconds.
          ...(period ? { ':from': period.from, ':last': Math.ceil(period.to) - 1 } : {}),
        },
        ScanIndexForward: false,
        ...(onReadCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
      },
      {
        limit,
        maxPages: MAX_QUERY_PAGES,
        onPage: (page) => {
          const units = page.ConsumedCapacity?.CapacityUnits;
          if (units !== undefined) onReadCapacity?.(units);
        },
      },
    );
    return items as unknown as RunRecord[];
  }
}
