import type { AtsJobStatus } from './ats';
import type { AtsError } from './errors';
import { canTransition, type Job, type JobPhase } from './job';
import { estimateRunDuration } from './run-estimate';

/** What one GetJobStatus call brought: a status or an error. */
export type PollObservation = { ok: true; status: AtsJobStatus } | { ok: false; error: AtsError };

/** Limits a poll decision respects. */
export interface PollLimits {
  pollLimitMs: number;
  unreachableAfterMs: number;
}

/** What to do after a poll. Each carries the changes to write; the caller adds the bookkeeping. */
export type PollDecision =
  /** ATS says `Done`: build the result (with the chain's earlier attempts) and finish. */
  | { kind: 'finished'; patch: Partial<Job>; status: AtsJobStatus }
  /** The job ends without a result: timed out, or an error ATS will not get over. */
  | { kind: 'ended'; patch: Partial<Job> }
  /** Keep polling; update the card when the shown status changed; tell once when ATS is unreachable. */
  | { kind: 'continue'; patch: Partial<Job>; cardChanged: boolean; tellUnreachable: boolean };

/**
 * The phase an ATS `ExecutionStatus` puts an unfinished job in. Never backwards: a `Queued`
 * answer after `Running` keeps `running`. An unknown value keeps the phase (a job still being
 * started counts as queued: ATS knows it).
 */
export function phaseForStatus(status: string, current: JobPhase): JobPhase {
  const wanted: JobPhase =
    status === 'Queued'
      ? 'queued'
      : status === 'Running'
        ? 'running'
        : current === 'starting'
          ? 'queued'
          : current;
  return canTransition(current, wanted) ? wanted : current;
}

/** When polling of this job stops at the latest (epoch ms). */
export function pollLimitAt(job: Job, pollLimitMs: number): number {
  return (job.startedAt ?? job.createdAt) + pollLimitMs;
}

/**
 * Decides what a poll's observation means for a job being followed (starting, queued or running).
 * Pure. `Done` always wins, even past the limit; otherwise at or past the limit the job times
 * out. A retryable error counts towards "ATS unreachable" (told once per outage); an error that
 * will not go away ends the job.
 */
export function decidePoll(
  job: Job,
  observation: PollObservation,
  now: number,
  limits: PollLimits,
): PollDecision {
  const limitAt = pollLimitAt(job, limits.pollLimitMs);
  const hours = Math.round((limits.pollLimitMs / 3_600_000) * 10) / 10;
  if (observation.ok) {
    const { status } = observation;
    const recovered: Partial<Job> = {
      consecutiveFailures: 0,
      failingSince: undefined,
      unreachableNotified: false,
      lastError: undefined,
      lastAtsStatus: status.status,
    };
    if (status.status === 'Done') {
      const runningSeenAt = job.runningSeenAt ?? now;
      return {
        kind: 'finished',
        status,
        patch: {
          ...recovered,
          phase: 'done',
          finishedAt: now,
          runningSeenAt,
          runDurationMs: estimateRunDuration(job, now),
        },
      };
    }
    if (now >= limitAt) {
      return {
        kind: 'ended',
        patch: {
          ...recovered,
          phase: 'timed_out',
          finishedAt: now,
          lastError: `ATS still reported the job as ${status.status} after ${hours} h, so the bot stopped following it.`,
        },
      };
    }
    const phase = phaseForStatus(status.status, job.phase);
    const patch: Partial<Job> = { ...recovered, phase, lastPolledAt: now };
    if (status.status === 'Queued') patch.queuedSeenAt = now;
    if (status.status === 'Running' && job.runningSeenAt === undefined) patch.runningSeenAt = now;
    return {
      kind: 'continue',
      patch,
      cardChanged: phase !== job.phase || status.status !== job.lastAtsStatus,
      tellUnreachable: false,
    };
  }
  const { error } = observation;
  if (!error.retryable) {
    return {
      kind: 'ended',
      patch: {
        phase: 'error',
        finishedAt: now,
        lastError: error.message,
        consecutiveFailures: job.consecutiveFailures + 1,
      },
    };
  }
  const failingSince = job.failingSince ?? now;
  if (now >= limitAt) {
    return {
      kind: 'ended',
      patch: {
        phase: 'timed_out',
        finishedAt: now,
        failingSince,
        consecutiveFailures: job.consecutiveFailures + 1,
        lastError: `ATS could not be reached when the ${hours} h limit came (${error.message}), so the bot stopped following the job.`,
      },
    };
  }
  const tellUnreachable =
    !job.unreachableNotified && now - failingSince >= limits.unreachableAfterMs;
  return {
    kind: 'continue',
    patch: {
      failingSince,
      consecutiveFailures: job.consecutiveFailures + 1,
      lastError: error.message,
      unreachableNotified: job.unreachableNotified || tellUnreachable,
    },
    cardChanged: false,
    tellUnreachable,
  };
}
