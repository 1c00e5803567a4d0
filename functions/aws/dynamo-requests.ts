import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';

// What the bot's DynamoDB adapters (jobs, schedules, quotas, run history) do the same way: a
// conditional write that answers false when its condition did not hold, the two conditions of a
// versioned item, a query read page by page up to a limit, and an item without undefined values.

/** The condition of a write that only creates: no item with this partition key yet. */
export function ifNew(partitionKey: string) {
  return {
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': partitionKey },
  };
}

/** The condition of a write that replaces an item only at the `version` it was read at. */
export function ifVersion(expected: number) {
  return {
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expected },
  };
}

/**
 * {@link ifVersion} for replacing an item read at version `expected` by `next`, whose version must
 * be `expected + 1`.
 * @throws what `refuse` makes of `next` and the problem when it is not (a caller's bug: nothing
 *   is sent).
 */
export function ifNextVersion<T extends { version: number }>(
  next: T,
  expected: number,
  refuse: (next: T, problem: string) => Error,
): ReturnType<typeof ifVersion> {
  if (next.version !== expected + 1) {
    throw refuse(next, `next.version must be ${expected + 1}, got ${next.version}`);
  }
  return ifVersion(expected);
}

/**
 * Awaits a conditional write: true when it was applied, false when its condition did not hold.
 * @throws whatever else DynamoDB throws.
 */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** True for DynamoDB's answer to a write whose condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** How {@link queryPages} reads. */
export interface PagedQuery {
  /** Items wanted at most; not a positive whole number (or `Infinity` aside) reads nothing. */
  limit: number;
  /** Pages read at most, so a hot partition cannot make one call unbounded. */
  maxPages: number;
  /** Told each page's answer (its consumed capacity, say). */
  onPage?: (page: QueryCommandOutput) => void;
}

/**
 * Reads a query page by page, each page asking only for the items still wanted, until `limit`
 * items, the last page or `maxPages` pages.
 * @throws whatever DynamoDB throws.
 */
export async function queryPages(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  { limit, maxPages, onPage }: PagedQuery,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  // DynamoDB wants a positive whole Limit; anything else means "nothing to read".
  const wanted = Math.floor(limit);
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < maxPages && items.length < wanted; page++) {
    const remaining = wanted - items.length;
    const out = await client.send(
      new QueryCommand({
        ...input,
        ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    onPage?.(out);
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
    if (!startKey) break;
  }
  return items.slice(0, wanted);
}

/**
 * Deep copy without `undefined` values: DynamoDB cannot store them, and the caller's document
 * client may not be configured with `removeUndefinedValues`.
 */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v !== undefined) copy[key] = withoutUndefined(v);
    }
    return copy;
  }
  return value;
}
