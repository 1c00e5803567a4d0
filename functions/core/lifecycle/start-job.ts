import type { AtsStartedJob } from '../ats';
import { AtsError, UserFacingError } from '../errors';
import { isTerminal, type Job, type RerunScope } from '../job';
import { updateJob, writeJob } from '../job-writes';
import { cancelPoll, ensureNextPoll, nextPollAtFor } from '../polling/next-poll';
import { HISTORY_SIZE, learnExpectedRun } from '../polling/run-estimate';
import { findTemplate } from '../requests/catalog-lookup';
import { takeSlot } from './ats-slots';
import { reportAtsTrouble } from './ats-trouble-report';
import { findEarlierCard, updateCardSafely } from './card-posting';
import { tellChain } from './chain-story';
import { endJob } from './end-job';
import { postFirstCard } from './first-card';
import type { LifecycleContext } from './lifecycle-context';
import { markRerunStarted, withRerunScope } from './rerun-start';
import { settleJob } from './settle-job';
import { ensureLatestPoll, waitForSlot } from './slot-wait';
import { verifyWatch } from './watch-job';

/**
 * Begins a job recorded in `requested` (or `waiting` for an ATS slot): a run (RunJob), a rerun
 * (RerunNotPassed of the chain's original) or a watch (check the ATS job id). A run or rerun first
 * takes one of the app's ATS slots, or waits in line for one (`ats-slots.ts`). The move to
 * `starting` is a conditional write, so a request delivered twice sends RunJob / RerunNotPassed
 * once; that write also books a watchdog poll for after the ATS timeout. A message about a job that
 * is already further along repairs what a dead worker may have left: the pending poll, or the
 * outcome.
 * @throws whatever the store, scheduler or notifier throws (the message is then retried).
 */
export async function beginJob(ctx: LifecycleContext, requestId: string): Promise<void> {
  const job = await ctx.store.get(requestId);
  if (!job) {
    ctx.log.warn('Worker message about an unknown job dropped', { requestId });
    return;
  }
  if (isTerminal(job.phase)) {
    await settleJob(ctx, job);
    return;
  }
  if (job.phase === 'starting') return resolveStarting(ctx, job, 'request');
  if (job.phase !== 'requested' && job.phase !== 'waiting') {
    return ensureNextPoll(ctx.scheduler, job);
  }
  if (job.kind !== 'watch') {
    const slot = await takeSlot(ctx, job);
    if (!slot.held) return waitForSlot(ctx, job, slot.running);
  }
  const claimed = await claimStart(ctx, job);
  if (!claimed) return job.kind === 'watch' ? undefined : ensureLatestPoll(ctx, requestId);
  if (claimed.kind === 'watch') return verifyWatch(ctx, claimed);
  return orderJob(ctx, claimed);
}

/** Takeovers of a start whose worker keeps dying before it sends the order (then it is given up). */
const MAX_START_TAKEOVERS = 3;

/**
 * Decides about a job found in `starting`. Until the start timeout (plus a margin) has passed since
 * the claim, the worker that claimed it may still be inside RunJob: a duplicate request only
 * makes sure the watchdog is booked, and an early watchdog poll books a later one. After it, a
 * run or rerun whose order was never sent (no `orderSentAt`) is taken over and sent; one whose
 * order was sent may or may not have started in ATS: never sent again, the person is told so and
 * the job ends in `error`. A watch is simply checked again (reading a status is harmless).
 * @throws whatever the store, scheduler or notifier throws.
 */
export async function resolveStarting(
  ctx: LifecycleContext,
  job: Job,
  via: 'request' | 'poll',
): Promise<void> {
  const now = ctx.clock.now();
  const claimedAt = job.claimedAt ?? job.updatedAt;
  const deadline = claimedAt + ctx.settings.atsStartTimeoutMs + ctx.settings.watchdogMarginMs;
  if (now < deadline) {
    if (via === 'request') return ensureNextPoll(ctx.scheduler, job);
    const rebooked = await writeJob(
      ctx.store,
      job,
      { pollCount: job.pollCount + 1, nextPollAt: ctx.policy.notBefore(now, deadline) },
      now,
    );
    if (rebooked) await ensureNextPoll(ctx.scheduler, rebooked);
    return;
  }
  if (job.kind === 'watch') {
    const reclaimed = await reclaimStart(ctx, job, now, {});
    if (!reclaimed) return;
    await ensureNextPoll(ctx.scheduler, reclaimed);
    return verifyWatch(ctx, reclaimed);
  }
  if (job.orderSentAt === undefined) return takeOverStart(ctx, job);
  ctx.log.warn('The worker that sent the order stopped before ATS answered', {
    requestId: job.requestId,
  });
  await mayHaveStarted(ctx, job, {});
}

