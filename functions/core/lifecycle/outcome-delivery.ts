import { hasNotPassed, isTerminal, type Job } from '../job';
import { updateJob, writeJob } from '../job-writes';
import { ensureNextPoll } from '../polling/next-poll';
import { estimateAtsFinish } from '../polling/run-estimate';
import type { TemplateEntry } from '../requests/catalog';
import { findTemplate } from '../requests/catalog-lookup';
import { describeError, updateCardSafely } from './card-posting';
import type { LifecycleContext } from './lifecycle-context';

/** True once the outcome reached people (a thread message, the card alone, or the requester). */
export function isOutcomeDelivered(job: Job): boolean {
  return (
    job.outcomeTs !== undefined ||
    job.outcomeToldAt !== undefined ||
    job.outcomeOnCardAt !== undefined
  );
}

/**
 * Claims of the outcome lease allowed per refusal allowed: attempts cut short by a worker dying
 * are not Slack refusing, but a job whose every worker dies is given up on all the same.
 */
const CLAIMS_PER_REFUSAL = 3;

/**
 * True when the outcome is given up on: Slack refused `maxRefusals` posts, or so many workers
 * claimed it without posting that it would never end.
 */
function isOutcomeGivenUp(job: Job, maxRefusals: number): boolean {
  return (
    (job.outcomeFailures ?? 0) >= maxRefusals ||
    (job.outcomeAttempts ?? 0) >= maxRefusals * CLAIMS_PER_REFUSAL
  );
}

/** True when no more outcome delivery will be tried (delivered, or given up on). */
export function isOutcomeSettled(job: Job, maxRefusals: number): boolean {
  return isOutcomeDelivered(job) || isOutcomeGivenUp(job, maxRefusals);
}

/**
 * The changes that make a writer the holder of the outcome lease: written together with the
 * terminal phase (or by a later claim), before anything is posted. It also books a safety poll at
 * the lease's end, so a worker that dies while posting is replaced even if nothing retries it. A
 * job ended by a hop still has its pending poll ahead: when that comes after the lease, it is the
 * safety poll, and none is booked.
 */
export function outcomeClaim(ctx: LifecycleContext, job: Job, now: number): Partial<Job> {
  const leaseUntil = now + ctx.settings.outcomeLeaseMs;
  const safetyAt = ctx.policy.notBefore(now, leaseUntil);
  const claim = { outcomeLeaseUntil: leaseUntil, outcomeAttempts: (job.outcomeAttempts ?? 0) + 1 };
  if (!isTerminal(job.phase) && job.nextPollAt !== undefined && job.nextPollAt >= safetyAt) {
    return claim;
  }
  return { ...claim, pollCount: job.pollCount + 1, nextPollAt: safetyAt };
}

/**
 * Where an outcome goes, one message per fact:
 * - `requester`: a job that failed to start before it got a card (a watch of a job ATS does not
 *   know, a channel the bot cannot post in, Slack trouble at the start) has nothing in the channel
 *   to reply to: only the requester is told.
 * - `card_and_requester`: a start ATS refused shows its reason on its card; the requester is told
 *   once, privately. A thread reply would only repeat the card.
 * - `card`: a clean pass at the first attempt, of a template with quiet passes (the default): the
 *   card says it all.
 * - `thread`: everything else gets a reply in the card's thread with the details. Failures always
 *   do.
 */
export type OutcomePlacement = 'requester' | 'card_and_requester' | 'card' | 'thread';

/** Where the outcome of a terminal job goes (see {@link OutcomePlacement}). */
export function outcomePlacement(job: Job, catalog: readonly TemplateEntry[]): OutcomePlacement {
  if (job.phase === 'failed_to_start') return job.cardTs ? 'card_and_requester' : 'requester';
  if (job.cardTs && isCleanFirstPass(job) && (findTemplate(catalog, job)?.quietPasses ?? true)) {
    return 'card';
  }
  return 'thread';
}

/** Passed at the first attempt with nothing to look at: no case not passed, no flag, no message. */
function isCleanFirstPass(job: Job): boolean {
  const result = job.result;
  return (
    job.phase === 'done' &&
    job.attempt === 0 &&
    !job.startWarning &&
    result?.verdict === 'passed' &&
    !hasNotPassed(job) &&
    !result.flags.warning &&
    !result.flags.canceled &&
    !result.errorMessage
  );
}

