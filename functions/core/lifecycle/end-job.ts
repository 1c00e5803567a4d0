import type { AtsTestCase } from '../ats';
import { isTerminal, type Job } from '../job';
import { writeJob } from '../job-writes';
import { cancelPoll, ensureNextPoll } from '../polling/next-poll';
import type { JobEnding, JobNotice } from '../ports';
import { describeError } from './card-posting';
import type { LifecycleContext } from './lifecycle-context';
import { outcomeClaim } from './outcome-delivery';
import { settleJob } from './settle-job';
import { slotHoldFor } from './slot-hold';

/** Options of {@link endJob}. */
export interface EndJobOptions {
  /** Posted before the outcome, best effort. */
  notice?: JobNotice;
  /**
   * When another writer changed the job first, write anyway on the newer version if this says
   * the end still applies (e.g. the job is still `starting`). Without it, losing means another
   * delivery handled the same step and owns what follows.
   */
  stillApplies?: (current: Job) => boolean;
  /**
   * Every case ATS reported for a job that finished (the stored result keeps only those that did
   * not pass): handed on to the result file so that it needs no second call to ATS.
   */
  allCases?: readonly AtsTestCase[];
}

/** Most polls deleted once a job is settled (its pending poll and the safety polls after it). */
const MAX_POLLS_DELETED = 8;

/** Bound of retries after lost races when {@link EndJobOptions.stillApplies} is given. */
const END_ATTEMPTS = 5;

/**
 * Moves a job to a terminal phase (`patch.phase`) with one conditional write that also takes the
 * outcome lease, so only this writer posts the outcome, and records how long the job keeps its ATS
 * slot when its ATS job may still run (`slotHeldUntil`); then posts the notice if given and
 * settles the job.
 * @returns false when the job was not ended here (another writer came first).
 * @throws Error when `patch.phase` is not terminal; what {@link settleJob} throws.
 */
export async function endJob(
  ctx: LifecycleContext,
  job: Job,
  patch: Partial<Job>,
  options: EndJobOptions = {},
): Promise<boolean> {
  if (!patch.phase || !isTerminal(patch.phase)) {
    throw new Error(`endJob needs a terminal phase, got ${String(patch.phase)}`);
  }
  const now = ctx.clock.now();
  let current: Job | undefined = job;
  let ended: Job | undefined;
  for (let attempt = 0; attempt < END_ATTEMPTS && current && !ended; attempt++) {
    if (attempt > 0 && !(options.stillApplies?.(current) ?? false)) return false;
    const slotHeldUntil = slotHoldFor(current, patch, now, ctx.settings.slotHoldMs);
    ended = await writeJob(
      ctx.store,
      current,
      {
        finishedAt: now,
        ...patch,
        ...(slotHeldUntil !== undefined ? { slotHeldUntil } : {}),
        ...outcomeClaim(ctx, current, now),
      },
      now,
    );
    if (!ended) {
      if (!options.stillApplies) return false;
      current = await ctx.store.get(job.requestId);
    }
  }
  if (!ended || !current) return false;
  // The polls it used: those before the terminal write, which books the safety poll (or keeps
  // a pending poll as that).
  ctx.metrics.jobEnded(endingOf(ended), current.pollCount);
  // Written once per job, by the writer of its final state: the "jobs by outcome" query reads it.
  ctx.log.info('Job ended', {
    requestId: ended.requestId,
    atsJobId: ended.atsJobId,
    templateId: ended.templateId,
    kind: ended.kind,
    attempt: ended.attempt,
    phase: ended.phase,
    verdict: ended.result?.verdict ?? ended.phase,
    durationMs: ended.startedAt !== undefined ? now - ended.startedAt : undefined,
    // The store refused the item with its cases: the job was kept with counts only.
    ...(ended.result?.casesNotStored ? { casesNotStored: true } : {}),
  });
  await ensureNextPoll(ctx.scheduler, ended);
  const { notice } = options;
  if (notice) {
    try {
      await ctx.notifier.postNotice(ended, notice);
    } catch (error) {
      ctx.log.warn('Could not post a notice', {
        requestId: ended.requestId,
        kind: notice.kind,
        error: describeError(error),
      });
    }
  }
  const settled = await settleJob(ctx, ended, {
    leaseHeld: true,
    ...(options.allCases ? { allCases: options.allCases } : {}),
  });
  // Everything is told: the safety polls booked since the job's pending poll (that one included)
  // would find nothing. The terminal write and each lease book one each, so there are few.
  if (settled) {
    const last = Math.min(settled.pollCount, current.pollCount + MAX_POLLS_DELETED - 1);
    for (let seq = current.pollCount; seq <= last; seq++) {
      await cancelPoll(ctx, ended.requestId, seq);
    }
  }
  return true;
}

/** How a job in a terminal phase ended: its verdict when `done`, else the phase. */
function endingOf(job: Job): JobEnding {
  if (job.phase === 'failed_to_start' || job.phase === 'timed_out' || job.phase === 'error') {
    return job.phase;
  }
  // A job ends `done` only with the result of ATS's final status (applyPollDecision).
  return job.result?.verdict ?? 'error';
}
