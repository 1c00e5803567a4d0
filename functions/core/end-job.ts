import { isTerminal, type Job } from './job';
import { describe } from './job-card';
import { writeJob } from './job-update';
import type { LifecycleContext } from './lifecycle-context';
import { ensureNextPoll } from './next-poll';
import { outcomeClaim } from './outcome-delivery';
import type { JobNotice } from './ports';
import { settleJob } from './settle-job';

/**
 * Moves a job to a terminal phase (`patch.phase`) with one conditional write that also takes the
 * outcome lease, so only this writer posts the outcome; then posts `notice` if given (before the
 * outcome, best effort) and settles the job.
 * @returns false when another writer changed the job first (it then owns what follows).
 * @throws Error when `patch.phase` is not terminal; what {@link settleJob} throws.
 */
export async function endJob(
  ctx: LifecycleContext,
  job: Job,
  patch: Partial<Job>,
  notice?: JobNotice,
): Promise<boolean> {
  if (!patch.phase || !isTerminal(patch.phase)) {
    throw new Error(`endJob needs a terminal phase, got ${String(patch.phase)}`);
  }
  const now = ctx.clock.now();
  const ended = await writeJob(
    ctx.store,
    job,
    { finishedAt: now, ...patch, ...outcomeClaim(ctx, job, now) },
    now,
  );
  if (!ended) return false;
  await ensureNextPoll(ctx.scheduler, ended);
  if (notice) {
    try {
      await ctx.notifier.postNotice(ended, notice);
    } catch (error) {
      ctx.log.warn('Could not post a notice', {
        requestId: ended.requestId,
        kind: notice.kind,
        error: describe(error),
      });
    }
  }
  await settleJob(ctx, ended, { leaseHeld: true });
  return true;
}
