import type { ExpectedRun, Job } from '../job';

/** How many earlier runs of a template the expected running time is learned from. */
export const HISTORY_SIZE = 10;

const SECOND = 1_000;
/** A normal distribution's interquartile range is this many standard deviations. */
const IQR_PER_SPREAD = 1.349;
/** No spread learned is smaller: the polls' own brackets blur every sample by seconds. */
const MIN_SPREAD_MS = 10 * SECOND;

/**
 * How long a finished job ran (ms, queue excluded), estimated from what the polls saw: it began
 * running between the last `Queued` and the first `Running` answer, and finished between the
 * last unfinished answer and `finishedAt`; the middles of both brackets are taken. Undefined when
 * the job never started, or is a watch that never saw it queued.
 */
export function estimateRunDuration(job: Job, finishedAt: number): number | undefined {
  if (job.startedAt === undefined) return undefined;
  // A watch that found the job already running cannot tell when it began.
  if (job.kind === 'watch' && job.queuedSeenAt === undefined) return undefined;
  const queuedSeenAt = job.queuedSeenAt ?? job.startedAt;
  const runningSeenAt = job.runningSeenAt ?? finishedAt;
  if (runningSeenAt >= finishedAt) {
    // Seen Done straight from Queued: it ran somewhere inside the last gap.
    return Math.max(0, (finishedAt - queuedSeenAt) / 2);
  }
  const lastPolledAt = Math.max(job.lastPolledAt ?? runningSeenAt, runningSeenAt);
  const began = (queuedSeenAt + runningSeenAt) / 2;
  const ended = (lastPolledAt + finishedAt) / 2;
  return Math.max(0, Math.round(ended - began));
}

/**
 * When ATS finished a job the bot saw `done` (epoch ms), estimated as the middle of the bracket
 * the polls leave: after the last answer that found it unfinished (or when it was queued, if the
 * first answer was already `Done`) and before `finishedAt`, when the bot learned it. Undefined for
 * a job that has not finished or never started.
 */
export function estimateAtsFinish(job: Job): number | undefined {
  if (job.finishedAt === undefined) return undefined;
  const lastUnfinished = job.lastPolledAt ?? job.queuedSeenAt ?? job.startedAt;
  if (lastUnfinished === undefined) return undefined;
  return (Math.min(lastUnfinished, job.finishedAt) + job.finishedAt) / 2;
}

/**
 * Learns the running time to expect from earlier finished runs of the same template (newest
 * first, as `JobStore.recentFinishedRuns` returns them): the middle half of their running times,
 * widened by a margin that is larger while there are few samples (for polls at the Scheduler's
 * minute), their median and spread (for hops), and how many cases the newest run reported.
 * Canceled runs say nothing about how long a run takes and are left out. Undefined without
 * usable history.
 */
export function learnExpectedRun(finished: Job[]): ExpectedRun | undefined {
  const samples = finished
    .filter((j) => j.result?.verdict !== 'canceled')
    .map((j) => j.runDurationMs)
    .filter((d): d is number => typeof d === 'number' && Number.isFinite(d) && d >= 0)
    .slice(0, HISTORY_SIZE)
    .sort((a, b) => a - b);
  if (samples.length === 0) return undefined;
  const median = quantile(samples, 0.5);
  const margin = Math.max(30 * SECOND, median * (samples.length < 4 ? 0.15 : 0.05));
  const iqr = quantile(samples, 0.75) - quantile(samples, 0.25);
  // The spread of a normal distribution with that interquartile range, at least 10 % of the median
  // while samples are few; widened for the error of the median itself (what predicting one more
  // run from n samples adds).
  const spread =
    Math.max(iqr / IQR_PER_SPREAD, samples.length < 4 ? median * 0.1 : 0, MIN_SPREAD_MS) *
    Math.sqrt(1 + 1 / samples.length);
  const breakdown = finished.find((j) => j.result?.breakdown)?.result?.breakdown;
  return {
    ...(breakdown ? { cases: breakdown.passed + breakdown.failed + breakdown.notExecuted } : {}),
    lowMs: Math.max(0, Math.round(quantile(samples, 0.25) - margin)),
    highMs: Math.round(quantile(samples, 0.75) + margin),
    medianMs: Math.round(median),
    spreadMs: Math.round(spread),
    samples: samples.length,
  };
}

/** Linear-interpolated quantile of an ascending, non-empty list. */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}
