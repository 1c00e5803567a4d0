import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../functions/core/job';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import { dynamoItemSize, writeUnitsOf } from '../../support/dynamo-item-size';
import { testJob } from '../../support/job-fixtures';

/*
 * The size rule the memory store and `npm run bench:polling` bill writes by, held to what
 * dynalite reports as ConsumedCapacity for the same puts (dynalite applies DynamoDB's item-size
 * rules; it counts the table only, so indexes are not compared here).
 */

const T = 1_742_548_068_942;

function runningJob(requestId: string): Job {
  return testJob({
    requestId,
    phase: 'running',
    atsJobId: 'ats-583',
    cardTs: '1700000000.000732',
    pollCount: 15,
    lastAtsStatus: 'Running',
    startedAt: T + 300,
    lastPolledAt: T + 934_937,
    nextPollAt: T + 996_046,
  });
}

function doneJob(requestId: string, cases: number): Job {
  const names = Array.from({ length: cases }, (_, i) => `Suite case number ${i + 1}`);
  return {
    ...runningJob(requestId),
    phase: 'done',
    finishedAt: T + 1_884_731.5,
    result: {
      verdict: 'failed',
      atsResult: 'Failed',
      breakdown: { passed: cases - 3, failed: 3, notExecuted: 0 },
      flags: { canceled: false, warning: false },
      testCases: names.slice(0, 3).map((name) => ({
        name,
        result: 'Failed',
        durationSeconds: 12,
        errorMessage: 'Timed out',
      })),
      flaky: [],
      errorMessage: undefined,
      slowest: {
        cases: names.slice(0, 10).map((name, i) => ({ name, seconds: 600 - i })),
        count: cases,
      },
    },
  };
}

describe('DynamoDB item size and write units (against dynalite)', () => {
  let db: RunningDynalite;
  let table: string;

  beforeAll(async () => {
    db = await startDynalite();
    table = await db.createJobsTable();
  });
  afterAll(async () => {
    await db.close();
  });

  async function consumed(item: Job): Promise<number> {
    // Undefined values left out, as the job store writes items
    const doc = DynamoDBDocumentClient.from(db.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const out = await doc.send(
      new PutCommand({ TableName: table, Item: item, ReturnConsumedCapacity: 'TOTAL' }),
    );
    return out.ConsumedCapacity?.CapacityUnits ?? Number.NaN;
  }

  it('bills a new item as dynalite does, below and above 1 KB', async () => {
    // Arrange
    const small = runningJob('size-small');
    const large = doneJob('size-large', 400);

    // Act
    const units = [await consumed(small), await consumed(large)];

    // Assert: one unit for a running job, more for a done one with names, both as computed
    expect(units).toEqual([writeUnitsOf(undefined, small), writeUnitsOf(undefined, large)]);
    expect(units[0]).toBe(1);
    expect(units[1]).toBeGreaterThan(1);
  });

  it('bills an overwrite by the larger of the old and the new item', async () => {
    // Arrange: a large item is stored, then replaced by a small one
    const large = doneJob('size-shrink', 800);
    await consumed(large);
    const small = runningJob('size-shrink');

    // Act
    const units = await consumed(small);

    // Assert
    expect(units).toBe(writeUnitsOf(large, small));
    expect(units).toBe(Math.ceil(dynamoItemSize(large) / 1024));
  });

  it('counts numbers by significant digits and strings by UTF-8 bytes, not by their JSON', () => {
    // A 13-digit timestamp takes 8 bytes, not 13; "é" takes 2 bytes
    expect(dynamoItemSize({ t: T })).toBe(1 + 8);
    expect(dynamoItemSize({ s: 'é' })).toBe(1 + 2);
    expect(dynamoItemSize({ n: 0 })).toBe(1 + 1);
    expect(dynamoItemSize({ l: [true, null] })).toBe(1 + 3 + 2 * (1 + 1));
  });
});
