import type { Job } from '../job';
import { updateJob, writeJob } from '../job-writes';
import { ensureNextPoll } from '../polling/next-poll';
import { SLOT_RECHECK_MS } from './ats-slots';
import { updateCardSafely } from './card-posting';
import { postFirstCard } from './first-card';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Records that a run or rerun waits for an ATS slot (`running` of the app's jobs hold them), with
 * a poll that checks the slot again after {@link SLOT_RECHECK_MS} in case a wake-up was lost, and
 * shows it on its card ("Waiting for a free ATS slot"), posted now if the job has none. One
 * conditional write per change: a duplicate delivery that finds nothing new only re-books the
 * pending poll, and one that loses the write books the winner's ({@link ensureLatestPoll}). A
 * channel Slack refuses ends the job before anything started in ATS.
 * @throws whatever the store, scheduler or notifier throws.
 */
export async function waitForSlot(ctx: LifecycleContext, job: Job, running: number): Promise<void> {
  const now = ctx.clock.now();
  if (job.phase === 'waiting' && job.slotWait?.running === running && job.cardTs) {
    const due = (job.nextPollAt ?? 0) <= now;
    if (!due) return ensureNextPoll(ctx.scheduler, job);
  }
  const written = await writeJob(
    ctx.store,
    job,
    {
      phase: 'waiting',
      slotWait: { running, since: job.slotWait?.since ?? now },
      pollCount: job.pollCount + 1,
      nextPollAt: ctx.policy.notBefore(now, now + SLOT_RECHECK_MS),
      ...(job.cardTs ? {} : { cardAttempts: (job.cardAttempts ?? 0) + 1 }),
    },
    now,
  );
  if (!written) return ensureLatestPoll(ctx, job.requestId);
  await ensureNextPoll(ctx.scheduler, written);
  if (written.cardTs) {
    if (job.slotWait?.running !== running || job.phase !== 'waiting') {
      await updateCardSafely(ctx, written);
    }
    return;
  }
  const card = await postFirstCard(ctx, written, written, (current) => current.phase === 'waiting');
  const cardTs = card?.cardTs;
  if (cardTs === undefined) return;
  await updateJob(
    ctx.store,
    written,
    (current) => (current.cardTs ? undefined : { cardTs }),
    ctx.clock.now(),
  );
}

/**
 * After a lost race on a job waiting for a slot (or just given one): the writer that won may be a
 * wake-up whose worker died before booking its poll, and the retry of that worker's message,
 * about another job, would not book it. The message that lost, its own poll already used, books
 * the newest version's pending poll (idempotent), so the job is never left without one.
 * @throws whatever the store or the scheduler throws.
 */
export async function ensureLatestPoll(ctx: LifecycleContext, requestId: string): Promise<void> {
  const latest = await ctx.store.get(requestId);
  if (latest) await ensureNextPoll(ctx.scheduler, latest);
}
