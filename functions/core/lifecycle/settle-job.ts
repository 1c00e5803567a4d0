import type { AtsTestCase } from '../ats';
import type { Job } from '../job';
import { releaseSlot } from './ats-slots';
import { tellChain } from './chain-story';
import type { LifecycleContext } from './lifecycle-context';
import { deliverOutcome, isOutcomeSettled } from './outcome-delivery';
import { claimRerun } from './rerun-claim';
import { autoRerunDue } from './rerun-rule';
import { attachResultFile, isResultFileSettled } from './result-file';
import { recordRun } from './run-recording';
import { holdsSlotAfterEnd } from './slot-hold';

/**
 * Everything owed to a job in a terminal phase, each step safe to repeat: give its ATS slot to the
 * next job in line (unless its ATS job may still run), claim its automatic
 * rerun (before the outcome, so the outcome already says a rerun is on its way), deliver the
 * outcome exactly once, attach the full result as a file once (with `allCases` when the caller
 * has ATS's whole list at hand), tell the chain's first card how a
 * rerun ended, write its history record, then start the rerun. Called by the writer that ended the job
 * (`leaseHeld`) and by every later message about it, so a retry finishes what a dead worker left.
 * @returns the job as stored when nothing is owed any more (the outcome and the result file told
 * or given up on, the automatic rerun, if one is due, begun); undefined while something is.
 * @throws what {@link deliverOutcome} throws; whatever the store or the rerun start throws.
 */
export async function settleJob(
  ctx: LifecycleContext,
  job: Job,
  options: { leaseHeld?: boolean; allCases?: readonly AtsTestCase[] } = {},
): Promise<Job | undefined> {
  // The job's ATS slot (or place in line) goes to the next job first; repeated, it finds none.
  // A job whose ATS job may still run keeps it: the jobs waiting for one look at it (slot-hold.ts).
  if (job.kind !== 'watch' && !holdsSlotAfterEnd(job, ctx.clock.now())) {
    await releaseSlot(ctx, job.requestId);
  }
  let current = job;
  if (autoRerunDue(current) && !current.rerunRequestId) {
    await claimRerun(
      ctx.store,
      current,
      { userId: current.requester.userId },
      ctx.newRequestId(),
      ctx.clock.now(),
      current.autoRerunsLeft - 1,
    );
    current = (await ctx.store.get(current.requestId)) ?? current;
  }
  current = await deliverOutcome(ctx, current, options.leaseHeld ?? false);
  // Everything below follows the outcome in the thread: wait until it is posted (or given up on).
  // Until then its holder (or the safety poll) comes back here, so the history record is written
  // once, with the card and thread the outcome went to.
  if (!isOutcomeSettled(current, ctx.settings.maxOutcomeAttempts)) return undefined;
  current = await attachResultFile(ctx, current, options.allCases);
  await tellChain(ctx, current);
  await recordRun(ctx, current);
  const settled = isResultFileSettled(current, ctx.settings.maxOutcomeAttempts)
    ? current
    : undefined;
  if (!autoRerunDue(current) || !current.rerunRequestId) return settled;
  let rerun = await ctx.store.get(current.rerunRequestId);
  if (!rerun) {
    // Died between claiming and recording the rerun: finish the claim under the same id.
    const claim = await claimRerun(
      ctx.store,
      current,
      { userId: current.rerunBy ?? current.requester.userId },
      current.rerunRequestId,
      ctx.clock.now(),
      current.autoRerunsLeft - 1,
    );
    rerun = claim.claimed ? claim.rerun : undefined;
  }
  if (rerun?.phase === 'requested') await ctx.begin(rerun.requestId);
  return rerun ? settled : undefined;
}
