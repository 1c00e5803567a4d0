import { isTerminal } from '../job';
import { ensureNextPoll } from '../polling/next-poll';
import { decidePoll } from '../polling/poll-decision';
import { reportAtsTrouble } from './ats-trouble-report';
import { applyPollDecision } from './follow-job';
import type { LifecycleContext } from './lifecycle-context';
import { observe } from './observe-job';
import { settleJob } from './settle-job';
import { resolveStarting } from './start-job';

/**
 * Handles poll number `seq` of a job. Only the expected poll (`seq === pollCount`) asks ATS;
 * the one before it (a Lambda retry of the poll that wrote the current state) re-ensures the
 * pending poll, in case its worker died before scheduling; older ones do nothing. Any poll of a
 * terminal job settles it (outcome, automatic rerun) and changes nothing when all is done; the
 * watchdog poll of a job still `requested` begins it.
 * @throws whatever the store, scheduler or notifier throws (the message is then retried).
 */
export async function pollJob(
  ctx: LifecycleContext,
  requestId: string,
  seq: number,
): Promise<void> {
  const job = await ctx.store.get(requestId);
  if (!job) {
    ctx.log.warn('Poll of an unknown job dropped', { requestId, seq });
    return;
  }
  if (isTerminal(job.phase)) {
    await settleJob(ctx, job);
    return;
  }
  if (seq !== job.pollCount) {
    if (seq === job.pollCount - 1) return ensureNextPoll(ctx.scheduler, job);
    ctx.log.info('Stale poll ignored', { requestId, seq, pollCount: job.pollCount });
    return;
  }
  if (job.phase === 'starting') return resolveStarting(ctx, job, 'poll');
  // Only a start that booked its watchdog and died before claiming the job polls a `requested`
  // job. Lambda retries that start twice, then drops it: the watchdog, which Scheduler retries for
  // a day, is what is left to begin the job. Claiming is conditional, so this never starts it twice.
  if (job.phase === 'requested') return ctx.begin(requestId);
  // A job waiting for an ATS slot: woken because one freed, or checking again by itself.
  if (job.phase === 'waiting') return ctx.begin(requestId);
  if (!job.atsJobId) {
    ctx.log.warn('Poll of a job that was never started ignored', { requestId, seq });
    return;
  }
  const observation = await observe(ctx, job.atsJobId, job);
  const decision = decidePoll(job, observation, ctx.clock.now(), ctx.settings);
  // A failure that ends the job is worth an admin's look; one the next poll may not see is not.
  if (!observation.ok && decision.kind === 'ended') {
    await reportAtsTrouble(ctx, job, observation.error, 'status');
  }
  await applyPollDecision(ctx, job, decision);
}
