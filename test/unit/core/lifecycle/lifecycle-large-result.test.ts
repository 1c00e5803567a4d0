import { describe, expect, it } from 'vitest';
import { createHarness } from './lifecycle-harness';

const MINUTE = 60_000;

/** 300 cases, every third one failed. */
const CASES = Array.from({ length: 300 }, (_, i) => ({
  name: `Checkout case ${i}`,
  result: i % 3 === 0 ? ('Failed' as const) : ('Passed' as const),
}));

// Finding: a large result left the job stuck forever, `running` with no poll booked, nobody told.
describe('JobLifecycle: a large result never leaves the job stuck', () => {
  it('keeps counts without cases when the store refuses the item, says so, and still reruns', async () => {
    // Prepare: a store whose items hold less than the result with its 100 failed cases.
    const h = createHarness();
    h.store.maxItemBytes = 6_000;
    h.ats.plan({ runningMs: 3 * MINUTE, testCases: CASES }, { runningMs: 3 * MINUTE });
    const job = await h.request('run', { alias: 'regression' });

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain();

    // Assess: the run ended with exact counts and no list, told once; its rerun followed.
    const done = await h.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.result).toMatchObject({
      verdict: 'failed',
      breakdown: { passed: 200, failed: 100, notExecuted: 0 },
      testCases: [],
      casesNotStored: true,
    });
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
    expect(h.notifier.outcomes(job.requestId)[0]?.job.result?.casesNotStored).toBe(true);
    expect(h.infos.find((l) => l.message === 'Job ended')?.extra).toMatchObject({
      casesNotStored: true,
    });
    const rerun = await h.job(done.rerunRequestId ?? '');
    expect(rerun.phase).toBe('done');
    expect(rerun.rerunScope?.count).toBe(100);
    expect(h.ats.count('RerunNotPassed')).toBe(1);
  });

  it('lets the error out when even the compact item is refused, so the platform retries and reports it', async () => {
    // Prepare: items hold less than any job.
    const h = createHarness();
    h.ats.plan({ runningMs: 3 * MINUTE, testCases: CASES });
    const job = await h.request('run');
    await h.handle({ type: 'start', requestId: job.requestId });
    h.store.maxItemBytes = 200;

    // Act
    const report = await h.drain({ retries: 0 });

    // Assess: the write that could not be made is an error the platform retries and reports.
    expect(report.errors.length).toBeGreaterThan(0);
    expect((report.errors[0] as Error).name).toBe('JobTooLargeError');
  });
});
