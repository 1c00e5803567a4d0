import { isTerminal, type Job } from '../job';
import { updateJob } from '../job-writes';
import { ensureNextPoll } from '../polling/next-poll';
import type { AtsSlots } from '../ports';
import type { LifecycleContext } from './lifecycle-context';
import { stillHoldsSlot } from './slot-hold';

/**
 * The bot's side of ATS's cap of jobs queued or running per app (release notes 2.17.1: ATS
 * cancels the sixth). A run or rerun holds a slot from just before its order is sent until it
 * ends, or, when it ends while its ATS job may still run, until ATS reports that job done or its
 * hold ends (`slot-hold.ts`); beyond the cap it waits, in the order it asked, and is woken when a
 * slot frees.
 *
 * All of it lives in one record per app (`AtsSlots`), changed only by conditional writes, each
 * decision taken again on the newest version after a lost race, so duplicate deliveries agree.
 * Every step may be repeated after a crash: taking a slot finds the job already holding or
 * waiting; releasing finds it gone. A job that ended without releasing (its worker died after the
 * terminal write) releases at its next message; one whose record is gone, or terminal without a
 * hold, is dropped from the record whenever the slots look full, so no end of a job leaks a slot.
 */

/** What {@link takeSlot} found. */
export type SlotAnswer = { held: true } | { held: false; running: number };

/**
 * Lost races after which a slot change is left to the next delivery (every round one writer wins,
 * so this covers that many deliveries at the same moment).
 */
const ATTEMPTS = 25;

/** How long a waiting job waits before it checks its slot again by itself (missed wake-ups). */
export const SLOT_RECHECK_MS = 5 * 60_000;

/**
 * Gives `job` a slot when one is free and nobody waits before it; otherwise puts it in line (once).
 * Free slots go to the first in line, whoever notices them: those it is not are woken.
 * @throws whatever the store throws; Error after {@link ATTEMPTS} lost races (retried later).
 */
export async function takeSlot(ctx: LifecycleContext, job: Job): Promise<SlotAnswer> {
  const cap = ctx.settings.atsJobCap;
  const id = job.requestId;
  // What was found about each holder, kept across lost races: ATS is asked once per call.
  const checked = new Map<string, boolean>();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const slots = await ctx.store.getSlots(ctx.atsApp);
    if (slots.holders.includes(id)) return { held: true };
    const inLine = slots.waiting.includes(id);
    const first = inLine ? slots.waiting[0] === id : slots.waiting.length === 0;
    const holders =
      slots.holders.length >= cap
        ? await stillHolding(ctx, slots.holders, first, checked)
        : slots.holders;
    const waiting = inLine ? slots.waiting : [...slots.waiting, id];
    const { next, promoted } = withPromoted(slots, holders, waiting, cap);
    if (inLine && promoted.length === 0 && holders.length === slots.holders.length) {
      return { held: false, running: holders.length };
    }
    if (await ctx.store.putSlots(next)) {
      for (const other of promoted) if (other !== id) await wake(ctx, other);
      return promoted.includes(id) ? { held: true } : { held: false, running: next.holders.length };
    }
  }
  throw new Error(`Could not take an ATS slot for ${id}: the slots kept changing`);
}

/**
 * Gives back the slot of a job that ended (or its place in line), and wakes the jobs that take
 * the freed slots, in order. Does nothing for a job that holds none.
 * @throws whatever the store or the scheduler throws.
 */
export async function releaseSlot(ctx: LifecycleContext, requestId: string): Promise<void> {
  const woken: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const slots = await ctx.store.getSlots(ctx.atsApp);
    if (!slots.holders.includes(requestId) && !slots.waiting.includes(requestId)) break;
    const { next, promoted } = withPromoted(
      slots,
      slots.holders.filter((h) => h !== requestId),
      slots.waiting.filter((w) => w !== requestId),
      ctx.settings.atsJobCap,
    );
    if (await ctx.store.putSlots(next)) {
      woken.push(...promoted);
      break;
    }
  }
  for (const next of woken) await wake(ctx, next);
}

/**
 * The next version of the slots record with these holders and this line, the first in line
 * taking the slots free under `cap`; `promoted` are those who took one.
 */
function withPromoted(
  slots: AtsSlots,
  holders: readonly string[],
  line: readonly string[],
  cap: number,
): { next: AtsSlots; promoted: string[] } {
  const free = Math.max(0, cap - holders.length);
  const promoted = line.slice(0, free);
  const next = {
    ...slots,
    holders: [...holders, ...promoted],
    waiting: line.slice(free),
    version: slots.version + 1,
  };
  return { next, promoted };
}

/**
 * Makes a job that was just given a slot start now: its pending poll moves to now (a new poll
 * number, so a duplicate of the old one is stale). A job that ended meanwhile gives its slot on.
 */
async function wake(ctx: LifecycleContext, requestId: string): Promise<void> {
  const job = await ctx.store.get(requestId);
  if (!job || isTerminal(job.phase)) {
    await releaseSlot(ctx, requestId);
    return;
  }
  if (job.phase !== 'waiting') return;
  const now = ctx.clock.now();
  const woken = await updateJob(
    ctx.store,
    job,
    (current) =>
      current.phase === 'waiting'
        ? { pollCount: current.pollCount + 1, nextPollAt: ctx.policy.notBefore(now, now) }
        : undefined,
    now,
  );
  if (woken?.phase === 'waiting') await ensureNextPoll(ctx.scheduler, woken);
}

/**
 * The holders that still hold their slot: their job has not ended, or it ended while its ATS job
 * may still run and its hold says so (`slot-hold.ts`; only the first in line, `mayAsk`, asks ATS).
 * A holder whose job is gone or ended without a hold is a leak and is dropped.
 */
async function stillHolding(
  ctx: LifecycleContext,
  holders: string[],
  mayAsk: boolean,
  checked: Map<string, boolean>,
): Promise<string[]> {
  const alive: string[] = [];
  for (const holder of holders) {
    let holds = checked.get(holder);
    if (holds === undefined) {
      const job = await ctx.store.get(holder);
      holds = job !== undefined && (await stillHoldsSlot(ctx, job, mayAsk));
      // Jobs that still run are read again on the next round: they may end meanwhile.
      if (!job || isTerminal(job.phase)) checked.set(holder, holds);
    }
    if (holds) alive.push(holder);
  }
  return alive;
}
