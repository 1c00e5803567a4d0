import type { AtsBreakdown } from '../../core/ats';
import type { ActivePhase, ChainStory, Job } from '../../core/job';
import { breakdownOf } from '../../core/job-result';
import { countOf, escapeMrkdwn, formatCount } from './mrkdwn';

/** How a job ended, as shown to people; undefined while it runs. */
export type Outcome =
  | 'passed'
  | 'failed'
  | 'canceled'
  | 'did_not_start'
  | 'start_unknown'
  | 'timed_out'
  | 'error';

/**
 * The outcome of a terminal job, undefined before. A job that ended in error after its order was
 * sent but before ATS named it is `start_unknown`: whether ATS started it is not known.
 */
export function outcomeOf(job: Job): Outcome | undefined {
  switch (job.phase) {
    case 'done':
      return job.result?.verdict ?? 'failed';
    case 'failed_to_start':
      return 'did_not_start';
    case 'timed_out':
      return 'timed_out';
    case 'error':
      return job.orderSentAt !== undefined && job.atsJobId === undefined
        ? 'start_unknown'
        : 'error';
    default:
      return undefined;
  }
}

const OUTCOME_LABEL: Record<Outcome, string> = {
  passed: ':white_check_mark: Passed',
  failed: ':x: Failed',
  canceled: ':no_entry_sign: Canceled',
  did_not_start: ':no_entry: Did not start',
  start_unknown: ':grey_question: Start not confirmed',
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

/** Emoji and words for each phase of a job under way, as its card shows it. */
const PHASE_LABEL: Record<ActivePhase, string> = {
  requested: ':inbox_tray: Requested',
  waiting: ':hourglass: Waiting for a free ATS slot',
  starting: ':rocket: Starting',
  queued: ':hourglass_flowing_sand: Queued in ATS',
  running: ':arrows_counterclockwise: Running',
};

/** Emoji and words for the phase of a job under way, without what its card adds to it. */
export function phaseLabel(phase: ActivePhase): string {
  return PHASE_LABEL[phase];
}

/** ATS statuses the bot understands; anything else is shown raw next to the phase. */
const KNOWN_ATS_STATUSES = new Set(['Queued', 'Running', 'Done']);

/**
 * Emoji and words for where a job is now: its final verdict once terminal, and for the first job
 * of a rerun chain the chain's (see {@link chainLabel}).
 */
export function statusLabel(job: Job): string {
  const outcome = outcomeOf(job);
  if (outcome) return job.chainStory ? chainLabel(outcome, job.chainStory) : outcomeLabel(outcome);
  const raw =
    job.lastAtsStatus && !KNOWN_ATS_STATUSES.has(job.lastAtsStatus)
      ? ` (ATS: ${escapeMrkdwn(job.lastAtsStatus.slice(0, 40))})`
      : '';
  switch (job.phase) {
    case 'waiting':
      return `${PHASE_LABEL.waiting}: ${job.slotWait?.running ?? 'all'} running`;
    case 'requested':
    case 'starting':
      return PHASE_LABEL[job.phase];
    case 'queued':
      return `${PHASE_LABEL.queued}${raw}`;
    default:
      return `${PHASE_LABEL.running}${raw}`;
  }
}

/** How a rerun that ended other than by a verdict is told after the first run's verdict. */
const RERUN_ENDED: Record<'failed_to_start' | 'timed_out' | 'error', string> = {
  failed_to_start: ':no_entry: did not start',
  timed_out: ':alarm_clock: stopped following (time limit)',
  error: ':warning: ended in an error',
};

/**
 * The final story of a rerun chain, as its first card tells it: how the latest rerun ended and how
 * the chain got there ("Passed on rerun 1 · 2 flaky", "Failed after 2 reruns"), or that a rerun is
 * running after the first run's verdict.
 */
function chainLabel(first: Outcome, chain: ChainStory): string {
  const flaky = chain.flaky > 0 ? ` · ${formatCount(chain.flaky)} flaky` : '';
  switch (chain.phase) {
    case 'done':
      if (chain.verdict === 'passed' && chain.step === 'unconfirmed') {
        return `:grey_question: Passed on rerun ${chain.attempt}, not confirmed${flaky}`;
      }
      if (chain.verdict === 'passed') {
        const confirmed = chain.step === 'confirmed' ? ' (confirmed)' : '';
        return `:white_check_mark: Passed on rerun ${chain.attempt}${confirmed}${flaky}`;
      }
      if (chain.verdict === 'canceled') {
        return `:no_entry_sign: Canceled on rerun ${chain.attempt}${flaky}`;
      }
      return `:x: Failed after ${countOf(chain.attempt, 'rerun')}${flaky}`;
    case 'failed_to_start':
    case 'timed_out':
    case 'error':
      return `${outcomeLabel(first)} · Rerun ${chain.attempt} ${RERUN_ENDED[chain.phase]}`;
    default:
      return `${outcomeLabel(first)} · :repeat: Rerun ${chain.attempt} running`;
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
  return job.result ? breakdownOf(job.result) : undefined;
}

/** "4 passed · 2 failed · 1 not executed". */
export function countsLine(counts: AtsBreakdown): string {
  return `${formatCount(counts.passed)} passed · ${formatCount(counts.failed)} failed · ${formatCount(counts.notExecuted)} not executed`;
}

/**
 * How long a finished job took, in seconds; undefined when not known (never a made-up 0). For a
 * job the bot started: from ATS accepting it to the bot learning its end. For a watched job, whose
 * start the bot never saw: ATS's own account, the sum of its case durations.
 */
export function durationSecondsOf(job: Job): number | undefined {
  if (job.kind === 'watch') return job.result?.caseSeconds;
  if (job.startedAt === undefined || job.finishedAt === undefined) return undefined;
  const seconds = (job.finishedAt - job.startedAt) / 1000;
  return seconds >= 1 ? seconds : job.result?.caseSeconds;
}

/** The id people should quote: ATS's once known, ours before. */
export function jobRefOf(job: Job): string {
  return job.atsJobId ?? job.requestId;
}
