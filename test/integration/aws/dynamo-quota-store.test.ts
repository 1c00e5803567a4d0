import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoQuotaStore } from '../../../functions/aws/dynamo-quota-store';
import { QUOTAS_TABLE } from '../../../functions/aws/quotas-table';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';

const T0 = Date.UTC(2025, 0, 6, 9);
const EXPIRES = Math.floor(T0 / 1000) + 600;

let db: RunningDynalite;
let tableName: string;
let store: DynamoQuotaStore;
let keys = 0;

beforeAll(async () => {
  db = await startDynalite();
  tableName = await db.createQuotasTable();
  store = new DynamoQuotaStore(db.doc, tableName);
});

afterAll(async () => {
  await db?.close();
});

function freshKey(): string {
  keys += 1;
  return `starts#U0KEY${keys}`;
}

async function stored(key: string) {
  const out = await db.doc.send(
    new GetCommand({ TableName: tableName, Key: { [QUOTAS_TABLE.partitionKey]: key } }),
  );
  return out.Item;
}

describe('DynamoQuotaStore on dynalite', () => {
  it('creates a counter with its first holder and the expiry', async () => {
    // Prepare
    const key = freshKey();

    // Act
    const taking = await store.take(key, 'req-1', T0, 3, EXPIRES);

    // Assess
    expect(taking).toEqual({ taken: true, duplicate: false });
    expect(await stored(key)).toEqual({
      quotaKey: key,
      holders: { 'req-1': T0 },
      expiresAt: EXPIRES,
    });
  });

  it('counts a holder once however often it asks (a redelivered request)', async () => {
    // Prepare
    const key = freshKey();
    await store.take(key, 'req-1', T0, 2, EXPIRES);

    // Act
    const again = await store.take(key, 'req-1', T0 + 5, 2, EXPIRES);
    const second = await store.take(key, 'req-2', T0 + 6, 2, EXPIRES);

    // Assess
    expect(again).toEqual({ taken: true, duplicate: true });
    expect(second).toEqual({ taken: true, duplicate: false });
    expect((await stored(key))?.holders).toEqual({ 'req-1': T0, 'req-2': T0 + 6 });
  });

  it('refuses a holder once the counter is full and says who holds it since when', async () => {
    // Prepare
    const key = freshKey();
    await store.take(key, 'req-1', T0, 2, EXPIRES);
    await store.take(key, 'req-2', T0 + 1, 2, EXPIRES);

    // Act
    const refused = await store.take(key, 'req-3', T0 + 2, 2, EXPIRES);

    // Assess
    expect(refused).toEqual({ taken: false, holders: { 'req-1': T0, 'req-2': T0 + 1 } });
  });

  it('gives exactly `limit` places to 60 concurrent requests, each delivered twice', async () => {
    // Prepare
    const key = freshKey();
    const requests = Array.from({ length: 60 }, (_, i) => `req-${i}`);

    // Act
    const takings = await Promise.all(
      [...requests, ...requests].map((holder, i) => store.take(key, holder, T0 + i, 10, EXPIRES)),
    );

    // Assess
    const takers = new Set(requests.filter((_, i) => takings[i]?.taken));
    const takersOfCopies = new Set(requests.filter((_, i) => takings[60 + i]?.taken));
    expect(takers.size).toBe(10);
    expect(takersOfCopies).toEqual(takers);
    expect(Object.keys((await stored(key))?.holders ?? {}).sort()).toEqual([...takers].sort());
  });

  it('frees released places for others and ignores holders or counters it does not have', async () => {
    // Prepare
    const key = freshKey();
    await store.take(key, 'req-1', T0, 1, EXPIRES);

    // Act
    await store.release(key, ['req-1', 'req-unknown']);
    await store.release(freshKey(), ['req-1']);
    const next = await store.take(key, 'req-2', T0 + 1, 1, EXPIRES);

    // Assess
    expect(next).toEqual({ taken: true, duplicate: false });
    expect((await stored(key))?.holders).toEqual({ 'req-2': T0 + 1 });
  });

  it('releases more holders than fit one update', async () => {
    // Prepare
    const key = freshKey();
    const holders = Array.from({ length: 60 }, (_, i) => `req-${i}`);
    for (const holder of holders) await store.take(key, holder, T0, 100, EXPIRES);

    // Act
    await store.release(key, holders.slice(0, 55));

    // Assess
    expect(Object.keys((await stored(key))?.holders ?? {}).sort()).toEqual(
      holders.slice(55).sort(),
    );
  });
});
