import type { AtsJobStatus } from '../ats';
import { AtsError } from '../errors';
import type { Job, JobResult } from '../job';
import { buildJobResult } from '../job-result';
import { writeJob } from '../job-writes';
import { ensureNextPoll, nextPollAtFor } from '../polling/next-poll';
import type { PollDecision, PollObservation } from '../polling/poll-decision';
import { describeError, updateCardSafely } from './card-posting';
import { endJob } from './end-job';
import type { LifecycleContext } from './lifecycle-context';
import { confirmStep } from './rerun-rule';

/** Everything a status poll asks for: one call gives flags, counts and test cases. */
const FULL_STATUS = { flags: true, breakdown: true, details: true } as const;

/**
 * Asks ATS for the job's status.
 * @throws whatever the gateway throws that is not an {@link AtsError} (a broken contract).
 */
export async function observe(ctx: LifecycleContext, atsJobId: string): Promise<PollObservation> {
  try {
    return { ok: true, status: await ctx.ats.getJobStatus(atsJobId, FULL_STATUS) };
  } catch (error) {
    if (error instanceof AtsError) return { ok: false, error };
    throw error;
  }
}

/**
 * The result of a job ATS reports done. A rerun is compared with the chain's original job, whose
 * not-passed cases it ran again (flaky cases), and in a `confirm` chain placed by the attempt
 * before it.
 */
async function finalResult(
  ctx: LifecycleContext,
  job: Job,
  status: AtsJobStatus,
): Promise<JobResult> {
  if (job.attempt < 1) return buildJobResult(status);
  const original = await ctx.store.get(job.rootRequestId);
  const result = buildJobResult(status, original?.result);
  const previous =
    job.rerunOf === undefined || job.rerunOf === job.rootRequestId
      ? original
      : await ctx.store.get(job.rerunOf);
  const step = confirmStep(job, result.verdict, previous);
  return step ? { ...result, chain: { rule: 'confirm', step } } : result;
}

/**
 * Carries out a poll decision for a followed job with one conditional write (plus `extra`
 * changes), which also advances `pollCount` so that a duplicate of the same poll loses the race
 * and does nothing. The winner then schedules the next poll, tells about an ATS outage, and
 * updates the card when the shown status changed; or ends the job.
 * @returns false when another writer handled this poll first.
 * @throws whatever the store, scheduler or outcome delivery throws.
 */
export async function applyPollDecision(
  ctx: LifecycleContext,
  job: Job,
  decision: PollDecision,
  extra: Partial<Job> = {},
): Promise<boolean> {
  const now = ctx.clock.now();
  if (decision.kind === 'finished') {
    const result = await finalResult(ctx, job, decision.status);
    return endJob(ctx, job, { ...extra, ...decision.patch, result });
  }
  if (decision.kind === 'ended') return endJob(ctx, job, { ...extra, ...decision.patch });
  const changed: Job = { ...job, ...extra, ...decision.patch };
  const written = await writeJob(
    ctx.store,
    job,
    {
      ...extra,
      ...decision.patch,
      pollCount: job.pollCount + 1,
      nextPollAt: nextPollAtFor(ctx, changed, now),
    },
    now,
  );
  if (!written) return false;
  await ensureNextPoll(ctx.scheduler, written);
  if (decision.tellUnreachable) {
    const minutes = Math.round((now - (written.failingSince ?? now)) / 60_000);
    try {
      await ctx.notifier.postNotice(written, {
        kind: 'ats_unreachable',
        message: `ATS has not given the job's status for ${minutes} minutes (${written.lastError ?? 'no answer'}). The bot keeps trying and reports the result when ATS is back.`,
      });
    } catch (error) {
      ctx.log.warn('Could not post a notice', {
        requestId: written.requestId,
        error: describeError(error),
      });
    }
  }
  if (decision.cardChanged) await updateCardSafely(ctx, written);
  return true;
}
