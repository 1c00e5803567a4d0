import type { Job } from '../job';
import { describeError } from '../lifecycle/card-posting';
import type { LifecycleContext } from '../lifecycle/lifecycle-context';
import type { PollScheduler } from '../ports';
import { pollLimitAt } from './poll-decision';
import type { CheckPlan, PollSituation } from './polling-policy';

/**
 * Makes sure the job's pending poll (`pollCount`, `nextPollAt`) is scheduled. Scheduling is
 * idempotent by (requestId, seq), so this is what a retried or duplicated message calls to repair
 * a worker that died between writing the job and scheduling its next poll.
 * @throws whatever the scheduler throws.
 */
export async function ensureNextPoll(scheduler: PollScheduler, job: Job): Promise<void> {
  if (job.nextPollAt === undefined) return;
  await scheduler.schedulePoll({
    requestId: job.requestId,
    seq: job.pollCount,
    at: new Date(job.nextPollAt),
  });
}

/**
 * Removes a poll the job no longer needs, so that it never invokes the worker. Best effort: a
 * poll that still comes finds nothing to do, so a failure is only logged.
 */
export async function cancelPoll(
  ctx: LifecycleContext,
  requestId: string,
  seq: number,
): Promise<void> {
  try {
    await ctx.scheduler.cancelPoll({ requestId, seq });
  } catch (error) {
    ctx.log.warn('Poll not canceled: it will come and find nothing to do', {
      requestId,
      seq,
      error: describeError(error),
    });
  }
}

/** What the policy knows of a followed job (as it will be stored) at `now`. */
export function situationOf(ctx: LifecycleContext, job: Job, now: number): PollSituation {
  return {
    now,
    startedAt: job.startedAt ?? job.createdAt,
    limitAt: pollLimitAt(job, ctx.settings.pollLimitMs),
    state: job.phase === 'running' ? 'running' : 'queued',
    queuedSeenAt: job.queuedSeenAt,
    runningSeenAt: job.runningSeenAt,
    expectedRun: job.expectedRun,
    consecutiveFailures: job.consecutiveFailures,
  };
}

/** When the policy wants a followed job (as it will be stored) polled next. */
export function nextPollAtFor(ctx: LifecycleContext, job: Job, now: number): number {
  return planFor(ctx, job, now).pollAt;
}

/**
 * The next poll of a followed job (as it will be stored), and the first hop before it when the
 * policy wants one and the lifecycle has a way to send hops.
 */
export function planFor(ctx: LifecycleContext, job: Job, now: number): CheckPlan {
  const situation = situationOf(ctx, job, now);
  if (!ctx.hops) return { pollAt: ctx.policy.nextPollAt(situation) };
  return ctx.policy.plan(situation);
}

/**
 * Sends a hop ahead of the job's pending poll. A hop that cannot be sent is only logged: the
 * pending poll, already scheduled, is the check it would have brought forward.
 */
export async function sendHop(
  ctx: LifecycleContext,
  job: Job,
  at: number,
  seenAt: number,
): Promise<void> {
  if (!ctx.hops) return;
  try {
    await ctx.hops.sendHop({
      requestId: job.requestId,
      seq: job.pollCount,
      at: new Date(at),
      seenAt,
    });
  } catch (error) {
    ctx.log.warn('Hop not sent: the pending poll checks the job instead', {
      requestId: job.requestId,
      seq: job.pollCount,
      error: describeError(error),
    });
  }
}
