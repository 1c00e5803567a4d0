import type { AtsJobStatus } from '../ats';
import { outageInWords, troubleInWords } from '../ats-trouble';
import type { AtsError } from '../errors';
import { canTransition, type Job, type JobPhase } from '../job';
import { estimateRunDuration } from './run-estimate';

/** What one GetJobStatus call brought: a status or an error. */
export type PollObservation = { ok: true; status: AtsJobStatus } | { ok: false; error: AtsError };

/** Limits a poll decision respects. */
export interface PollLimits {
  pollLimitMs: number;
  unreachableAfterMs: number;
  /** Consecutive SOAP faults that may end the job (default {@link FORGOTTEN_JOB_FAULTS}). */
  forgottenJobFaults?: number;
  /** How long those faults must have lasted (default {@link FORGOTTEN_JOB_AFTER_MS}). */
  forgottenJobAfterMs?: number;
}

/** Default of {@link PollLimits.forgottenJobFaults}. */
export const FORGOTTEN_JOB_FAULTS = 5;

/** Default of {@link PollLimits.forgottenJobAfterMs}. */
export const FORGOTTEN_JOB_AFTER_MS = 10 * 60_000;

/** What to do after a poll. Each carries the changes to write; the caller adds the bookkeeping. */
export type PollDecision =
  /** ATS says `Done`: build the result (with the chain's earlier attempts) and finish. */
  | { kind: 'finished'; patch: Partial<Job>; status: AtsJobStatus }
  /** The job ends without a result: timed out, or an error ATS will not get over. */
  | { kind: 'ended'; patch: Partial<Job> }
  /** Keep polling; update the card when the shown status changed; tell once when ATS is unreachable. */
  | {
      kind: 'continue';
      patch: Partial<Job>;
      cardChanged: boolean;
      tellUnreachable: boolean;
      /** What the failure of this poll looks like, in people's words (no technical detail). */
      outage?: string;
    };

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
 * out. A retryable error or a SOAP fault counts towards "ATS unreachable" (told once per outage);
 * faults alone, `forgottenJobFaults` in a row over at least `forgottenJobAfterMs`, end the job in
 * `error` (ATS lost it); any other error that will not go away ends the job at once.
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
      consecutiveFaults: undefined,
      faultingSince: undefined,
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
      return timedOut(
        recovered,
        now,
        `ATS still reported the job as ${status.status} after ${hours} h, so the bot stopped following it.`,
      );
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
  // ATS named this job (it started it, or a watch verified it), so a fault about it is far more
  // likely a blip (ATS answers its errors as HTTP 500 + SOAP Fault) than a job that is gone.
  const fault = error.code === 'ATS_SOAP_FAULT';
  if (!error.retryable && !fault) {
    return {
      kind: 'ended',
      patch: {
        phase: 'error',
        finishedAt: now,
        lastError: troubleInWords(error, 'status', job.requestId),
        consecutiveFailures: job.consecutiveFailures + 1,
      },
    };
  }
  const failingSince = job.failingSince ?? now;
  const streak: Partial<Job> = fault
    ? {
        consecutiveFaults: (job.consecutiveFaults ?? 0) + 1,
        faultingSince: job.faultingSince ?? now,
      }
    : { consecutiveFaults: undefined, faultingSince: undefined };
  const faultFor = now - (streak.faultingSince ?? now);
  if (
    (streak.consecutiveFaults ?? 0) >= (limits.forgottenJobFaults ?? FORGOTTEN_JOB_FAULTS) &&
    faultFor >= (limits.forgottenJobAfterMs ?? FORGOTTEN_JOB_AFTER_MS)
  ) {
    return {
      kind: 'ended',
      patch: {
        ...streak,
        phase: 'error',
        finishedAt: now,
        failingSince,
        consecutiveFailures: job.consecutiveFailures + 1,
        lastError: `ATS answered every status request about this job with an error for ${Math.round(faultFor / 60_000)} minutes (${streak.consecutiveFaults} times in a row), so it seems to have lost the job. Check the job in ATS.`,
      },
    };
  }
  if (now >= limitAt) {
    return timedOut(
      { ...streak, failingSince, consecutiveFailures: job.consecutiveFailures + 1 },
      now,
      `ATS could not be reached when the ${hours} h limit came, so the bot stopped following the job.`,
    );
  }
  const tellUnreachable =
    !job.unreachableNotified && now - failingSince >= limits.unreachableAfterMs;
  return {
    kind: 'continue',
    patch: {
      ...streak,
      failingSince,
      consecutiveFailures: job.consecutiveFailures + 1,
      lastError: troubleInWords(error, 'status', job.requestId),
      unreachableNotified: job.unreachableNotified || tellUnreachable,
    },
    cardChanged: false,
    tellUnreachable,
    outage: outageInWords(error),
  };
}

/** The polling window closed before ATS said the job was done: it ends `timed_out`, saying why. */
function timedOut(patch: Partial<Job>, now: number, lastError: string): PollDecision {
  return { kind: 'ended', patch: { ...patch, phase: 'timed_out', finishedAt: now, lastError } };
}
