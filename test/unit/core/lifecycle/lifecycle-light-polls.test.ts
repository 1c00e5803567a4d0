import { describe, expect, it } from 'vitest';
import { AtsError } from '../../../../functions/core/errors';
import { ONE_CALL_MAX_CASES } from '../../../../functions/core/lifecycle/observe-job';
import { createHarness, type Harness, seedFinishedSmokeRun, startedRun } from './lifecycle-harness';

const MINUTE = 60_000;
const FULL = { flags: true, breakdown: true, details: true };

/** Records an earlier finished run of the smoke suite that reported `cases` test cases. */
function seedEarlierRun(h: Harness, cases: number): void {
  const finishedAt = h.clock.now() - 60 * MINUTE;
  seedFinishedSmokeRun(h, 'earlier', finishedAt - 15 * MINUTE, {
    atsJobId: 'old-1',
    finishedAt,
    runDurationMs: 15 * MINUTE,
    result: {
      verdict: 'passed',
      atsResult: 'Passed',
      breakdown: { passed: cases, failed: 0, notExecuted: 0 },
      flags: { canceled: false, warning: false },
      testCases: [],
      flaky: [],
      errorMessage: undefined,
    },
  });
}

const TWO_CASES = [
  { name: 'Log in', result: 'Passed' as const },
  { name: 'Pay', result: 'Failed' as const },
];

describe('JobLifecycle: light polls', () => {
  it('asks only the status while a job runs, and flags, counts and cases once, when ATS says Done', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({
      queuedMs: 2 * MINUTE,
      runningMs: 15 * MINUTE,
      testCases: [
        { name: 'Log in', result: 'Passed' },
        { name: 'Pay', result: 'Failed' },
      ],
    });
    const id = await startedRun(h);

    // Act
    await h.drain();

    // Assess
    const statusCalls = h.ats.calls.filter((c) => c.operation === 'GetJobStatus');
    const job = await h.job(id);
    expect(statusCalls.length).toBeGreaterThan(3);
    const asked = (c: (typeof statusCalls)[number]) => Object.values(c.options ?? {}).some(Boolean);
    expect(statusCalls.slice(0, -1).some(asked)).toBe(false);
    expect(statusCalls.at(-1)?.options).toEqual(FULL);
    expect(job.result).toMatchObject({
      verdict: 'failed',
      breakdown: { passed: 1, failed: 1, notExecuted: 0 },
      flags: { canceled: false, warning: false },
    });
    expect(job.result?.testCases.map((t) => t.name)).toEqual(['Pay']);
  });
});

describe('JobLifecycle: one call for a small suite', () => {
  it('asks everything at every check when the newest run had few cases: done costs one call', async () => {
    // Prepare
    const h = createHarness();
    seedEarlierRun(h, 2);
    h.ats.plan({ queuedMs: MINUTE, runningMs: 15 * MINUTE, testCases: TWO_CASES });
    const id = await startedRun(h);

    // Act
    await h.drain();

    // Assess
    const statusCalls = h.ats.calls.filter((c) => c.operation === 'GetJobStatus');
    const job = await h.job(id);
    expect(job.expectedRun?.cases).toBe(2);
    expect(statusCalls.length).toBeGreaterThan(2);
    expect(statusCalls.every((c) => JSON.stringify(c.options) === JSON.stringify(FULL))).toBe(true);
    // The call that saw Done was the last: its answer made the result.
    expect(statusCalls.at(-1)?.at).toBe(job.finishedAt);
    expect(job.result).toMatchObject({
      verdict: 'failed',
      breakdown: { passed: 1, failed: 1, notExecuted: 0 },
    });
    expect(job.result?.testCases.map((t) => t.name)).toEqual(['Pay']);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('keeps the status alone, then everything once, when the newest run had more cases', async () => {
    // Prepare
    const h = createHarness();
    seedEarlierRun(h, ONE_CALL_MAX_CASES + 1);
    h.ats.plan({ queuedMs: MINUTE, runningMs: 15 * MINUTE, testCases: TWO_CASES });
    const id = await startedRun(h);

    // Act
    await h.drain();

    // Assess
    const statusCalls = h.ats.calls.filter((c) => c.operation === 'GetJobStatus');
    expect(
      statusCalls.slice(0, -1).every((c) => c.options === undefined || !c.options.details),
    ).toBe(true);
    expect(statusCalls.at(-1)?.options).toEqual(FULL);
    expect((await h.job(id)).result?.verdict).toBe('failed');
  });

  it('falls back to the status alone when ATS says the cases are too many to read', async () => {
    // Prepare: the suite grew since its newest run; the all-at-once check is refused once.
    const h = createHarness();
    seedEarlierRun(h, 2);
    h.ats.plan({ queuedMs: 0, runningMs: 30_000, testCases: TWO_CASES });
    const id = await startedRun(h);
    h.ats.failNext(
      'GetJobStatus',
      new AtsError('ATS_TOO_LARGE', 'ATS sent more than the bot reads.', false, false),
    );

    // Act
    const report = await h.drain();

    // Assess: that check asked again for the status alone, then everything once it was done.
    expect(report.errors).toEqual([]);
    const options = h.ats.calls
      .filter((c) => c.operation === 'GetJobStatus')
      .map((c) => JSON.stringify(c.options ?? {}));
    expect(options.slice(0, 2)).toEqual([JSON.stringify(FULL), '{}']);
    const job = await h.job(id);
    expect(job.phase).toBe('done');
    expect(job.result?.breakdown).toEqual({ passed: 1, failed: 1, notExecuted: 0 });
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });
});
