import type { AtsBreakdown, AtsJobStatus, AtsTestCase } from './ats';
import { slowestCasesOf } from './history/case-durations';
import type { JobResult, Verdict } from './job';
import { cutText, utf8Length } from './text-size';

/**
 * Cases kept in a stored result (those that did not pass, then flaky names): what an outcome can
 * show, and small enough that a job item stays far below DynamoDB's 400 KB whatever the suite.
 */
export const MAX_KEPT_CASES = 200;

/**
 * UTF-8 bytes the kept cases that did not pass may take (names, results, messages, and
 * {@link CASE_OVERHEAD_BYTES} each), and the kept flaky names: whatever ATS sends, the stored
 * result stays under about 60 KB. ASCII cases with full-length messages fill it at about 75,
 * more than an outcome message shows.
 */
export const KEPT_CASES_BYTES = 48 * 1024;
export const KEPT_FLAKY_BYTES = 12 * 1024;
/** What DynamoDB adds per kept case: its attribute names and the duration. */
const CASE_OVERHEAD_BYTES = 64;

/** Longest test case name kept. */
const MAX_NAME = 200;
/** Longest ATS error message kept per test case. */
const MAX_ERROR = 400;
/** Longest job-level ATS `ErrorMessage` kept (a Slack context block shows 2,000 characters). */
const MAX_JOB_ERROR = 2_000;
/** Longest `ExecutionResult` kept (ATS sends `Passed` or `Failed`). */
const MAX_ATS_RESULT = 100;

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
 * the chain's original did not pass, so its own cases are the ones to compare, except those the
 * original never executed (`notExecutedBefore`, as far as its stored result lists them): ATS
 * stopped before them, and passing now is running for the first time, not flaking. Sorted.
 */
export function findFlaky(
  rerunCases: readonly AtsTestCase[],
  notExecutedBefore: ReadonlySet<string> = new Set(),
): string[] {
  return rerunCases
    .filter((t) => t.result === 'Passed' && !notExecutedBefore.has(t.name))
    .map((t) => t.name)
    .sort();
}

/** The cases an original job's stored result lists as not executed. */
export function notExecutedIn(original: JobResult | undefined): Set<string> {
  return new Set(
    (original?.testCases ?? []).filter((t) => t.result === 'Not_Executed').map((t) => t.name),
  );
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

/** A case as kept: name, result and ATS's message cut to what an outcome shows. */
function keptCase(t: AtsTestCase): AtsTestCase {
  return {
    ...t,
    name: cutText(t.name, MAX_NAME),
    result: cutText(t.result, MAX_ATS_RESULT),
    errorMessage: t.errorMessage === undefined ? undefined : cutText(t.errorMessage, MAX_ERROR),
  };
}

/**
 * The first items, as long as there are at most {@link MAX_KEPT_CASES} and their sizes add up to
 * at most `budget` bytes. Reads only as many items as it keeps (a suite may have 20,000).
 */
function keptWithin<T>(items: readonly T[], budget: number, sizeOf: (item: T) => number): T[] {
  const kept: T[] = [];
  let used = 0;
  for (const item of items) {
    if (kept.length === MAX_KEPT_CASES) break;
    used += sizeOf(item);
    if (used > budget) break;
    kept.push(item);
  }
  return kept;
}

function caseBytes(t: AtsTestCase): number {
  return (
    utf8Length(t.name) +
    utf8Length(t.result) +
    utf8Length(t.errorMessage ?? '') +
    CASE_OVERHEAD_BYTES
  );
}

/** The cases that did not pass, in ATS's order, as many as are kept. */
function keptNotPassed(cases: readonly AtsTestCase[]): AtsTestCase[] {
  const kept: AtsTestCase[] = [];
  let used = 0;
  // Bounded: stops once the count or the bytes are used up.
  for (const t of cases) {
    if (t.result === 'Passed') continue;
    if (kept.length === MAX_KEPT_CASES) break;
    const small = keptCase(t);
    used += caseBytes(small);
    if (used > KEPT_CASES_BYTES) break;
    kept.push(small);
  }
  return kept;
}

/**
 * The final result of a job from its `Done` status, as it is stored: the counts (ATS's, or
 * counted from every case before any is left out), the first cases that did not pass and, for a
 * rerun, the first flaky ones (at most {@link MAX_KEPT_CASES} of each and
 * {@link KEPT_CASES_BYTES} / {@link KEPT_FLAKY_BYTES}; `flakyCount` when there are more), names
 * and messages cut to what an outcome shows, and the slowest cases of all (for history). The full
 * per-case list is in `status` only: whoever needs all of it (a file with every case) takes it
 * from the ATS answer, never from the job.
 */
export function buildJobResult(
  status: AtsJobStatus,
  attempt: { rerun: boolean; original?: JobResult },
): JobResult {
  const cases = status.testCases ?? [];
  const flaky = attempt.rerun ? findFlaky(cases, notExecutedIn(attempt.original)) : [];
  const seconds = caseSeconds(cases);
  const slowest = slowestCasesOf(cases);
  const keptFlaky = keptWithin(
    flaky.map((name) => cutText(name, MAX_NAME)),
    KEPT_FLAKY_BYTES,
    (name) => utf8Length(name) + 4,
  );
  const errorMessage =
    status.errorMessage === undefined ? undefined : cutText(status.errorMessage, MAX_JOB_ERROR);
  return {
    verdict: verdictOf(status),
    atsResult: status.result === undefined ? undefined : cutText(status.result, MAX_ATS_RESULT),
    breakdown: status.breakdown ?? (status.testCases ? countCases(cases) : undefined),
    flags: status.flags ?? { canceled: false, warning: false },
    testCases: keptNotPassed(cases),
    flaky: keptFlaky,
    ...(flaky.length > keptFlaky.length ? { flakyCount: flaky.length } : {}),
    ...(seconds !== undefined ? { caseSeconds: seconds } : {}),
    ...(slowest ? { slowest } : {}),
    errorMessage,
    ...(status.testCasesOmitted ? { testCasesOmitted: true } : {}),
  };
}

/**
 * Passed / failed / not executed counts of a result: ATS's breakdown when it sent one, otherwise
 * counted from the test cases kept.
 */
export function breakdownOf(result: JobResult): AtsBreakdown {
  return result.breakdown ?? countCases(result.testCases);
}

/**
 * How long the tests ran by ATS's own account: the sum of the case durations. Undefined when ATS
 * gave none (or only zeros), so that nothing shows rather than a made-up "0s".
 */
function caseSeconds(cases: readonly AtsTestCase[]): number | undefined {
  let total = 0;
  for (const testCase of cases) total += testCase.durationSeconds ?? 0;
  return total > 0 ? total : undefined;
}
