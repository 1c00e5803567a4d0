import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durationSecondsOf } from '../../../functions/slack/blocks/job-labels';
import { createScenario, type SharedAts, startSharedAts } from './scenario';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let shared: SharedAts;

beforeAll(async () => {
  shared = await startSharedAts();
});

afterAll(async () => {
  await shared.sim.close();
});

describe('lifecycle scenarios against the ATS simulator: outcomes', () => {
  it('reports a passing job once, on its card alone (a quiet pass), the card moving queued → running → done', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'pass');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const report = await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.result).toMatchObject({
      verdict: 'passed',
      atsResult: 'Passed',
      breakdown: { passed: 2, failed: 0, notExecuted: 0 },
    });
    // Passed cases are counted, not kept: the result keeps what did not pass.
    expect(done.result?.testCases).toEqual([]);
    expect(s.notifier.outcomes()).toEqual([]);
    expect(s.notifier.of('announceOnCard')).toMatchObject([{ tellRequester: false }]);
    expect(done.outcomeOnCardAt).toBeDefined();
    expect(s.notifier.of('updateCard').map((c) => c.job.phase)).toEqual([
      'queued',
      'running',
      'done',
    ]);
    expect(shared.sim.job(done.atsJobId ?? '')?.status).toBe('Done');
    // Delivered promptly after ATS finished (20 s queued + 18 min running), polling every minute.
    expect((done.finishedAt ?? 0) - (done.startedAt ?? 0)).toBeLessThanOrEqual(
      18 * MINUTE + 20_000 + 2 * MINUTE,
    );
  });

  it('reports a failing job with the failure and its message', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'fail');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.result?.verdict).toBe('failed');
    expect(done.result?.breakdown).toEqual({ passed: 1, failed: 1, notExecuted: 0 });
    expect(done.result?.testCases.find((t) => t.result === 'Failed')).toMatchObject({
      name: 'Pay by card',
      errorMessage: "Element 'Pay now' not found within 30 seconds",
    });
    expect(s.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('reports not-executed cases as not passed', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'not-executed');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.result?.verdict).toBe('failed');
    expect(done.result?.breakdown).toEqual({ passed: 1, failed: 0, notExecuted: 2 });
    expect(done.result?.testCases.filter((t) => t.result === 'Not_Executed')).toHaveLength(2);
  });

  it('reports a canceled job as canceled', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'canceled');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.result?.verdict).toBe('canceled');
    expect(done.result?.flags.canceled).toBe(true);
    expect(s.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('waits out an hour in the queue, polling rarely, and reports the job', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'busy-hub');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('passed');
    const statusCalls = shared.sim.requests.filter(
      (r) => r.operation === 'GetJobStatus' && r.fields.JobID === done.atsJobId,
    ).length;
    // Every poll after the start watchdog asked once; the one that found it done, twice.
    expect(statusCalls).toBe(done.pollCount - 1 + 1);
    // The vendor plugin's schedule asks about 126 times in 75 minutes; the bot polls < 50 times.
    expect(statusCalls - 1).toBeLessThan(50);
    expect((done.finishedAt ?? 0) - (done.startedAt ?? 0)).toBeLessThan(75 * MINUTE + 2 * MINUTE);
    expect(s.notifier.of('updateCard').map((c) => c.job.phase)).toEqual([
      'queued',
      'running',
      'done',
    ]);
  });

  it('times out a job that never finishes at the 6 h limit and tells the person', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'endless');

    // Act
    const report = await s
      .handle({ type: 'start', requestId: job.requestId })
      .then(() => s.drain());

    // Assess
    const ended = await s.job(job.requestId);
    expect(report.drained).toBe(true);
    expect(ended.phase).toBe('timed_out');
    expect((ended.finishedAt ?? 0) - (ended.startedAt ?? 0)).toBeGreaterThanOrEqual(6 * HOUR);
    expect((ended.finishedAt ?? 0) - (ended.startedAt ?? 0)).toBeLessThan(6 * HOUR + 2 * MINUTE);
    expect(s.notifier.outcomes(job.requestId)).toHaveLength(1);
    expect(s.notifier.outcomes(job.requestId)[0]?.job.lastError).toMatch(/6 h/);
    expect(s.scheduler.pending()).toEqual([]);
  });

  it('watches a job a pipeline started and reports it', async () => {
    // Prepare: a CI pipeline calls RunJob itself.
    const s = createScenario(shared);
    const { jobId } = await s.ats.runJob('tpl-pass');
    s.clock.advance(5 * MINUTE);
    const job = await s.request('watch', jobId);

    // Act
    await s.handle({ type: 'watch', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('passed');
    expect(s.notifier.of('postCard', job.requestId)).toHaveLength(1);
    expect(s.notifier.deliveries(job.requestId)).toHaveLength(1);
    // Watched since the watch began, so its duration is ATS's own: the sum of its cases.
    const caseSeconds = done.result?.caseSeconds ?? 0;
    expect(caseSeconds).toBeGreaterThan(0);
    expect(durationSecondsOf(done)).toBe(caseSeconds);
  });

  it('answers a watch of an unknown job id with a clear error to the requester only', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('watch', 'f0e1d2c3-0000-4000-8000-000000000000');

    // Act
    await s.handle({ type: 'watch', requestId: job.requestId });
    await s.drain();

    // Assess
    const ended = await s.job(job.requestId);
    expect(ended.phase).toBe('failed_to_start');
    expect(s.notifier.of('postCard')).toEqual([]);
    expect(s.notifier.outcomes()).toEqual([]);
    const told = s.notifier.of('tellRequester', job.requestId);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toMatch(
      /^Could not watch ATS job f0e1d2c3-0000-4000-8000-000000000000\. ATS does not know this job id/,
    );
    expect(told[0]?.text).not.toMatch(/SOAP|HTTP|fault/i);
  });
});
