import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaStore, Taking } from '../core/requests/quotas';
import { conditionHeld } from './dynamo-requests';
import { DynamoTableAdapter } from './dynamo-table';
import { QUOTAS_TABLE } from './quotas-table';

/** Rounds of "take, else read why" before giving up on a counter others keep changing. */
const MAX_ATTEMPTS = 5;

/** Holders removed per UpdateItem, well within DynamoDB's expression size limits. */
const RELEASE_CHUNK = 50;

/**
 * {@link QuotaStore} over the DynamoDB table shaped as {@link QUOTAS_TABLE}.
 *
 * A place is taken by one `UpdateItem` that sets `holders.<request id>` under the condition that
 * the holder is not there yet and fewer than `limit` are: DynamoDB evaluates the condition and
 * applies the update atomically, so of any number of concurrent requests exactly as many as there
 * are free places succeed, and a request delivered twice finds itself there. Only when the
 * condition fails is the item read (strongly consistent) to tell "already holding", "full" and
 * "not created yet" apart; a new counter is created by a conditional `PutItem`. No transactions
 * (dynalite has none) and no scans.
 */
export class DynamoQuotaStore extends DynamoTableAdapter implements QuotaStore {
  /**
   * @throws Error `QUOTA_CONTENDED` when the counter kept changing for {@link MAX_ATTEMPTS} rounds;
   *   whatever DynamoDB throws other than a failed condition.
   */
  async take(
    key: string,
    holder: string,
    at: number,
    limit: number,
    expiresAt: number,
  ): Promise<Taking> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (await this.addHolder(key, holder, at, limit, expiresAt)) {
        return { taken: true, duplicate: false };
      }
      const holders = await this.holdersOf(key);
      if (!holders) {
        if (await this.createCounter(key, holder, at, expiresAt)) {
          return { taken: true, duplicate: false };
        }
        continue;
      }
      if (Object.hasOwn(holders, holder)) return { taken: true, duplicate: true };
      if (Object.keys(holders).length >= limit) return { taken: false, holders };
      // A place was freed between the update and the read: try again.
    }
    throw Object.assign(new Error(`Quota counter ${key} kept changing; try again`), {
      code: 'QUOTA_CONTENDED',
    });
  }

  /** @throws whatever DynamoDB throws other than a failed condition. */
  async release(key: string, holders: readonly string[]): Promise<void> {
    for (let i = 0; i < holders.length; i += RELEASE_CHUNK) {
      const chunk = holders.slice(i, i + RELEASE_CHUNK);
      const names: Record<string, string> = { '#h': QUOTAS_TABLE.holdersAttribute };
      chunk.forEach((holder, n) => {
        names[`#m${n}`] = holder;
      });
      // A counter that is gone has nobody to release.
      await conditionHeld(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { [QUOTAS_TABLE.partitionKey]: key },
            UpdateExpression: `REMOVE ${chunk.map((_, n) => `#h.#m${n}`).join(', ')}`,
            // Without it, an update of a missing counter would create an empty one.
            ConditionExpression: 'attribute_exists(#h)',
            ExpressionAttributeNames: names,
          }),
        ),
      );
    }
  }

  /** The conditional add; false when its condition failed (or the counter has no holders map). */
  private async addHolder(
    key: string,
    holder: string,
    at: number,
    limit: number,
    expiresAt: number,
  ): Promise<boolean> {
    return conditionHeld(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [QUOTAS_TABLE.partitionKey]: key },
          UpdateExpression: 'SET #h.#m = :at, #exp = :exp',
          ConditionExpression:
            'attribute_exists(#h) AND attribute_not_exists(#h.#m) AND size(#h) < :limit',
          ExpressionAttributeNames: {
            '#h': QUOTAS_TABLE.holdersAttribute,
            '#m': holder,
            '#exp': QUOTAS_TABLE.ttlAttribute,
          },
          ExpressionAttributeValues: { ':at': at, ':exp': expiresAt, ':limit': limit },
        }),
      ),
    );
  }

  private async holdersOf(key: string): Promise<Record<string, number> | undefined> {
    const holders = await this.getItem(
      { [QUOTAS_TABLE.partitionKey]: key },
      (item) => item[QUOTAS_TABLE.holdersAttribute],
    );
    return holders && typeof holders === 'object' ? (holders as Record<string, number>) : undefined;
  }

  /** Creates the counter with its first holder; false when another request created it first. */
  private async createCounter(
    key: string,
    holder: string,
    at: number,
    expiresAt: number,
  ): Promise<boolean> {
    return this.putIf(
      {
        [QUOTAS_TABLE.partitionKey]: key,
        [QUOTAS_TABLE.holdersAttribute]: { [holder]: at },
        [QUOTAS_TABLE.ttlAttribute]: expiresAt,
      },
      {
        ConditionExpression: 'attribute_not_exists(#h)',
        ExpressionAttributeNames: { '#h': QUOTAS_TABLE.holdersAttribute },
      },
    );
  }
}