/**
 * Delivers the outcome of a terminal job exactly once: takes the lease (unless `leaseHeld`, when
 * the caller wrote it with the terminal phase), updates the card, posts the outcome, then records
 * `outcomeTs`. A duplicate delivery finding a live lease leaves the posting to its holder.
 * Gives up after `maxOutcomeAttempts` posts Slack refused (or three times as many claims whose
 * workers died). A job ended without the lifecycle's terminal write (no
 * `outcomeAttempts`: the ingress gave up handing it over and answered the person) is left alone.
 * @returns the job as stored afterwards.
 * @throws whatever the notifier throws when posting fails (the lease is released first, so the
 * retry that follows posts at once); whatever the store or scheduler throws.
 */
export async function deliverOutcome(
  ctx: LifecycleContext,
  job: Job,
  leaseHeld: boolean,
): Promise<Job> {
  let current = job;
  let held = leaseHeld;
  // Bounded: each round either posts, returns, or lost a race to a writer that changed the job.
  for (let round = 0; round < 5; round++) {
    if (isOutcomeDelivered(current)) return current;
    // Ended outside the lifecycle (the ingress could not hand it over and told the person).
    if (current.outcomeAttempts === undefined && !held) return current;
    const now = ctx.clock.now();
    if (!held) {
      if (current.outcomeLeaseUntil !== undefined && current.outcomeLeaseUntil > now) {
        await ensureNextPoll(ctx.scheduler, current);
        return current;
      }
      if (isOutcomeGivenUp(current, ctx.settings.maxOutcomeAttempts)) {
        ctx.log.error('Gave up posting the outcome', {
          requestId: current.requestId,
          attempts: current.outcomeAttempts,
          refusals: current.outcomeFailures ?? 0,
        });
        return current;
      }
      const claimed = await writeJob(ctx.store, current, outcomeClaim(ctx, current, now), now);
      if (!claimed) {
        const again = await ctx.store.get(current.requestId);
        if (!again) return current;
        current = again;
        continue;
      }
      current = claimed;
      held = true;
      await ensureNextPoll(ctx.scheduler, current);
    }
    let delivered: Partial<Job>;
    try {
      delivered = await deliverOnce(ctx, current);
    } catch (error) {
      await releaseLease(ctx, current);
      throw error;
    }
    const deliveredAt = ctx.clock.now();
    const recorded = await updateJob(
      ctx.store,
      current,
      (j) =>
        isOutcomeDelivered(j)
          ? undefined
          : { ...delivered, outcomeLeaseUntil: undefined, nextPollAt: undefined },
      deliveredAt,
    );
    const atsFinishedAt = estimateAtsFinish(current);
    // Counted by the delivery that recorded its message (or its quiet pass), so a duplicate post
    // is not counted.
    const mine =
      delivered.outcomeTs !== undefined
        ? recorded?.outcomeTs === delivered.outcomeTs
        : delivered.outcomeOnCardAt !== undefined &&
          recorded?.outcomeOnCardAt === delivered.outcomeOnCardAt;
    if (mine && current.phase === 'done' && atsFinishedAt !== undefined) {
      ctx.metrics.outcomePosted(Math.max(0, deliveredAt - atsFinishedAt));
    }
    return recorded ?? current;
  }
  return current;
}

/**
 * Updates the card and delivers the outcome where {@link outcomePlacement} says.
 * @returns the record of the delivery, to be written with the lease's release.
 */
async function deliverOnce(ctx: LifecycleContext, job: Job): Promise<Partial<Job>> {
  await updateCardSafely(ctx, job);
  const placement = outcomePlacement(job, ctx.catalog);
  switch (placement) {
    case 'thread':
      return { outcomeTs: (await ctx.notifier.postOutcome(job)).ts };
    case 'requester':
      await ctx.notifier.tellRequester(job, job.lastError ?? 'The job could not be followed.');
      return { outcomeToldAt: ctx.clock.now() };
    case 'card_and_requester':
      await ctx.notifier.announceOnCard(job, true);
      return { outcomeToldAt: ctx.clock.now() };
    case 'card':
      await ctx.notifier.announceOnCard(job, false);
      return { outcomeOnCardAt: ctx.clock.now() };
  }
}

/** Gives the lease up after a failed post so that the retry need not wait for it to lapse. */
async function releaseLease(ctx: LifecycleContext, held: Job): Promise<void> {
  try {
    await updateJob(
      ctx.store,
      held,
      (j) =>
        j.outcomeLeaseUntil === held.outcomeLeaseUntil && !isOutcomeDelivered(j)
          ? { outcomeLeaseUntil: undefined, outcomeFailures: (j.outcomeFailures ?? 0) + 1 }
          : undefined,
      ctx.clock.now(),
    );
  } catch (error) {
    // The lease then simply lapses; the safety poll takes over.
    ctx.log.warn('Could not release the outcome lease', {
      requestId: held.requestId,
      error: describeError(error),
    });
  }
}
