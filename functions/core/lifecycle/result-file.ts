import type { AtsTestCase } from '../ats';
import { hasNotPassed, type Job } from '../job';
import { updateJob, writeJob } from '../job-writes';
import { ensureNextPoll } from '../polling/next-poll';
import { describeError } from './card-posting';
import type { LifecycleContext } from './lifecycle-context';
import { observe } from './observe-job';

/**
 * True when a finished job's thread should get the whole per-case result as a file: ATS ran it
 * and it ended with cases that did not pass, and its outcome was posted in the thread. Not when
 * ATS listed more cases than the bot reads (`testCasesOmitted`): the bot has no whole list to
 * give, and the outcome already says the cases are in ATS only.
 */
export function wantsResultFile(job: Job): boolean {
  return (
    job.phase === 'done' &&
    job.atsJobId !== undefined &&
    job.outcomeTs !== undefined &&
    job.result?.testCasesOmitted !== true &&
    hasNotPassed(job)
  );
}

/** True when the job's result file is attached, not wanted, or given up on. */
export function isResultFileSettled(job: Job, maxAttempts: number): boolean {
  return (
    !wantsResultFile(job) ||
    job.resultFileId !== undefined ||
    (job.resultFileAttempts ?? 0) >= maxAttempts
  );
}

/**
 * Every case of a finished job, as ATS reports it now. Never the stored result's cases: those are
 * only the ones that did not pass, at most `MAX_KEPT_CASES` of them (a job item stays small),
 * and the file is the whole result.
 * @throws the AtsError of the status call, or an Error when ATS no longer lists the cases whole
 *   (the attach is tried again later, like a failed upload).
 */
async function everyCase(ctx: LifecycleContext, job: Job): Promise<readonly AtsTestCase[]> {
  const observation = await observe(ctx, job.atsJobId ?? '');
  if (!observation.ok) throw observation.error;
  if (observation.status.testCasesOmitted) {
    throw new Error(`ATS listed more test cases of ${job.atsJobId} than the bot reads`);
  }
  return observation.status.testCases ?? [];
}

/**
 * Attaches the JUnit file of a finished job to its thread exactly once, the way the outcome is
 * posted: a conditional write takes a lease (and books a safety poll at its end) before the
 * upload, the file id is recorded after it. A duplicate delivery finding a live lease leaves the
 * upload to its holder; the cases are `allCases` when the finishing poll has them at hand, else
 * they come fresh from ATS (the stored result keeps only what did not pass); a retry after a
 * crash between upload and record finds the uploaded file in the thread instead of uploading
 * another (the notifier looks when `resultFileAttempts` is above 1). A failed upload is logged, not thrown: the outcome is delivered and a rerun may be
 * waiting; the safety poll tries again once the lease lapses, up to `maxOutcomeAttempts`.
 * @returns the job as stored afterwards.
 * @throws whatever the store or scheduler throws.
 */
export async function attachResultFile(
  ctx: LifecycleContext,
  job: Job,
  allCases?: readonly AtsTestCase[],
): Promise<Job> {
  let current = job;
  // Bounded: each round attaches, returns, or lost a race to a writer that changed the job.
  for (let round = 0; round < 5; round++) {
    if (!wantsResultFile(current) || current.resultFileId !== undefined) return current;
    const now = ctx.clock.now();
    if (current.resultFileLeaseUntil !== undefined && current.resultFileLeaseUntil > now) {
      await ensureNextPoll(ctx.scheduler, current);
      return current;
    }
    const attempts = current.resultFileAttempts ?? 0;
    if (attempts >= ctx.settings.maxOutcomeAttempts) return current;
    const leaseUntil = now + ctx.settings.outcomeLeaseMs;
    const claimed = await writeJob(
      ctx.store,
      current,
      {
        resultFileAttempts: attempts + 1,
        resultFileLeaseUntil: leaseUntil,
        pollCount: current.pollCount + 1,
        nextPollAt: ctx.policy.notBefore(now, leaseUntil),
      },
      now,
    );
    if (!claimed) {
      const again = await ctx.store.get(current.requestId);
      if (!again) return current;
      current = again;
      continue;
    }
    await ensureNextPoll(ctx.scheduler, claimed);
    let fileId: string;
    try {
      fileId = await ctx.notifier.attachResultFile(
        claimed,
        allCases ?? (await everyCase(ctx, claimed)),
      );
    } catch (error) {
      const details = {
        requestId: claimed.requestId,
        attempt: attempts + 1,
        error: describeError(error),
      };
      if (attempts + 1 >= ctx.settings.maxOutcomeAttempts) {
        ctx.log.error('Gave up attaching the result file', details);
      } else ctx.log.warn('Could not attach the result file', details);
      return claimed;
    }
    const recorded = await updateJob(
      ctx.store,
      claimed,
      (j) =>
        j.resultFileId !== undefined
          ? undefined
          : { resultFileId: fileId, resultFileLeaseUntil: undefined, nextPollAt: undefined },
      ctx.clock.now(),
    );
    return recorded ?? claimed;
  }
  return current;
}
