import { type Job, notPassedNames, RERUN_SCOPE_NAMES } from '../job';
import { describeError } from './card-posting';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Re-renders the outcome of the job a rerun started from, so its **Rerun not passed** button
 * gives way to "Rerun started by …" whichever way the rerun was asked for (button, command,
 * automatically). Best effort: the button itself refuses a second rerun anyway.
 */
export async function markRerunStarted(ctx: LifecycleContext, rerun: Job): Promise<void> {
  const previous = rerun.rerunOf ? await ctx.store.get(rerun.rerunOf) : undefined;
  if (!previous?.outcomeTs) return;
  try {
    await ctx.notifier.updateOutcome(previous);
  } catch (error) {
    ctx.log.warn('Could not mark the rerun on the earlier outcome', {
      requestId: previous.requestId,
      error: describeError(error),
    });
  }
}

/**
 * A rerun with the cases it will run again (those the chain's original did not pass), for its
 * card in the thread; any other job as it is.
 */
export async function withRerunScope(ctx: LifecycleContext, job: Job): Promise<Job> {
  if (job.kind !== 'rerun' || job.rerunScope) return job;
  const original = (await ctx.store.get(job.rootRequestId))?.result;
  if (!original) return job;
  const names = notPassedNames(original);
  const count = Math.max(
    names.length,
    original.breakdown ? original.breakdown.failed + original.breakdown.notExecuted : 0,
  );
  return { ...job, rerunScope: { count, names: names.slice(0, RERUN_SCOPE_NAMES) } };
}
