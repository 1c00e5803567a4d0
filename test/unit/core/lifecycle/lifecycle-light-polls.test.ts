import { describe, expect, it } from 'vitest';
import { createHarness, startedRun } from './lifecycle-harness';

const MINUTE = 60_000;
const FULL = { flags: true, breakdown: true, details: true };

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
