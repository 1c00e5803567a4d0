import { type ChainStory, isTerminal, type Job } from '../job';
import { breakdownOf } from '../job-result';
import { updateJob } from '../job-writes';
import { updateCardSafely } from './card-posting';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Tells the first job of a rerun chain where `rerun` stands (started, or how it ended) and
 * re-renders that job's card in the channel, so the card tells the chain's final story ("Passed on
 * rerun 1 · 2 flaky") while the thread keeps the details. Safe to repeat: older news never
 * replaces newer, the same news changes nothing, and the card is updated before the story is
 * written, so a worker that dies in between leaves the write (and the update) to its retry.
 * Best effort for the card, like every card update.
 * @throws whatever the store throws.
 */
export async function tellChain(ctx: LifecycleContext, rerun: Job): Promise<void> {
  if (rerun.attempt < 1 || rerun.rootRequestId === rerun.requestId) return;
  const root = await ctx.store.get(rerun.rootRequestId);
  if (!root) return;
  const story = await storyOf(ctx, rerun);
  if (!isNews(root.chainStory, story)) return;
  await updateCardSafely(ctx, { ...root, chainStory: story });
  await updateJob(
    ctx.store,
    root,
    (current) => (isNews(current.chainStory, story) ? { chainStory: story } : undefined),
    ctx.clock.now(),
  );
}

/** Longest rerun chain walked back for its flaky cases (the catalog allows 2 automatic reruns). */
const MAX_CHAIN = 20;

/**
 * The story of a chain as told by its rerun `rerun`: flaky are the cases any of its reruns so far
 * passed after they failed in the original.
 */
async function storyOf(ctx: LifecycleContext, rerun: Job): Promise<ChainStory> {
  const flaky = new Set(rerun.result?.flaky ?? []);
  let previousId = rerun.result ? rerun.rerunOf : undefined;
  for (let i = 0; previousId && previousId !== rerun.rootRequestId && i < MAX_CHAIN; i++) {
    const previous = await ctx.store.get(previousId);
    for (const name of previous?.result?.flaky ?? []) flaky.add(name);
    previousId = previous?.rerunOf;
  }
  return {
    attempt: rerun.attempt,
    requestId: rerun.requestId,
    phase: rerun.phase,
    ...(rerun.result
      ? { verdict: rerun.result.verdict, breakdown: breakdownOf(rerun.result) }
      : {}),
    flaky: flaky.size,
  };
}

/** True when `story` is newer than what the first job knows: a later rerun, or the same moved on. */
function isNews(known: ChainStory | undefined, story: ChainStory): boolean {
  if (!known || story.attempt > known.attempt) return true;
  if (story.attempt < known.attempt || isTerminal(known.phase)) return false;
  return known.phase !== story.phase;
}
