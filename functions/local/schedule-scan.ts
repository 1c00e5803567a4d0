import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SCHEDULES_TABLE } from '../aws/schedules-table';
import type { Schedule } from '../core/schedules/schedule';
import { scanPages } from './table-scan';

/** Upper bound of Scan pages read, so a huge local table cannot stall start-up forever. */
const DEFAULT_MAX_PAGES = 100;

/**
 * Every schedule of the table that is not removed. Local mode only: on AWS the recurring
 * schedules live in EventBridge Scheduler across deployments; locally their timers die with the
 * process, so start-up scans the embedded table and applies each again.
 * @throws whatever DynamoDB throws.
 */
export async function scanSchedules(
  doc: DynamoDBDocumentClient,
  tableName: string,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<Schedule[]> {
  const items = await scanPages(
    doc,
    {
      TableName: tableName,
      FilterExpression: '#state <> :removed',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':removed': 'removed' },
    },
    maxPages,
  );
  return items.map((item) => {
    const { [SCHEDULES_TABLE.indexes.byChannel.partitionKey]: _index, ...schedule } = item;
    return schedule as unknown as Schedule;
  });
}
