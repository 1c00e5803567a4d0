import type { AtsBreakdown, AtsJobStatus, AtsTestCase } from './ats';
import type { JobResult, Verdict } from './job';

/**
 * Cases kept in a stored result (those that did not pass, then flaky names): what an outcome can
 * show, and small enough that a job item stays far below DynamoDB's 400 KB whatever the suite.
 */
export const MAX_KEPT_CASES = 200;

/** Longest test case name kept. */
const MAX_NAME = 200;
/** Longest ATS error message kept per test case. */
const MAX_ERROR = 400;

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
 * Test cases reported as flaky in a rerun: those it passed. A rerun runs again exactly the cases
 * the chain's original did not pass, so its own cases are the ones to compare. Sorted.
 */
export function findFlaky(rerunCases: readonly AtsTestCase[]): string[] {
  return rerunCases
    .filter((t) => t.result === 'Passed')
    .map((t) => t.name)
    .sort();
}

/** Passed, failed and not executed counted from the cases (when ATS sent no breakdown). */
function countCases(cases: readonly AtsTestCase[]): AtsBreakdown {
  const counts: AtsBreakdown = { passed: 0, failed: 0, notExecuted: 0 };
  for (const t of cases) {
    if (t.result === 'Passed') counts.passed += 1;
    else if (t.result === 'Not_Executed') counts.notExecuted += 1;
    else counts.failed += 1;
  }
  return counts;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A case as kept: name and ATS's message cut to what an outcome shows. */
function keptCase(t: AtsTestCase): AtsTestCase {
  return {
    ...t,
    name: cut(t.name, MAX_NAME),
    errorMessage: t.errorMessage === undefined ? undefined : cut(t.errorMessage, MAX_ERROR),
  };
}

/**
 * The final result of a job from its `Done` status, as it is stored: the counts (ATS's, or
 * counted), the cases that did not pass and, for a rerun, the flaky ones (at most
 * {@link MAX_KEPT_CASES} of each; `flakyCount` when there are more).
 */
export function buildJobResult(status: AtsJobStatus, attempt: { rerun: boolean }): JobResult {
  const cases = status.testCases ?? [];
  const flaky = attempt.rerun ? findFlaky(cases) : [];
  return {
    verdict: verdictOf(status),
    atsResult: status.result,
    breakdown: status.breakdown ?? (status.testCases ? countCases(cases) : undefined),
    flags: status.flags ?? { canceled: false, warning: false },
    testCases: cases
      .filter((t) => t.result !== 'Passed')
      .slice(0, MAX_KEPT_CASES)
      .map(keptCase),
    flaky: flaky.slice(0, MAX_KEPT_CASES).map((name) => cut(name, MAX_NAME)),
    ...(flaky.length > MAX_KEPT_CASES ? { flakyCount: flaky.length } : {}),
    errorMessage: status.errorMessage,
    ...(status.testCasesOmitted ? { testCasesOmitted: true } : {}),
  };
}
