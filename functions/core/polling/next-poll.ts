import type { Job } from '../job';
import type { LifecycleContext } from '../lifecycle/lifecycle-context';
import type { PollScheduler } from '../ports';
import { pollLimitAt } from './poll-decision';

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

/** When the policy wants a followed job (as it will be stored) polled next. */
export function nextPollAtFor(ctx: LifecycleContext, job: Job, now: number): number {
  return ctx.policy.nextPollAt({
    now,
    startedAt: job.startedAt ?? job.createdAt,
    limitAt: pollLimitAt(job, ctx.settings.pollLimitMs),
    state: job.phase === 'running' ? 'running' : 'queued',
    queuedSeenAt: job.queuedSeenAt,
    runningSeenAt: job.runningSeenAt,
    expectedRun: job.expectedRun,
    consecutiveFailures: job.consecutiveFailures,
  });
}
