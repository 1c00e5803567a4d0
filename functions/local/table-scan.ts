import {
  type DynamoDBDocumentClient,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

// Local mode's start-up scans of the embedded tables (unfinished jobs, live schedules): on AWS
// nothing scans, because Scheduler keeps the polls and schedules across deployments; locally the
// timers die with the process.

/**
 * Every item a strongly consistent scan with `input` finds, page by page, at most `maxPages`
 * pages, so a huge local table cannot stall start-up forever.
 * @throws whatever DynamoDB throws.
 */
export async function scanPages(
  doc: DynamoDBDocumentClient,
  input: Omit<ScanCommandInput, 'ConsistentRead' | 'ExclusiveStartKey'>,
  maxPages: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < maxPages; page++) {
    const out = await doc.send(
      new ScanCommand({
        ...input,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
    if (!startKey) break;
  }
  return items;
}
