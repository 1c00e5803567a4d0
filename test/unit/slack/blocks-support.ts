import type { AtsTestCase } from '../../../functions/core/ats';
import type { Job } from '../../../functions/core/job';
import { smokeTestsRun } from '../../support/job-fixtures';

/** A job as the worker leaves it at each stage, for the Block Kit builders' tests. */
export function jobAt(phase: Job['phase'], overrides: Partial<Job> = {}): Job {
  return {
    ...smokeTestsRun('req-0123456789abcdef0123', Date.UTC(2025, 0, 6, 9, 0, 0)),
    phase,
    ...(phase === 'requested'
      ? {}
      : { atsJobId: 'ats-1', startedAt: Date.UTC(2025, 0, 6, 9, 0, 5) }),
    ...overrides,
  };
}

/** A finished job with these test cases (counts derived from them). */
export function finished(testCases: AtsTestCase[], overrides: Partial<Job> = {}): Job {
  const failed = testCases.filter((t) => t.result === 'Failed').length;
  const notExecuted = testCases.filter((t) => t.result === 'Not_Executed').length;
  return jobAt('done', {
    finishedAt: Date.UTC(2025, 0, 6, 9, 12, 35),
    cardTs: '1700000000.000100',
    result: {
      verdict: failed + notExecuted > 0 ? 'failed' : 'passed',
      atsResult: failed + notExecuted > 0 ? 'Failed' : 'Passed',
      breakdown: { passed: testCases.length - failed - notExecuted, failed, notExecuted },
      flags: { canceled: false, warning: false },
      testCases,
      flaky: [],
      errorMessage: undefined,
      ...caseSecondsOf(testCases),
    },
    ...overrides,
  });
}

/** `n` failing test cases with long names and long ATS error messages. */
export function failingCases(n: number): AtsTestCase[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `TC_${String(i).padStart(5, '0')} Checkout with a very long descriptive name ${'x'.repeat(120)}`,
    result: i % 7 === 0 ? 'Not_Executed' : 'Failed',
    durationSeconds: 60 + i,
    errorMessage:
      i % 7 === 0 ? undefined : `Element not found: //div[@id='cart-${i}'] ${'y'.repeat(600)}`,
  }));
}

/** ATS's own account of the time, as `buildJobResult` stores it: the sum of the cases' durations. */
function caseSecondsOf(testCases: AtsTestCase[]): { caseSeconds?: number } {
  const total = testCases.reduce((sum, t) => sum + (t.durationSeconds ?? 0), 0);
  return total > 0 ? { caseSeconds: total } : {};
}