/**
 * Claims again a run or rerun whose worker died after the claim but before sending the order:
 * nothing reached ATS, so it is ordered now (the marker write in {@link orderJob} still makes
 * sure only one worker sends it). A start that keeps dying there ends in `failed_to_start`.
 */
async function takeOverStart(ctx: LifecycleContext, job: Job): Promise<void> {
  const now = ctx.clock.now();
  const startTakeovers = (job.startTakeovers ?? 0) + 1;
  if (startTakeovers > MAX_START_TAKEOVERS) {
    // One of the workers that stopped may have posted the card first: end that card too.
    const cardTs = await findEarlierCard(ctx, job);
    await endJob(
      ctx,
      job,
      {
        phase: 'failed_to_start',
        lastError: `The bot stopped ${startTakeovers} times before it could send the request to ATS, so nothing was started in ATS. Try again in a few minutes.`,
        ...(cardTs ? { cardTs } : {}),
      },
      { stillApplies: isUnsent },
    );
    return;
  }
  const reclaimed = await reclaimStart(ctx, job, now, { startTakeovers });
  if (!reclaimed) return;
  ctx.log.warn('Start taken over: the worker that claimed it stopped before sending it', {
    requestId: job.requestId,
    startTakeovers,
  });
  await ensureNextPoll(ctx.scheduler, reclaimed);
  return orderJob(ctx, reclaimed);
}

/**
 * Claims a job left in `starting` for this worker: a new claim time, the next watchdog and one
 * more card attempt (the card may have to be looked for). Conditional on the version read.
 * @returns the claimed job, or undefined when another writer came first.
 */
function reclaimStart(
  ctx: LifecycleContext,
  job: Job,
  now: number,
  extra: Partial<Job>,
): Promise<Job | undefined> {
  return writeJob(
    ctx.store,
    job,
    {
      pollCount: job.pollCount + 1,
      nextPollAt: watchdogAt(ctx, now),
      claimedAt: now,
      ...extra,
      cardAttempts: (job.cardAttempts ?? 0) + 1,
    },
    now,
  );
}

function watchdogAt(ctx: LifecycleContext, now: number): number {
  const { atsStartTimeoutMs, watchdogMarginMs } = ctx.settings;
  return ctx.policy.notBefore(now, now + atsStartTimeoutMs + watchdogMarginMs);
}

/**
 * Moves `requested → starting` and books the watchdog; undefined when another worker won. The
 * watchdog is booked before the write: should booking fail, nothing was claimed and a retry
 * starts cleanly; a loser's booking is the same (requestId, seq) as the winner's, so a no-op.
 */
async function claimStart(ctx: LifecycleContext, job: Job): Promise<Job | undefined> {
  const now = ctx.clock.now();
  const patch: Partial<Job> = {
    phase: 'starting',
    claimedAt: now,
    nextPollAt: watchdogAt(ctx, now),
    cardAttempts: (job.cardAttempts ?? 0) + 1,
  };
  if (job.kind === 'run' && job.attempt === 0) {
    const entry = findTemplate(ctx.catalog, job);
    if (entry) {
      patch.autoRerunsLeft = entry.autoReruns;
      patch.autoRerunRule = entry.autoRerunRule;
    }
  }
  await ensureNextPoll(ctx.scheduler, { ...job, ...patch });
  return writeJob(ctx.store, job, patch, now);
}

/**
 * Posts the card, marks the order as being sent (the claim to send it), sends RunJob /
 * RerunNotPassed once, and records what ATS answered.
 */
