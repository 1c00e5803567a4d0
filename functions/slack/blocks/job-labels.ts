import type { AtsBreakdown } from '../../core/ats';
import type { Job } from '../../core/job';
import { escapeMrkdwn } from './mrkdwn';

/** How a job ended, as shown to people; undefined while it runs. */
export type Outcome = 'passed' | 'failed' | 'canceled' | 'did_not_start' | 'timed_out' | 'error';

/** The outcome of a terminal job, undefined before. */
export function outcomeOf(job: Job): Outcome | undefined {
  switch (job.phase) {
    case 'done':
      return job.result?.verdict ?? 'failed';
    case 'failed_to_start':
      return 'did_not_start';
    case 'timed_out':
      return 'timed_out';
    case 'error':
      return 'error';
    default:
      return undefined;
  }
}

const OUTCOME_LABEL: Record<Outcome, string> = {
  passed: ':white_check_mark: Passed',
  failed: ':x: Failed',
  canceled: ':no_entry_sign: Canceled',
  did_not_start: ':no_entry: Did not start',
  timed_out: ':alarm_clock: Stopped following (time limit)',
  error: ':warning: Error',
};

/** Emoji and words for an outcome. */
export function outcomeLabel(outcome: Outcome): string {
  return OUTCOME_LABEL[outcome];
}

/** Plain words for an outcome (no emoji), for notification text and headers. */
export function outcomeWords(outcome: Outcome): string {
  return OUTCOME_LABEL[outcome].replace(/^:[a-z_]+: /, '');
}

/** ATS statuses the bot understands; anything else is shown raw next to the phase. */
const KNOWN_ATS_STATUSES = new Set(['Queued', 'Running', 'Done']);

/** Emoji and words for where a job is now (final verdict once terminal). */
export function statusLabel(job: Job): string {
  const outcome = outcomeOf(job);
  if (outcome) return outcomeLabel(outcome);
  const raw =
    job.lastAtsStatus && !KNOWN_ATS_STATUSES.has(job.lastAtsStatus)
      ? ` (ATS: ${escapeMrkdwn(job.lastAtsStatus.slice(0, 40))})`
      : '';
  switch (job.phase) {
    case 'waiting':
      return `:hourglass: Waiting for a free ATS slot: ${job.slotWait?.running ?? 'all'} running`;
    case 'requested':
      return ':inbox_tray: Requested';
    case 'starting':
      return ':rocket: Starting';
    case 'queued':
      return `:hourglass_flowing_sand: Queued in ATS${raw}`;
    default:
      return `:arrows_counterclockwise: Running${raw}`;
  }
}

/** "Smoke tests", "Smoke tests · Rerun 2": what a job is called on cards and results. */
export function jobTitle(job: Job): string {
  const name = job.templateName.replace(/[\r\n]+/g, ' ');
  return job.attempt > 0 ? `${name} · Rerun ${job.attempt}` : name;
}

/**
 * Passed / failed / not executed counts: ATS's breakdown when it sent one, otherwise counted from
 * the test cases. Undefined before a result exists.
 */
export function countsOf(job: Job): AtsBreakdown | undefined {
  const result = job.result;
  if (!result) return undefined;
  if (result.breakdown) return result.breakdown;
  const counts: AtsBreakdown = { passed: 0, failed: 0, notExecuted: 0 };
  for (const testCase of result.testCases) {
    if (testCase.result === 'Passed') counts.passed += 1;
    else if (testCase.result === 'Not_Executed') counts.notExecuted += 1;
    else counts.failed += 1;
  }
  return counts;
}

/** Seconds from ATS accepting the job to the bot learning its end; undefined if unknown. */
export function durationSecondsOf(job: Job): number | undefined {
  if (job.startedAt === undefined || job.finishedAt === undefined) return undefined;
  return Math.max(0, (job.finishedAt - job.startedAt) / 1000);
}

/** The id people should quote: ATS's once known, ours before. */
export function jobRefOf(job: Job): string {
  return job.atsJobId ?? job.requestId;
}
