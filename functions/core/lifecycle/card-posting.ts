import { UserFacingError } from '../errors';
import { isTerminal, type Job } from '../job';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Posts the job's card. A card is a courtesy: when Slack has trouble, the job goes on without one
 * (its outcome is then posted without a thread). But when Slack refuses the channel itself (the
 * bot is not a member, the channel does not exist) nobody there could ever see the job, so that
 * refusal is thrown for the caller to stop before anything starts in ATS.
 * @returns the card's ts, or undefined when it could not be posted.
 * @throws UserFacingError when Slack refuses the channel (the notifier's channel errors).
 */
export async function postCardSafely(ctx: LifecycleContext, job: Job): Promise<string | undefined> {
  try {
    return (await ctx.notifier.postCard(job)).ts;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    ctx.log.warn('Could not post the job card', {
      requestId: job.requestId,
      error: describeError(error),
    });
    return undefined;
  }
}

/**
 * The card of a job about to end before it recorded one: when an earlier claim may have posted it
 * and died before recording its ts (`cardAttempts` above 1), the notifier looks for it, so that
 * the end finishes that card (final state, outcome in its thread) instead of leaving it behind.
 * Best effort: a failed lookup is logged and reads as no card.
 * @returns the recorded card's ts, the one found, or undefined.
 */
export async function findEarlierCard(
  ctx: LifecycleContext,
  job: Job,
): Promise<string | undefined> {
  if (job.cardTs !== undefined || (job.cardAttempts ?? 0) <= 1) return job.cardTs;
  try {
    return (await ctx.notifier.findCard(job))?.ts;
  } catch (error) {
    ctx.log.warn('Could not look for an earlier card', {
      requestId: job.requestId,
      error: describeError(error),
    });
    return undefined;
  }
}

/** Newer versions of a job a card update follows at most (each a store read and an update). */
const CARD_CATCH_UPS = 3;

/**
 * Updates the job's card in place, if it has one. chat.update is rate limited and a stale card is
 * corrected by the next change or the outcome, so a failure is only logged.
 *
 * Slack shows the last update it received, not the newest state: an update that took long
 * (retries, a rate limit) can land after the one a later writer made, and leave "Running" on a
 * finished job's card. So after showing a state that is not final, the job is read again, and a
 * newer version is shown in turn. That is enough: a writer that changed the job updates the card
 * after its write, so either its update lands after this one, or this read sees its state.
 */
export async function updateCardSafely(ctx: LifecycleContext, job: Job): Promise<void> {
  if (!job.cardTs) return;
  let shown = job;
  for (let round = 0; round <= CARD_CATCH_UPS; round++) {
    try {
      await ctx.notifier.updateCard(shown);
      if (isTerminal(shown.phase)) return;
      const latest = await ctx.store.get(shown.requestId);
      if (!latest?.cardTs || latest.version === shown.version) return;
      shown = latest;
    } catch (error) {
      ctx.log.warn('Could not update the job card', {
        requestId: job.requestId,
        error: describeError(error),
      });
      return;
    }
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

/** True when the notifier already told the requester about this refusal (no second message). */
export function requesterWasTold(error: unknown): boolean {
  return (error as { requesterTold?: unknown }).requesterTold === true;
}
