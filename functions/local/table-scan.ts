import {
  type DynamoDBDocumentClient,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

// Local mode's start-up scans of the embedded tables (unfinished jobs, live schedules): on AWS
// nothing scans, because Scheduler keeps the polls and schedules across deployments; locally the
// timers die with the process.

/** Upper bound of Scan pages read, so a huge local table cannot stall start-up forever. */
const DEFAULT_MAX_PAGES = 100;

/** One start-up scan: which items of its table it keeps, and what it makes of each. */
export interface StartupScan<T> {
  filter: Pick<
    ScanCommandInput,
    | 'FilterExpression'
    | 'ProjectionExpression'
    | 'ExpressionAttributeNames'
    | 'ExpressionAttributeValues'
  >;
  read(item: Record<string, unknown>): T;
}

/**
 * Every item of the table that `scan` keeps, read by `scan`: a strongly consistent scan, page by
 * page, at most `maxPages` pages.
 * @throws whatever DynamoDB throws.
 */
export async function scanTable<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  scan: StartupScan<T>,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<T[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < maxPages; page++) {
    const out = await doc.send(
      new ScanCommand({
        TableName: tableName,
        ...scan.filter,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
    if (!startKey) break;
  }
  return items.map((item) => scan.read(item));
}
