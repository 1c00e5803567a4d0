import type { Job } from '../job';
import { decidePoll } from '../polling/poll-decision';
import { reportAtsTrouble } from './ats-trouble-report';
import { findEarlierCard } from './card-posting';
import { endJob } from './end-job';
import { postFirstCard } from './first-card';
import { applyPollDecision } from './follow-job';
import type { LifecycleContext } from './lifecycle-context';
import { observe } from './observe-job';

/**
 * Checks with ATS that a job to watch exists (the caller has claimed it in `starting`), then
 * follows it like any other: card, status, next poll. Any error here is told to the requester
 * alone (`failed_to_start`): a mistyped id should not produce a card in the channel, and the
 * person is right there to try again. Only when an earlier check posted the card before its
 * worker died is the end told on that card, in its thread.
 * @throws whatever the store, scheduler or notifier throws while recording the result.
 */
export async function verifyWatch(ctx: LifecycleContext, job: Job): Promise<void> {
  const atsJobId = job.atsJobId;
  if (!atsJobId) {
    await endJob(ctx, job, {
      phase: 'failed_to_start',
      lastError: 'There is no ATS job id to watch.',
    });
    return;
  }
  const observation = await observe(ctx, atsJobId);
  const now = ctx.clock.now();
  if (!observation.ok) {
    const words = await reportAtsTrouble(ctx, job, observation.error, 'watch');
    // A worker that checked it before may have posted the card and died: end that card too.
    const cardTs = await findEarlierCard(ctx, job);
    await endJob(ctx, job, {
      phase: 'failed_to_start',
      lastError: `Could not watch ATS job ${atsJobId}. ${words}`,
      ...(cardTs ? { cardTs } : {}),
    });
    return;
  }
  // When the job began in ATS is not known: `startedAt` is when the watch began (the card says
  // "watched since"), which is what the polling window counts from.
  const watched: Job = { ...job, startedAt: now, queuedSeenAt: now };
  const decision = decidePoll(watched, observation, now, ctx.settings);
  const card = await postFirstCard(ctx, { ...watched, ...decision.patch }, job);
  if (!card) return;
  await applyPollDecision(ctx, job, decision, { startedAt: now, cardTs: card.cardTs });
}
