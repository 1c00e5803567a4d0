import { describe, expect, it } from 'vitest';
import { AtsError } from '../../../../functions/core/errors';
import { createHarness } from './lifecycle-harness';

const MINUTE = 60_000;

describe('JobLifecycle: metrics', () => {
  it('counts a run and its automatic reruns once each, by kind and verdict, with their polls', async () => {
    // Prepare: regression has autoReruns 2; the first rerun still fails, the second passes.
    const h = createHarness();
    const failing = [
      { name: 'Login', result: 'Passed' as const },
      { name: 'Checkout', result: 'Failed' as const },
    ];
    h.ats.plan(
      { runningMs: 20 * MINUTE, testCases: failing },
      { runningMs: 5 * MINUTE, testCases: failing },
      { runningMs: 5 * MINUTE, testCases: [{ name: 'Checkout', result: 'Passed' }] },
    );
    const job = await h.request('run', { alias: 'regression' });

    // Act: every poll is delivered twice, as Scheduler may.
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain({ copies: 2 });

    // Assess
    expect(report.errors).toEqual([]);
    expect(h.metrics.started).toEqual(['run', 'rerun', 'rerun']);
    expect(h.metrics.ended.map((e) => e.ending)).toEqual(['failed', 'failed', 'passed']);
    const chain = h.store.all().sort((a, b) => a.attempt - b.attempt);
    const statusCalls = (atsJobId: string | undefined) =>
      h.ats.calls.filter((c) => c.operation === 'GetJobStatus' && c.arg === atsJobId).length;
    // One GetJobStatus per poll, and one more for the result of each job ATS finished, except
    // the second rerun: the first rerun had two cases, so its polls ask for everything at once.
    expect(chain.map((j) => j.expectedRun?.cases)).toEqual([undefined, undefined, 2]);
    expect(h.metrics.ended.map((e, i) => e.polls + (i < 2 ? 1 : 0))).toEqual(
      chain.map((j) => statusCalls(j.atsJobId)),
    );
    expect(h.metrics.ended.every((e) => e.polls > 0)).toBe(true);
  });

  it('times each outcome from the middle of the last unfinished poll and the poll that saw it done', async () => {
    // Prepare: Slack takes 4 s to post the outcome.
    const h = createHarness();
    h.ats.plan({ runningMs: 30 * MINUTE });
    const job = await h.request('run');
    const postOutcome = h.notifier.postOutcome.bind(h.notifier);
    h.notifier.postOutcome = async (j) => {
      h.clock.advance(4_000);
      return postOutcome(j);
    };

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    const done = await h.job(job.requestId);
    expect(done.phase).toBe('done');
    const bracket = (done.finishedAt ?? 0) - (done.lastPolledAt ?? 0);
    expect(bracket).toBeGreaterThan(0);
    expect(h.metrics.outcomeDelaysMs).toEqual([bracket / 2 + 4_000]);
  });

  it('counts a start ATS refused as ended without a start, and times no outcome', async () => {
    // Prepare
    const h = createHarness();
    h.ats.failNext(
      'RunJob',
      new AtsError('ATS_NOT_STARTED', 'ATS did not start the job.', false, false),
    );
    const job = await h.request('run');

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    expect((await h.job(job.requestId)).phase).toBe('failed_to_start');
    expect(h.metrics.started).toEqual([]);
    expect(h.metrics.ended).toEqual([{ ending: 'failed_to_start', polls: 0 }]);
    expect(h.metrics.outcomeDelaysMs).toEqual([]);
  });

  it('counts a job that outlived the poll limit as timed out, with no outcome time', async () => {
    // Prepare
    const h = createHarness({ settings: { pollLimitMs: 2 * 3_600_000 } });
    h.ats.plan({ neverFinishes: true });
    const job = await h.request('run');

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    expect(h.metrics.started).toEqual(['run']);
    expect(h.metrics.ended.map((e) => e.ending)).toEqual(['timed_out']);
    expect(h.metrics.outcomeDelaysMs).toEqual([]);
  });
});
