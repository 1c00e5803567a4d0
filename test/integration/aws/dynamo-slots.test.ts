import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import { ACTIVE_JOBS } from '../../../functions/local/active-job-scan';
import { scanTable } from '../../../functions/local/table-scan';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';

let db: RunningDynalite;
let store: DynamoJobStore;
let table: string;

beforeAll(async () => {
  db = await startDynalite();
  table = await db.createJobsTable();
  store = new DynamoJobStore(db.doc, table);
});

afterAll(async () => {
  await db.close();
});

describe('the ATS slots record on DynamoDB', () => {
  it('is written only on the version it was read at, and is no job to a scan of active jobs', async () => {
    // Prepare
    const empty = await store.getSlots('app-1');

    // Act
    const first = await store.putSlots({ ...empty, holders: ['a'], version: 1 });
    const again = await store.putSlots({ ...empty, holders: ['b'], version: 1 });
    const second = await store.putSlots({
      app: 'app-1',
      holders: ['a', 'c'],
      waiting: ['d'],
      version: 2,
    });
    const stale = await store.putSlots({ app: 'app-1', holders: [], waiting: [], version: 2 });

    // Assess
    expect(empty).toEqual({ app: 'app-1', holders: [], waiting: [], version: 0 });
    expect([first, again, second, stale]).toEqual([true, false, true, false]);
    expect(await store.getSlots('app-1')).toEqual({
      app: 'app-1',
      holders: ['a', 'c'],
      waiting: ['d'],
      version: 2,
    });
    expect(await store.getSlots('app-2')).toMatchObject({ version: 0 });
    expect(await scanTable(db.doc, table, ACTIVE_JOBS)).toEqual([]);
  });
});
