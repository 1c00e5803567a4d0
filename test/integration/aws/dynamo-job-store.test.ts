import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoJobStore, JobStoreError } from '../../../functions/aws/dynamo-job-store';
import { JOBS_TABLE } from '../../../functions/aws/jobs-table';
import { JobTooLargeError } from '../../../functions/core/errors';
import { type Job, type JobPhase, type JobResult, newJob } from '../../../functions/core/job';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';

const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);

let db: RunningDynalite;
let tableName: string;
let store: DynamoJobStore;
let counter = 0;

beforeAll(async () => {
  db = await startDynalite();
  tableName = await db.createJobsTable();
  store = new DynamoJobStore(db.doc, tableName);
});

afterAll(async () => {
  await db?.close();
});

/** A fresh job with a unique requestId; `overrides` win. */
function aJob(overrides: Partial<Job> = {}): Job {
  counter += 1;
  return {
    ...newJob({
      requestId: `req-${counter}`,
      kind: 'run',
      templateId: 'tpl-smoke',
      templateAlias: 'smoke',
      templateName: 'Smoke suite',
      requester: { userId: 'U0123ABCD', responseUrl: 'https://hooks.slack.com/commands/T1/2/x' },
      channelId: 'C0123ABCD',
      now: T0 + counter,
    }),
    ...overrides,
  };
}

/** `job` moved one version forward with `changes`. */
function next(job: Job, changes: Partial<Job>): Job {
  return { ...job, ...changes, version: job.version + 1, updatedAt: job.updatedAt + 1 };
}

function aResult(overrides: Partial<JobResult> = {}): JobResult {
  return {
    verdict: 'failed',
    atsResult: 'Failed',
    breakdown: { passed: 1, failed: 1, notExecuted: 0 },
    flags: { canceled: false, warning: false },
    testCases: [
      { name: 'Login', result: 'Passed', durationSeconds: 12, errorMessage: undefined },
      { name: 'Checkout', result: 'Failed', durationSeconds: undefined, errorMessage: 'boom' },
    ],
    flaky: [],
    errorMessage: undefined,
    ...overrides,
  };
}

async function rawItem(requestId: string): Promise<Record<string, unknown> | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: tableName, Key: { requestId }, ConsistentRead: true }),
  );
  return out.Item;
}

