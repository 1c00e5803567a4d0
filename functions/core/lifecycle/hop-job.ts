import type { Job } from '../job';
import { sendHop, situationOf } from '../polling/next-poll';
import { decidePoll, type PollDecision, type PollObservation } from '../polling/poll-decision';
import type { HopMessage } from '../ports';
import { applyPollDecision } from './follow-job';
import type { LifecycleContext } from './lifecycle-context';
import { observe } from './observe-job';

/**
 * How late a hop may arrive and still ask ATS: later, a newer hop or the pending poll has taken
 * its place (a duplicate, or a redelivery after the worker that had it failed).
 */
export const HOP_LATE_AFTER_MS = 30_000;

/**
 * Handles a hop: a look at a running job ahead of its pending poll `seq`, which stays scheduled
 * as the backstop. A hop asks ATS only while the job is running, still waits for poll `seq`, and
 * the hop is on time (see {@link HOP_LATE_AFTER_MS}); otherwise it does nothing. When ATS says
 * nothing new, nothing is written and the next hop is sent, if the policy wants one before the
 * poll. When ATS says something new (done, an error, the limit reached), the hop acts as that poll
 * would: one conditional write that also advances `pollCount`, so the rest of its chain, and the
 * poll it went ahead of, find nothing left to do.
 * @throws whatever the store, scheduler or notifier throws while recording what ATS said.
 */
export async function hopJob(ctx: LifecycleContext, hop: HopMessage): Promise<void> {
  const now = ctx.clock.now();
  const job = await ctx.store.get(hop.requestId);
  const skip =
    skipReason(job, hop, now) ??
    (job?.nextPollAt !== undefined && now >= ctx.policy.pollSlotEnd(job.nextPollAt)
      ? 'its poll is overdue'
      : undefined);
  if (skip || !job?.atsJobId) {
    ctx.log.info('Hop dropped', { requestId: hop.requestId, seq: hop.seq, reason: skip });
    return;
  }
  // The hop before this one found the job unfinished: that bounds when ATS finished it.
  const seen: Job = { ...job, lastPolledAt: Math.max(hop.seenAt, job.lastPolledAt ?? 0) };
  const observation = await observe(ctx, job.atsJobId, job);
  const checkedAt = ctx.clock.now();
  const decision = decidePoll(seen, observation, checkedAt, ctx.settings);
  if (!isNothingNew(seen, observation, decision)) {
    await applyPollDecision(ctx, seen, decision);
    return;
  }
  const next = ctx.policy.nextHopAt(situationOf(ctx, job, checkedAt), job.nextPollAt ?? checkedAt);
  if (next !== undefined) await sendHop(ctx, job, next, checkedAt);
}

/** Why a hop must not ask ATS, or undefined when it may. */
function skipReason(job: Job | undefined, hop: HopMessage, now: number): string | undefined {
  if (!job) return 'unknown job';
  if (job.pollCount !== hop.seq) return 'its poll has been done';
  if (job.phase !== 'running') return `the job is ${job.phase}`;
  if (now > hop.at + HOP_LATE_AFTER_MS) return 'late';
  return undefined;
}

/**
 * True when a hop's answer changes nothing worth a write: ATS answered, the job goes on, and the
 * card would show the same.
 */
function isNothingNew(job: Job, observation: PollObservation, decision: PollDecision): boolean {
  return (
    observation.ok &&
    decision.kind === 'continue' &&
    !decision.cardChanged &&
    job.consecutiveFailures === 0
  );
}
