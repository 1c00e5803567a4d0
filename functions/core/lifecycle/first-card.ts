import { UserFacingError } from '../errors';
import type { Job } from '../job';
import { postCardSafely, requesterWasTold } from './card-posting';
import { type EndJobOptions, endJob } from './end-job';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Posts the card of a job before anything of it starts in ATS ({@link postCardSafely}). When
 * Slack refuses the channel, nobody there could follow the job, so `ending` (the job as the caller
 * holds it) ends as `failed_to_start` with Slack's words and code, marked as told when the
 * notifier already told the requester.
 * @returns the card's ts (undefined when Slack had trouble), or undefined when the job was ended.
 * @throws what the notifier throws other than its channel refusals; what endJob throws.
 */
export async function postFirstCard(
  ctx: LifecycleContext,
  card: Job,
  ending: Job,
  stillApplies?: EndJobOptions['stillApplies'],
): Promise<{ cardTs: string | undefined } | undefined> {
  try {
    return { cardTs: await postCardSafely(ctx, card) };
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    await endJob(
      ctx,
      ending,
      {
        phase: 'failed_to_start',
        lastError: error.message,
        lastErrorCode: error.code,
        ...(requesterWasTold(error) ? { outcomeToldAt: ctx.clock.now() } : {}),
      },
      stillApplies ? { stillApplies } : {},
    );
    return undefined;
  }
}