describe('DynamoJobStore create/get', () => {
  it('returns exactly the job written, without index attributes', async () => {
    // Prepare
    const job = aJob({ atsJobId: 'ats-1', threadTs: '1700000000.000100' });

    // Act
    const created = await store.create(job);
    const read = await store.get(job.requestId);

    // Assess
    expect(created).toBe(true);
    expect(read).toStrictEqual(job);
  });

  it('refuses a second create of the same requestId and keeps the first', async () => {
    // Prepare
    const job = aJob();
    await store.create(job);

    // Act
    const again = await store.create({ ...job, templateName: 'Impostor' });

    // Assess
    expect(again).toBe(false);
    expect((await store.get(job.requestId))?.templateName).toBe('Smoke suite');
  });

  it('lets exactly one of 10 concurrent creates of one requestId win', async () => {
    // Prepare
    const base = aJob();
    const attempts = Array.from({ length: 10 }, (_, i) => ({ ...base, templateName: `w${i}` }));

    // Act
    const outcomes = await Promise.all(attempts.map((job) => store.create(job)));

    // Assess
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = attempts[outcomes.indexOf(true)];
    expect(await store.get(base.requestId)).toStrictEqual(winner);
  });

  it('returns undefined for an unknown requestId', async () => {
    // Act
    const read = await store.get('no-such-request');

    // Assess
    expect(read).toBeUndefined();
  });

  it('propagates errors other than a failed condition', async () => {
    // Prepare
    const missingTable = new DynamoJobStore(db.doc, 'no-such-table');

    // Act
    const attempt = missingTable.create(aJob());

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('DynamoJobStore replace', () => {
  it('replaces when the stored version is the expected one', async () => {
    // Prepare
    const job = aJob();
    await store.create(job);
    const queued = next(job, { phase: 'queued', atsJobId: 'ats-q', startedAt: T0 + 5 });

    // Act
    const replaced = await store.replace(queued, job.version);

    // Assess
    expect(replaced).toBe(true);
    expect(await store.get(job.requestId)).toStrictEqual(queued);
  });

  it('refuses a late write based on an older version, so the job cannot move backwards', async () => {
    // Prepare
    const job = aJob();
    await store.create(job);
    const running = next(job, { phase: 'running' });
    await store.replace(running, job.version);
    const done = next(running, { phase: 'done', finishedAt: T0 + 60_000, result: aResult() });
    await store.replace(done, running.version);
    const lateQueued = next(job, { phase: 'queued' });

    // Act
    const replaced = await store.replace(lateQueued, job.version);

    // Assess
    expect(replaced).toBe(false);
    expect(await store.get(job.requestId)).toEqual(done);
  });

  it('refuses to replace a job that does not exist, and does not create it', async () => {
    // Prepare
    const ghost = aJob({ version: 2 });

    // Act
    const replaced = await store.replace(ghost, 1);

    // Assess
    expect(replaced).toBe(false);
    expect(await store.get(ghost.requestId)).toBeUndefined();
  });

  it('lets exactly one of 10 concurrent writers with the same expected version win', async () => {
    // Prepare
    const job = aJob();
    await store.create(job);
    const writers = Array.from({ length: 10 }, (_, i) =>
      next(job, { phase: 'done', finishedAt: T0 + i, outcomeTs: `1700000000.00${i}` }),
    );

    // Act
    const outcomes = await Promise.all(writers.map((w) => store.replace(w, job.version)));

    // Assess
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = writers[outcomes.indexOf(true)];
    expect(await store.get(job.requestId)).toStrictEqual(winner);
  });

  it('throws JOB_STORE_BAD_VERSION when next.version is not expectedVersion + 1', async () => {
    // Prepare
    const job = aJob();
    await store.create(job);

    // Act
    const attempt = store.replace({ ...job, version: job.version + 2 }, job.version);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(JobStoreError);
    await expect(attempt).rejects.toMatchObject({ code: 'JOB_STORE_BAD_VERSION' });
    expect(await store.get(job.requestId)).toStrictEqual(job);
  });
});

describe('DynamoJobStore active-in-channel index', () => {
  it('lists non-terminal jobs of the channel newest first, up to the limit', async () => {
    // Prepare
    const channelId = 'CACTIVE01';
    const jobs = [0, 1, 2, 3].map((i) => aJob({ channelId, createdAt: T0 + i * 1000 }));
    for (const job of jobs) await store.create(job);
    await store.create(aJob({ channelId: 'COTHER001' }));

    // Act
    const all = await store.listActiveInChannel(channelId);
    const two = await store.listActiveInChannel(channelId, 2);
    const none = await store.listActiveInChannel(channelId, 0);

    // Assess
    expect(all.map((j) => j.requestId)).toEqual(jobs.map((j) => j.requestId).reverse());
    expect(two.map((j) => j.requestId)).toEqual([jobs[3]?.requestId, jobs[2]?.requestId]);
    expect(none).toEqual([]);
    expect(all[0]).toStrictEqual(jobs[3]);
  });

  it.each<JobPhase>(['done', 'failed_to_start', 'timed_out', 'error'])(
    'drops a job that turned %s from the index',
    async (phase) => {
      // Prepare
      const channelId = `CTERM${phase.length}${counter}`;
      const job = aJob({ channelId });
      await store.create(job);
      const before = await store.listActiveInChannel(channelId);

      // Act
      await store.replace(next(job, { phase, finishedAt: T0 + 1 }), job.version);

      // Assess
      expect(before.map((j) => j.requestId)).toEqual([job.requestId]);
      expect(await store.listActiveInChannel(channelId)).toEqual([]);
      const item = await rawItem(job.requestId);
      expect(item).not.toHaveProperty(JOBS_TABLE.indexes.activeInChannel.partitionKey);
    },
  );

  it('keeps the index attribute in the item only while the job is active', async () => {
    // Prepare
    const job = aJob({ channelId: 'CRAWITEM1' });

    // Act
    await store.create(job);
    const item = await rawItem(job.requestId);

    // Assess
    expect(item?.[JOBS_TABLE.indexes.activeInChannel.partitionKey]).toBe('CRAWITEM1');
    expect(item).not.toHaveProperty(JOBS_TABLE.indexes.templateFinished.partitionKey);
  });
});

describe("DynamoJobStore index of a person's jobs", () => {
  it('lists the request ids of the jobs a person started, in every channel, newest first, up to the limit', async () => {
    // Prepare: four of Ursula's jobs in two channels (one a scheduled run of hers, one ended), one of Bob's
    const ursula = { userId: 'U0URSULA1' };
    const jobs = [0, 1, 2, 3].map((i) =>
      aJob({
        requester: ursula,
        channelId: i % 2 ? 'CUSERA001' : 'CUSERB001',
        createdAt: T0 + i * 1000,
        ...(i === 2 ? { scheduleId: 'sched-nightly' } : {}),
      }),
    );
    for (const job of jobs) await store.create(job);
    await store.create(aJob({ requester: { userId: 'U0BOB0001' }, channelId: 'CUSERA001' }));
    await store.replace(next(jobs[1]!, { phase: 'done', finishedAt: T0 + 9000 }), jobs[1]!.version);

    // Act
    const all = await store.latestOfUser(ursula.userId, 10);
    const two = await store.latestOfUser(ursula.userId, 2);
    const none = await store.latestOfUser(ursula.userId, 0);

    // Assess: finished or not, newest asked for first
    expect(all).toEqual([jobs[3], jobs[2], jobs[1], jobs[0]].map((j) => j?.requestId));
    expect(two).toEqual([jobs[3]?.requestId, jobs[2]?.requestId]);
    expect(none).toEqual([]);
    expect(await store.latestOfUser('U0NOBODY1', 10)).toEqual([]);
  });

  it('keeps only keys in the index, one entry per job that no later write moves, and none in what get returns', async () => {
    // Prepare
    const requester = { userId: 'U0KEYSONLY' };
    const job = aJob({ requester, createdAt: T0 + 500 });
    await store.create(job);
    const running = next(job, { phase: 'running', atsJobId: 'ats-keys-1', cardTs: '1.2' });
    await store.replace(running, job.version);

    // Act
    await store.replace(
      next(running, { phase: 'timed_out', finishedAt: T0 + 900 }),
      running.version,
    );
    const entries = await db.doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: JOBS_TABLE.indexes.byUser.name,
        KeyConditionExpression: '#k = :v',
        ExpressionAttributeNames: { '#k': JOBS_TABLE.indexes.byUser.partitionKey },
        ExpressionAttributeValues: { ':v': requester.userId },
      }),
    );

    // Assess
    expect(entries.Items).toEqual([
      { requestId: job.requestId, startedBy: requester.userId, createdAt: T0 + 500 },
    ]);
    expect((await rawItem(job.requestId))?.[JOBS_TABLE.indexes.byUser.partitionKey]).toBe(
      requester.userId,
    );
    expect(await store.get(job.requestId)).not.toHaveProperty(
      JOBS_TABLE.indexes.byUser.partitionKey,
    );
    expect(await store.latestOfUser(requester.userId, 5)).toEqual([job.requestId]);
  });
});

describe('DynamoJobStore ATS job id index', () => {
  it('finds a job by its ATS job id and nothing for an unknown id', async () => {
    // Prepare
    const job = aJob({ atsJobId: '7b9d2f0e-5c1a-4c4e-9f1e-0d2a3b4c5d6e' });
    await store.create(job);

    // Act
    const found = await store.findByAtsJobId(job.atsJobId!);
    const missing = await store.findByAtsJobId('00000000-0000-0000-0000-000000000000');

    // Assess
    expect(found).toStrictEqual(job);
    expect(missing).toBeUndefined();
  });

  it('answers with the first recorded job when two follow the same ATS job', async () => {
    // Prepare
    const first = aJob({ atsJobId: 'ats-shared', createdAt: T0 });
    const watch = aJob({ atsJobId: 'ats-shared', kind: 'watch', createdAt: T0 + 5000 });
    await store.create(watch);
    await store.create(first);

    // Act
    const found = await store.findByAtsJobId('ats-shared');

    // Assess
    expect(found?.requestId).toBe(first.requestId);
  });

  it('finds a job once the ATS id is set by a replace', async () => {
    // Prepare
    const job = aJob();
    await store.create(job);
    const started = next(job, { phase: 'queued', atsJobId: `ats-late-${job.requestId}` });

    // Act
    await store.replace(started, job.version);

    // Assess
    expect(await store.findByAtsJobId(started.atsJobId!)).toStrictEqual(started);
  });
});

describe('DynamoJobStore finished-runs index', () => {
  it('keeps full runs and reruns apart, most recently finished first', async () => {
    // Prepare
    const templateId = `tpl-history-${counter}`;
    const finish = async (attempt: number, finishedAt: number, phase: JobPhase = 'done') => {
      const job = aJob({ templateId, attempt, kind: attempt ? 'rerun' : 'run' });
      await store.create(job);
      const finished = next(job, { phase, finishedAt, result: aResult() });
      await store.replace(finished, job.version);
      return finished;
    };
    const full1 = await finish(0, T0 + 1000);
    const full2 = await finish(0, T0 + 3000);
    const rerun1 = await finish(1, T0 + 2000);
    await finish(0, T0 + 4000, 'timed_out');
    await store.create(aJob({ templateId }));

    // Act
    const full = await store.recentFinishedRuns(templateId, false, 10);
    const reruns = await store.recentFinishedRuns(templateId, true, 10);
    const latest = await store.recentFinishedRuns(templateId, false, 1);

    // Assess
    expect(full).toEqual([full2, full1]);
    expect(reruns).toEqual([rerun1]);
    expect(latest.map((j) => j.requestId)).toEqual([full2.requestId]);
    expect(full[0]).not.toHaveProperty(JOBS_TABLE.indexes.templateFinished.partitionKey);
  });

  it('leaves a job out of the index while it is not done', async () => {
    // Prepare
    const templateId = `tpl-running-${counter}`;
    const job = aJob({ templateId });
    await store.create(job);

    // Act
    await store.replace(next(job, { phase: 'running' }), job.version);

    // Assess
    expect(await store.recentFinishedRuns(templateId, false, 10)).toEqual([]);
  });
});

describe('DynamoJobStore payloads', () => {
  it('round-trips unicode in every text field', async () => {
    // Prepare
    const text = 'Ünïcødé ✅ 测试 🧪👩🏽‍💻 עברית e\u0301 "quotes" <xml/> & \\ \n\t';
    const job = aJob({
      templateName: text,
      templateAlias: 'smoke',
      lastError: text,
      phase: 'done',
      finishedAt: T0 + 10,
      result: aResult({
        errorMessage: text,
        testCases: [{ name: text, result: 'Failed', durationSeconds: 1, errorMessage: text }],
        flaky: [text],
      }),
    });

    // Act
    await store.create(job);
    const read = await store.get(job.requestId);

    // Assess
    expect(read).toEqual(job);
    expect(read?.result?.testCases[0]?.name).toBe(text);
  });

  it('round-trips a large result (1,000 test cases) and lists large items across pages', async () => {
    // Prepare: ~300 KB per job, so a 1 MB Query page holds at most three of them
    const channelId = 'CLARGE001';
    const testCases = Array.from({ length: 1000 }, (_, i) => ({
      name: `Module ${i} › Scenario ${i} with a rather long descriptive name`,
      result: i % 7 === 0 ? 'Failed' : 'Passed',
      durationSeconds: i,
      errorMessage: i % 7 === 0 ? `Expected ${'x'.repeat(1200)} at step ${i}` : undefined,
    }));
    const jobs = [0, 1, 2, 3, 4].map((i) =>
      aJob({ channelId, createdAt: T0 + i, result: aResult({ testCases }) }),
    );
    for (const job of jobs) await store.create(job);

    const send = vi.spyOn(db.doc, 'send');

    // Act
    const read = await store.get(jobs[0]!.requestId);
    const listed = await store.listActiveInChannel(channelId, 10);
    const queries = send.mock.calls.filter(([command]) => command instanceof QueryCommand);
    send.mockRestore();

    // Assess
    expect(JSON.stringify(jobs[0]).length).toBeGreaterThan(250_000);
    expect(read).toEqual(jobs[0]);
    expect(listed.map((j) => j.requestId)).toEqual(jobs.map((j) => j.requestId).reverse());
    expect(queries.length).toBeGreaterThan(1);
  });

  it('refuses an item over 400 KB with JobTooLargeError, on create and on replace', async () => {
    // Prepare: 500 cases with 1 KB messages, about 520 KB.
    const big = aResult({
      testCases: Array.from({ length: 500 }, (_, i) => ({
        name: `Case ${i}`,
        result: 'Failed',
        durationSeconds: 1,
        errorMessage: 'm'.repeat(1_024),
      })),
    });
    const job = aJob();
    await store.create(job);

    // Act
    const created = store.create(aJob({ result: big })).catch((e: unknown) => e);
    const replaced = store
      .replace(next(job, { phase: 'done', result: big }), job.version)
      .catch((e: unknown) => e);

    // Assess
    expect(await created).toBeInstanceOf(JobTooLargeError);
    expect(await replaced).toBeInstanceOf(JobTooLargeError);
    expect(await replaced).toMatchObject({ code: 'JOB_TOO_LARGE', requestId: job.requestId });
    expect(await store.get(job.requestId)).toEqual(job);
  });

  it('round-trips arbitrary jobs (property)', async () => {
    // Prepare
    const text = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 40 });
    const nonEmpty = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
    const arbitraryJob = fc.record({
      templateName: nonEmpty,
      lastError: fc.option(text, { nil: undefined }),
      lastAtsStatus: fc.option(text, { nil: undefined }),
      pollCount: fc.nat({ max: 400 }),
      consecutiveFailures: fc.nat({ max: 50 }),
      unreachableNotified: fc.boolean(),
      phase: fc.constantFrom<JobPhase>('requested', 'running', 'done', 'timed_out'),
      attempt: fc.nat({ max: 2 }),
      flaky: fc.array(nonEmpty, { maxLength: 5 }),
    });

    // Act + Assess
    await fc.assert(
      fc.asyncProperty(arbitraryJob, async (shape) => {
        const { flaky, ...fields } = shape;
        const job = aJob({
          ...fields,
          finishedAt: T0,
          result: aResult({ flaky }),
        });
        expect(await store.create(job)).toBe(true);
        expect(await store.get(job.requestId)).toEqual(job);
      }),
      { numRuns: 40 },
    );
  });
});
