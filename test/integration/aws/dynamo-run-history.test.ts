import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRunHistory } from '../../../functions/aws/dynamo-run-history';
import { createHistoryTableInput } from '../../../functions/aws/history-table';
import { buildRunRecord } from '../../../functions/core/history/run-record';
import { buildJobResult } from '../../../functions/core/job-result';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import { aRecord, DAY } from '../../support/hand-made-runs';
import { T0, testJob } from '../../support/job-fixtures';

let db: RunningDynalite;
let tableName: string;
let history: DynamoRunHistory;
let units = 0;

beforeAll(async () => {
  db = await startDynalite();
  tableName = `history-${process.pid}-${Date.now().toString(36)}`;
  await db.client.send(new CreateTableCommand(createHistoryTableInput(tableName)));
  history = new DynamoRunHistory(db.doc, tableName, { onReadCapacity: (u) => (units += u) });
});

afterAll(async () => {
  await db?.close();
});

describe('DynamoRunHistory on dynalite', () => {
  it('stores a record once: a second put of the same request id changes nothing', async () => {
    // Prepare
    const record = aRecord({ requestId: 'once-1', endedAt: T0, templateId: 'tpl-once' });

    // Act
    const first = await history.record(record);
    const again = await history.record({ ...record, verdict: 'failed' });

    // Assess
    expect(first).toBe(true);
    expect(again).toBe(false);
    const stored = await db.doc.send(
      new GetCommand({ TableName: tableName, Key: { requestId: 'once-1' } }),
    );
    expect(stored.Item?.verdict).toBe('passed');
    expect(await history.runsOfTemplate('tpl-once', { from: 0, to: T0 + 1 }, 10)).toEqual([record]);
  });

  it('reads a template, a channel and a person newest first, within the period and limit', async () => {
    const records = Array.from({ length: 12 }, (_, i) =>
      aRecord({
        requestId: `q-${i}`,
        endedAt: T0 + i * DAY,
        templateId: i % 2 === 0 ? 'tpl-even' : 'tpl-odd',
        channelId: i < 6 ? 'C-EARLY' : 'C-LATE',
        userId: i % 3 === 0 ? 'U-THREE' : 'U-OTHER',
      }),
    );
    for (const r of records) await history.record(r);

    const even = await history.runsOfTemplate(
      'tpl-even',
      { from: T0 + 2 * DAY, to: T0 + 8 * DAY },
      10,
    );
    const late = await history.runsInChannel('C-LATE', { from: 0, to: T0 + 100 * DAY }, 4);
    const three = await history.recentRunsOfUser('U-THREE', 3);
    const none = await history.runsOfTemplate('tpl-even', { from: T0, to: T0 }, 10);

    // `to` is excluded: the run ended at T0 + 8 days is not in.
    expect(even.map((r) => r.requestId)).toEqual(['q-6', 'q-4', 'q-2']);
    expect(late.map((r) => r.requestId)).toEqual(['q-11', 'q-10', 'q-9', 'q-8']);
    expect(three.map((r) => r.requestId)).toEqual(['q-9', 'q-6', 'q-3']);
    expect(none).toEqual([]);
    expect(units).toBeGreaterThan(0);
  });

  it('reads past a page: 1,200 records of one template come back in full', async () => {
    const many = Array.from({ length: 1_200 }, (_, i) =>
      aRecord({
        requestId: `m-${i}`,
        endedAt: T0 + i * 1_000,
        templateId: 'tpl-many',
        notPassed: { names: [`case ${i} ${'n'.repeat(900)}`], count: 1 },
      }),
    );
    await Promise.all(many.map((r) => history.record(r)));
    const read = await history.runsOfTemplate('tpl-many', { from: 0, to: T0 + DAY }, 5_000);
    expect(read).toHaveLength(1_200);
    expect(read[0]?.requestId).toBe('m-1199');
  });

  it('stores the record of a 20,000-case job as one item', async () => {
    const names = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `case ${i} ${'ü'.repeat(300)}`,
        result: 'Failed',
        durationSeconds: 1 + (i % 997),
        errorMessage: 'e'.repeat(2_000),
      }));
    const result = buildJobResult(
      { status: 'Done', result: 'Failed', errorMessage: undefined, testCases: names(20_000) },
      { rerun: false },
    );
    const record = buildRunRecord(
      testJob({ requestId: 'huge', templateId: 'tpl-huge', phase: 'done', finishedAt: T0, result }),
      400,
    );
    if (!record) throw new Error('no record');
    expect(await history.record(record)).toBe(true);
    const [read] = await history.runsOfTemplate('tpl-huge', { from: 0, to: T0 + 1 }, 1);
    expect(read?.notPassed.count).toBe(20_000);
    expect(read?.notPassed.names.length).toBeGreaterThan(0);
    // The slowest cases come back as they were built: 997 s is the longest, ties by name.
    expect(read?.slowest).toEqual(record.slowest);
    expect(read?.slowest?.count).toBe(20_000);
    expect(read?.slowest?.cases[0]?.seconds).toBe(997);
    expect(read?.slowest?.cases[0]?.name.startsWith('case 10966 ')).toBe(true);
  });

  it('reads a record written before records kept durations: no slowest cases, nothing else lost', async () => {
    // Prepare: the item as an older version of the bot wrote it, straight into the table.
    const old = aRecord({ requestId: 'old-1', endedAt: T0, templateId: 'tpl-old' });
    await db.doc.send(new PutCommand({ TableName: tableName, Item: old }));
    const recent = aRecord({
      requestId: 'new-1',
      endedAt: T0 + 1,
      templateId: 'tpl-old',
      slowest: { cases: [{ name: 'Checkout', seconds: 97 }], count: 4 },
    });
    await history.record(recent);

    // Act
    const read = await history.runsOfTemplate('tpl-old', { from: 0, to: T0 + 2 }, 10);

    // Assess
    expect(read).toEqual([recent, old]);
    expect(read[1]).not.toHaveProperty('slowest');
  });
});
