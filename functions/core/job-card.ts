import type { Job } from './job';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Posts the job's card. A card is a courtesy: when Slack refuses, the job goes on without one
 * (its outcome is then posted without a thread), so this never throws.
 * @returns the card's ts, or undefined when it could not be posted.
 */
export async function postCardSafely(ctx: LifecycleContext, job: Job): Promise<string | undefined> {
  try {
    return (await ctx.notifier.postCard(job)).ts;
  } catch (error) {
    ctx.log.warn('Could not post the job card', {
      requestId: job.requestId,
      error: describeError(error),
    });
    return undefined;
  }
}

/**
 * Updates the job's card in place, if it has one. chat.update is rate limited and a stale card is
 * corrected by the next change or the outcome, so a failure is only logged.
 */
export async function updateCardSafely(ctx: LifecycleContext, job: Job): Promise<void> {
  if (!job.cardTs) return;
  try {
    await ctx.notifier.updateCard(job);
  } catch (error) {
    ctx.log.warn('Could not update the job card', {
      requestId: job.requestId,
      error: describeError(error),
    });
  }
}

/** A short, loggable description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