async function orderJob(ctx: LifecycleContext, unscoped: Job): Promise<void> {
  const claimed = await withRerunScope(ctx, unscoped);
  // A job that waited for a slot has its card already.
  const card =
    claimed.cardTs !== undefined
      ? { cardTs: claimed.cardTs }
      : await postFirstCard(ctx, claimed, claimed, isUnsent);
  if (!card) return;
  const { cardTs } = card;
  const job = await markOrderSent(ctx, claimed, cardTs, claimed.rerunScope);
  if (!job) {
    ctx.log.warn('Order not sent: another worker took over the start', {
      requestId: claimed.requestId,
    });
    return;
  }
  let started: AtsStartedJob;
  try {
    started = await sendOrder(ctx, job);
  } catch (error) {
    if (error instanceof AtsError && error.outcomeUnknown) {
      await reportAtsTrouble(ctx, job, error, job.kind === 'rerun' ? 'rerun' : 'start');
      return mayHaveStarted(ctx, job, { cardTs });
    }
    if (error instanceof AtsError || error instanceof UserFacingError) {
      const lastError =
        error instanceof AtsError
          ? await reportAtsTrouble(ctx, job, error, job.kind === 'rerun' ? 'rerun' : 'start')
          : error.message;
      await endJob(
        ctx,
        job,
        { phase: 'failed_to_start', lastError, cardTs },
        { stillApplies: isStarting },
      );
      return;
    }
    throw error;
  }
  const now = ctx.clock.now();
  const expectedRun = job.templateId
    ? learnExpectedRun(
        await ctx.store.recentFinishedRuns(job.templateId, job.attempt >= 1, HISTORY_SIZE),
      )
    : undefined;
  const accepted: Partial<Job> = {
    phase: 'queued',
    atsJobId: started.jobId,
    startedAt: now,
    queuedSeenAt: now,
    lastAtsStatus: 'Queued',
    cardTs,
    expectedRun,
    ...(started.warning ? { startWarning: started.warning } : {}),
  };
  // Only a watchdog writes a job in `starting` meanwhile: an early one rebooks (write again on
  // the newer version), a late one has given up on it (keep the ATS id on the ended job).
  const written = await updateJob(
    ctx.store,
    job,
    (current) => {
      if (isStarting(current)) {
        const next = { ...current, ...accepted };
        return {
          ...accepted,
          pollCount: current.pollCount + 1,
          nextPollAt: nextPollAtFor(ctx, next, now),
        };
      }
      return isTerminal(current.phase) && !current.atsJobId
        ? { atsJobId: started.jobId }
        : undefined;
    },
    now,
  );
  if (written?.phase !== 'queued' || written.atsJobId !== started.jobId) {
    ctx.log.error('ATS started a job the bot had already given up on', {
      requestId: job.requestId,
      atsJobId: started.jobId,
    });
    return;
  }
  ctx.metrics.jobStarted(written.kind === 'rerun' ? 'rerun' : 'run');
  await ensureNextPoll(ctx.scheduler, written);
  // The watchdog of the start (the poll this write replaced) has nothing left to guard.
  await cancelPoll(ctx, written.requestId, written.pollCount - 1);
  await updateCardSafely(ctx, written);
  if (written.kind === 'rerun') {
    await markRerunStarted(ctx, written);
    await tellChain(ctx, written);
  }
}

/**
 * RunJob for a run; for a rerun, RerunNotPassed of the chain's original job, whichever attempt
 * the rerun was asked from: the reference takes "a finished job that was started with Run Job",
 * and the vendor's plugin never sends a rerun's id.
 */
async function sendOrder(ctx: LifecycleContext, job: Job): Promise<AtsStartedJob> {
  if (job.kind === 'rerun') {
    const original = await ctx.store.get(job.rootRequestId);
    if (!original?.atsJobId) {
      throw new UserFacingError(
        'NO_ATS_JOB',
        'The job to rerun has no ATS job id, so there is nothing to rerun.',
      );
    }
    return ctx.ats.rerunNotPassed(original.atsJobId);
  }
  if (!job.templateId) {
    throw new UserFacingError('NO_TEMPLATE', 'This job names no ATS template to run.');
  }
  return ctx.ats.runJob(job.templateId);
}

/**
 * Ends a job whose RunJob / RerunNotPassed may have reached ATS without an answer: sending it
 * again could start a second job, so the job ends in `error` and its outcome tells people what is
 * known, once (the technical detail went to the log).
 */
async function mayHaveStarted(ctx: LifecycleContext, job: Job, extra: Partial<Job>): Promise<void> {
  const what = job.kind === 'rerun' ? 'the rerun of' : 'a run of';
  const message =
    `ATS did not confirm whether ${what} ${job.templateName} started. ` +
    'It may be running in ATS anyway: check Test Runs there before starting it again.';
  await endJob(
    ctx,
    job,
    { ...extra, phase: 'error', lastError: message },
    { stillApplies: isStarting },
  );
}

/**
 * Writes `orderSentAt` (and the card) on a job still in the claim `claimed` holds, the order not
 * yet sent: the one write that gives the right to send it. Survives an early watchdog's rebooking.
 * @returns the marked job, or undefined when the start was taken over, ended, or already sent.
 */
async function markOrderSent(
  ctx: LifecycleContext,
  claimed: Job,
  cardTs: string | undefined,
  rerunScope: RerunScope | undefined,
): Promise<Job | undefined> {
  const now = ctx.clock.now();
  let mine = false;
  const written = await updateJob(
    ctx.store,
    claimed,
    (current) => {
      mine = isUnsent(current) && current.claimedAt === claimed.claimedAt;
      return mine ? { orderSentAt: now, cardTs, ...(rerunScope ? { rerunScope } : {}) } : undefined;
    },
    now,
  );
  return mine ? written : undefined;
}

/** A job's start is still undecided and its order not sent. */
function isUnsent(job: Job): boolean {
  return isStarting(job) && job.orderSentAt === undefined;
}

/** A job's start is still undecided. */
function isStarting(job: Job): boolean {
  return job.phase === 'starting';
}
