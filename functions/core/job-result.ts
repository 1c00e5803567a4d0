import type { AtsJobStatus, AtsTestCase } from './ats';
import type { JobResult, Verdict } from './job';

/**
 * The verdict of a job ATS reports `Done`: passed when ATS says `Passed` (even flagged canceled,
 * which happens (release notes 2.7.1) and which the vendor's plugin reports as success), canceled
 * when flagged so, failed otherwise (including an empty or unknown `ExecutionResult`).
 */
export function verdictOf(status: AtsJobStatus): Verdict {
  if (status.result === 'Passed') return 'passed';
  return status.flags?.canceled ? 'canceled' : 'failed';
}

/**
 * Test cases reported as flaky in a rerun: passed in it after not passing in the chain's original
 * job, whose not-passed cases every rerun runs again. Sorted, without duplicates.
 */
export function findFlaky(current: AtsTestCase[], original: JobResult | undefined): string[] {
  if (!original) return [];
  const notPassedBefore = new Set<string>();
  for (const testCase of original.testCases) {
    if (testCase.result !== 'Passed') notPassedBefore.add(testCase.name);
  }
  const flaky = new Set<string>();
  for (const testCase of current) {
    if (testCase.result === 'Passed' && notPassedBefore.has(testCase.name))
      flaky.add(testCase.name);
  }
  return [...flaky].sort();
}

/**
 * The final result of a job from its `Done` status and, for a rerun, the result of the chain's
 * original job.
 */
export function buildJobResult(status: AtsJobStatus, original?: JobResult): JobResult {
  const testCases = status.testCases ?? [];
  return {
    verdict: verdictOf(status),
    atsResult: status.result,
    breakdown: status.breakdown,
    flags: status.flags ?? { canceled: false, warning: false },
    testCases,
    flaky: findFlaky(testCases, original),
    errorMessage: status.errorMessage,
  };
}
