import type { AtsJobStatus, AtsStatusOptions } from '../ats';
import { AtsError } from '../errors';
import type { Job } from '../job';
import type { PollObservation } from '../polling/poll-decision';
import type { LifecycleContext } from './lifecycle-context';

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
