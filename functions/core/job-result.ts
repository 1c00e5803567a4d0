import type { AtsJobStatus, AtsTestCase } from './ats';
import type { JobResult, Verdict } from './job';

/**
 * The verdict of a job ATS reports `Done`: canceled when flagged so, passed when ATS says
 * `Passed`, failed otherwise (including an empty or unknown `ExecutionResult`).
 */
export function verdictOf(status: AtsJobStatus): Verdict {
  if (status.flags?.canceled) return 'canceled';
  return status.result === 'Passed' ? 'passed' : 'failed';
}

/**
 * Test cases reported as flaky: passed in this attempt after not passing in an earlier attempt
 * of the same rerun chain. Sorted, without duplicates.
 */
export function findFlaky(current: AtsTestCase[], earlierAttempts: JobResult[]): string[] {
  const notPassedBefore = new Set<string>();
  for (const result of earlierAttempts) {
    for (const testCase of result.testCases) {
      if (testCase.result !== 'Passed') notPassedBefore.add(testCase.name);
    }
  }
  const flaky = new Set<string>();
  for (const testCase of current) {
    if (testCase.result === 'Passed' && notPassedBefore.has(testCase.name))
      flaky.add(testCase.name);
  }
  return [...flaky].sort();
}

/** The final result of a job from its `Done` status and the results of earlier attempts. */
export function buildJobResult(status: AtsJobStatus, earlierAttempts: JobResult[] = []): JobResult {
  const testCases = status.testCases ?? [];
  return {
    verdict: verdictOf(status),
    atsResult: status.result,
    breakdown: status.breakdown,
    flags: status.flags ?? { canceled: false, warning: false },
    testCases,
    flaky: findFlaky(testCases, earlierAttempts),
    errorMessage: status.errorMessage,
  };
}
