import type { AtsJobStatus } from '../ats';
import type { Job, JobResult } from '../job';
import { buildJobResult } from '../job-result';
import { writeJob } from '../job-writes';
import { ensureNextPoll, planFor, sendHop } from '../polling/next-poll';
import type { PollDecision } from '../polling/poll-decision';
import { describeError, updateCardSafely } from './card-posting';
import { endJob } from './end-job';
import type { LifecycleContext } from './lifecycle-context';
import { confirmStep } from './rerun-rule';

/**
 * The result of a job ATS reports done; a rerun in a `confirm` chain is placed by the attempt
 * before it.
 */
async function finalResult(
  ctx: LifecycleContext,
  job: Job,
  status: AtsJobStatus,
): Promise<JobResult> {
  // A rerun's flaky cases leave out those the original never executed (known from its result).
  const original = job.attempt >= 1 ? await ctx.store.get(job.rootRequestId) : undefined;
  const result = buildJobResult(status, {
    rerun: job.attempt >= 1,
    ...(original?.result ? { original: original.result } : {}),
  });
  if (job.attempt < 1 || job.autoRerunRule !== 'confirm') return result;
  const previous = job.rerunOf === undefined ? undefined : await ctx.store.get(job.rerunOf);
  const step = confirmStep(job, result.verdict, previous);
  return step ? { ...result, chain: { rule: 'confirm', step } } : result;
}

/**
 * Carries out a poll decision for a followed job with one conditional write (plus `extra`
 * changes), which also advances `pollCount` so that a duplicate of the same poll loses the race
 * and does nothing. The winner then schedules the next poll (and sends the first hop before it
 * when the policy wants one), tells about an ATS outage, and updates the card when the shown
 * status changed; or ends the job.
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
    return endJob(
      ctx,
      job,
      { ...extra, ...decision.patch, result },
      decision.status.testCases ? { allCases: decision.status.testCases } : {},
    );
  }
  if (decision.kind === 'ended') return endJob(ctx, job, { ...extra, ...decision.patch });
  const changed: Job = { ...job, ...extra, ...decision.patch };
  const plan = planFor(ctx, changed, now);
  const written = await writeJob(
    ctx.store,
    job,
    { ...extra, ...decision.patch, pollCount: job.pollCount + 1, nextPollAt: plan.pollAt },
    now,
  );
  if (!written) return false;
  await ensureNextPoll(ctx.scheduler, written);
  // Only the writer sends the first hop: a duplicate of this poll, losing the write or repairing
  // the schedule afterwards, never starts a second chain of hops.
  if (plan.hopAt !== undefined) await sendHop(ctx, written, plan.hopAt, now);
  if (decision.tellUnreachable) {
    const minutes = Math.round((now - (written.failingSince ?? now)) / 60_000);
    try {
      await ctx.notifier.postNotice(written, {
        kind: 'ats_unreachable',
        message: `ATS has not given the job's status for ${minutes} minutes${decision.kind === 'continue' && decision.outage ? ` (${decision.outage})` : ''}. The bot keeps trying and reports the result when ATS is back.`,
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
