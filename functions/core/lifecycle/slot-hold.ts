import { AtsError } from '../errors';
import { isTerminal, type Job } from '../job';
import type { LifecycleContext } from './lifecycle-context';

/*
 * A run or rerun the bot stopped following may still be queued or running in ATS, where it counts
 * towards ATS's cap of jobs per app: a start whose RunJob / RerunNotPassed answer was lost ("may
 * have started", no ATS job id to ask about), a job timed out at the poll limit, or one ended on
 * errors. Giving its slot back at once would let the bot send a sixth job that ATS cancels. So
 * such a job keeps its slot after it ends, until ATS reports it done, and at the latest until
 * `slotHeldUntil` (the `slotHoldMs` setting after it ended: ATS cannot be asked about a job
 * whose id never arrived, and may never answer about one it lost).
 *
 * Nothing is booked for it: the jobs needing a slot look. When the slots look full, the first
 * job in line asks ATS about each such holder that has an ATS job id, so ATS is asked about a
 * holder about once per recheck of the line (5 minutes), and only while someone waits.
 */

/**
 * The latest time the slot of a job that ends with `patch` stays held, or undefined when its
 * slot is free as it ends: ATS reported it done, refused it, or never got its order.
 */
export function slotHoldFor(
  job: Job,
  patch: Partial<Job>,
  now: number,
  slotHoldMs: number,
): number | undefined {
  const ended = { ...job, ...patch };
  if (ended.kind === 'watch') return undefined;
  if (ended.phase !== 'timed_out' && ended.phase !== 'error') return undefined;
  if (ended.atsJobId === undefined && ended.orderSentAt === undefined) return undefined;
  return now + slotHoldMs;
}

/** True for a job that ended and keeps its ATS slot at `now` (see {@link slotHoldFor}). */
export function holdsSlotAfterEnd(job: Job, now: number): boolean {
  return isTerminal(job.phase) && job.slotHeldUntil !== undefined && now < job.slotHeldUntil;
}

/**
 * Whether a holder of a slot still holds it: a job that has not ended does; one that ended holds
 * it within its hold only (see {@link slotHoldFor}). Within the hold, a job with an ATS job id
 * holds it until ATS reports it done, asked only when `mayAsk` (the first in line); a status ATS
 * cannot give keeps the slot. One without an id holds it for the whole hold. Every slot given
 * back this way is logged.
 * @throws whatever the gateway throws that is not an {@link AtsError}.
 */
export async function stillHoldsSlot(
  ctx: LifecycleContext,
  job: Job,
  mayAsk: boolean,
): Promise<boolean> {
  if (!isTerminal(job.phase)) return true;
  if (job.slotHeldUntil === undefined) return false;
  const facts = { requestId: job.requestId, atsJobId: job.atsJobId, phase: job.phase };
  if (ctx.clock.now() >= job.slotHeldUntil) {
    ctx.log.warn('ATS slot given back: the hold of a job the bot stopped following ended', facts);
    return false;
  }
  if (!mayAsk || job.atsJobId === undefined) return true;
  try {
    const status = await ctx.ats.getJobStatus(job.atsJobId, {});
    if (status.status !== 'Done') return true;
  } catch (error) {
    if (!(error instanceof AtsError)) throw error;
    return true;
  }
  ctx.log.info('ATS slot given back: ATS finished a job the bot had stopped following', facts);
  return false;
}
