import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import { createScenario, type SharedAts, startSharedAts } from './scenario';

let shared: SharedAts;
let db: RunningDynalite;

beforeAll(async () => {
  [shared, db] = await Promise.all([startSharedAts(), startDynalite()]);
});

afterAll(async () => {
  await Promise.all([shared.sim.close(), db.close()]);
});

async function dynamoScenario(pollLimitMs?: number) {
  const store = new DynamoJobStore(db.doc, await db.createJobsTable());
  return { store, s: createScenario(shared, { store, settings: { pollLimitMs } }) };
}

describe('lifecycle scenarios on the DynamoDB adapter (dynalite)', () => {
  it('reports a job once when each poll is delivered three times at once', async () => {
    // Prepare
    const { s } = await dynamoScenario();
    const job = await s.request('run', 'fail');
    await s.handle({ type: 'start', requestId: job.requestId });

    // Act
    const report = await s.drain({ copies: 3, concurrent: true });

    // Assess
    const done = await s.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('failed');
    expect(done.outcomeLeaseUntil).toBeUndefined();
    expect(s.notifier.outcomes()).toHaveLength(1);
  });

  it('reruns automatically, learns from the finished runs, and lists nothing as active after', async () => {
    // Prepare
    const { s, store } = await dynamoScenario();
    const job = await s.request('run', 'flaky-auto');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const first = await s.job(job.requestId);
    const second = await s.job(first.rerunRequestId ?? '');
    const third = await s.job(second.rerunRequestId ?? '');
    expect([first, second, third].map((j) => j.result?.verdict)).toEqual([
      'failed',
      'failed',
      'passed',
    ]);
    // Rerun 2 runs the original's three not-passed cases again; all pass this time.
    expect(third.result?.flaky).toEqual(['Apply voucher', 'Export invoice']);
    expect(await store.listActiveInChannel('C0000TESTS')).toEqual([]);
    const full = await store.recentFinishedRuns('tpl-flaky', false, 10);
    const reruns = await store.recentFinishedRuns('tpl-flaky', true, 10);
    expect(full.map((j) => j.requestId)).toEqual([job.requestId]);
    expect(reruns.map((j) => j.requestId)).toEqual([third.requestId, second.requestId]);
    expect(full[0]?.runDurationMs).toBeGreaterThan(0);
  });

  it('times out a job that never finishes, with its outcome posted once', async () => {
    // Prepare: a 2 h limit keeps the number of polls down.
    const { s } = await dynamoScenario(2 * 3_600_000);
    const job = await s.request('run', 'endless');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain({ copies: 2 });

    // Assess
    expect((await s.job(job.requestId)).phase).toBe('timed_out');
    expect(s.notifier.outcomes()).toHaveLength(1);
  });

  it('finishes a job of 20,000 test cases: its item keeps what the outcome shows', async () => {
    // Prepare: 800 of the cases fail; all of them would make an item of about 2 MB.
    const { store, s } = await dynamoScenario();
    const job = await s.request('run', 'huge');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const report = await s.drain();

    // Assess
    const done = await store.get(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done?.phase).toBe('done');
    expect(done?.result?.breakdown).toEqual({ passed: 19_200, failed: 800, notExecuted: 0 });
    expect(done?.result?.testCases).toHaveLength(200);
    expect(Buffer.byteLength(JSON.stringify(done))).toBeLessThan(400_000);
    expect(s.notifier.outcomes(job.requestId)).toHaveLength(1);
  });
});
