import { ATS_JOBS_PER_APP } from '../../core/ats';
import type { ConfirmStep, JobResult, RerunScope } from '../../core/job';
import { escapeMrkdwn, formatCount } from './mrkdwn';

/**
 * Short notes about what ATS said or did with a job, shown on its card or with its result. Text
 * from ATS is escaped; every note fits a context element (the callers truncate).
 */

/** ATS's message from accepting the job (`Started=true` with an `ErrorMessage`). */
export function startWarningNote(warning: string): string {
  return `:warning: ATS started the job with a message: ${escapeMrkdwn(warning.replace(/\s+/g, ' '))}`;
}

/** What a rerun runs again: the cases the chain's original job did not pass. */
export function rerunScopeNote(scope: RerunScope): string {
  const names = scope.names.map((name) => escapeMrkdwn(name.replace(/\s+/g, ' ')));
  const more = scope.count - names.length;
  const list =
    names.length > 0
      ? `: ${names.join(', ')}${more > 0 ? `, and ${formatCount(more)} more` : ''}`
      : '';
  const cases = scope.count === 1 ? 'test case' : `${formatCount(scope.count)} test cases`;
  return `:repeat: Runs again the ${cases} the first run did not pass${list}.`;
}

const CONFIRM_NOTES: Record<ConfirmStep, string> = {
  confirming:
    ':repeat: Passed: one more rerun confirms it (rule *confirm*, as the vendor plugin reruns).',
  confirmed:
    ':white_check_mark: Confirmed: the reruns passed twice in a row, so the chain passed (rule *confirm*).',
  unconfirmed:
    ':grey_question: Passed, but no rerun was left to confirm it (rule *confirm* wants two).',
  failed: ':x: This rerun did not pass, so the chain ends failed (rule *confirm*).',
};

/** Where a rerun leaves a `confirm` chain. */
export function confirmNote(step: ConfirmStep): string {
  return CONFIRM_NOTES[step];
}

/** The cases were too many to read: the counts are ATS's, the list is in ATS. */
export const CASES_OMITTED_NOTE =
  ":information_source: ATS listed more test cases than the bot reads, so the counts are ATS's and the cases that did not pass are listed in ATS only.";

/** The store refused the result with its cases: the counts are kept, the list is in ATS. */
export const CASES_NOT_STORED_NOTE =
  ":information_source: This result was too large to keep in full, so the counts are ATS's and the cases that did not pass are listed in ATS only.";

/** The canceled flag: a canceled job, or one ATS flagged canceled although it passed. */
export function canceledNote(result: JobResult): string | undefined {
  if (!result.flags.canceled) return undefined;
  if (result.verdict === 'passed') {
    return ':information_source: ATS also flagged this job as canceled; it reported the job passed, so it counts as passed (as the vendor plugin counts it).';
  }
  const ran = result.breakdown ? result.breakdown.passed + result.breakdown.failed : 1;
  return ran === 0
    ? `:no_entry_sign: The job was canceled in ATS before any test case ran. ATS cancels jobs beyond ${ATS_JOBS_PER_APP} queued or running per app, and the bot never has more than that running: jobs of this app started elsewhere (a pipeline, ATS itself) were probably using the slots.`
    : ':no_entry_sign: The job was canceled in ATS.';
}
