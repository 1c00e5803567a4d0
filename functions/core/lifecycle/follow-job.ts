import type { AtsJobStatus, AtsStatusOptions } from '../ats';
import { AtsError } from '../errors';
import type { Job, JobResult } from '../job';
import { buildJobResult } from '../job-result';
import { writeJob } from '../job-writes';
import { ensureNextPoll, planFor, sendHop } from '../polling/next-poll';
import type { PollDecision, PollObservation } from '../polling/poll-decision';
import { describeError, updateCardSafely } from './card-posting';
import { endJob } from './end-job';
import type { LifecycleContext } from './lifecycle-context';
import { confirmStep } from './rerun-rule';

/**
 * What a poll asks while the job is not done: what the card shows. The card shows the status
 * only (its counts come from the result), so no Include flag: the answer stays a few hundred bytes
 * however large the suite.
 */
const CARD_STATUS: AtsStatusOptions = {};

/** What the result needs, asked once ATS says `Done`: flags, counts and every test case. */
const FULL_STATUS: AtsStatusOptions = { flags: true, breakdown: true, details: true };

/** The result without the cases, when ATS's list of them is too large to read. */
const COUNTS_ONLY: AtsStatusOptions = { flags: true, breakdown: true };

/**
 * Most test cases the newest earlier run of a template may have reported for a check to ask for
 * flags, counts and every case at once: a finished job then costs one call, not two, and the
 * answers of a running job stay a few kilobytes.
 */
export const ONE_CALL_MAX_CASES = 100;

/**
 * Asks ATS for the job's status: the status alone, then, when ATS says `Done`, once more with
 * flags, counts and per-case details for the result. A job whose template's newest run had at
 * most {@link ONE_CALL_MAX_CASES} cases is asked for everything at once. Cases too many to read
 * leave the counts alone (`testCasesOmitted`).
 * @throws whatever the gateway throws that is not an {@link AtsError} (a broken contract).
 */
export async function observe(
  ctx: LifecycleContext,
  atsJobId: string,
  job?: Pick<Job, 'expectedRun'>,
): Promise<PollObservation> {
  try {
    const cases = job?.expectedRun?.cases;
    if (cases !== undefined && cases <= ONE_CALL_MAX_CASES) {
      const all = await askEverything(ctx, atsJobId);
      if (all) return { ok: true, status: all };
    }
    const status = await ctx.ats.getJobStatus(atsJobId, CARD_STATUS);
    if (status.status !== 'Done') return { ok: true, status };
    return { ok: true, status: await finalStatus(ctx, atsJobId) };
  } catch (error) {
    if (error instanceof AtsError) return { ok: false, error };
    throw error;
  }
}

/** Everything ATS says about the job, or undefined when its cases are too many to read. */
async function askEverything(
  ctx: LifecycleContext,
  atsJobId: string,
): Promise<AtsJobStatus | undefined> {
  try {
    return await ctx.ats.getJobStatus(atsJobId, FULL_STATUS);
  } catch (error) {
    if (error instanceof AtsError && error.code === 'ATS_TOO_LARGE') return undefined;
    throw error;
  }
}

/** The status of a job ATS reported done, with what its result shows. */
async function finalStatus(ctx: LifecycleContext, atsJobId: string): Promise<AtsJobStatus> {
  try {
    return await ctx.ats.getJobStatus(atsJobId, FULL_STATUS);
  } catch (error) {
    if (!(error instanceof AtsError) || error.code !== 'ATS_TOO_LARGE') throw error;
    ctx.log.warn('ATS listed more test cases than the bot reads: reporting the counts only', {
      atsJobId,
    });
    const counts = await ctx.ats.getJobStatus(atsJobId, COUNTS_ONLY);
    return { ...counts, testCasesOmitted: true };
  }
}

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
