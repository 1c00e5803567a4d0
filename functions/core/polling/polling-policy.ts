import type { ExpectedRun } from '../job';
import { finishEstimate, hopZones } from './finish-estimate';

/** Options of {@link PollingPolicy}. */
export interface PollingPolicyOptions {
  /**
   * Poll at this fixed interval instead of following the policy (local mode; below one minute
   * allowed). No rounding to a precision then: local timers are exact.
   */
  fixedIntervalSeconds?: number;
  /**
   * Precision of the scheduler that delivers polls: EventBridge Scheduler delivers a one-time
   * schedule anywhere within the minute its `at()` names, so 60 000 on AWS (the default).
   */
  precisionMs?: number;
  /** Least time between deciding and the scheduled moment, so the schedule exists in time. */
  leadMs?: number;
  /**
   * Short hops: checks to the second between the scheduler's polls, around the expected finish
   * of a running job. Without them every check is a poll at the scheduler's precision.
   */
  hops?: HopOptions;
}

/** How a running job is checked with short hops (see {@link PollingPolicy}). */
export interface HopOptions {
  /** Gap between the dense checks, where a job is most likely to finish next. */
  windowGapMs: number;
  /** Gap between the sparse checks before and after the dense ones, and without history. */
  rampGapMs: number;
  /** Longest wait a hop carries; a longer one is a scheduled poll. */
  maxHopMs: number;
}

/** What to check next: a poll at the scheduler's precision, and maybe hops before it. */
export interface CheckPlan {
  /** When the next poll is due (epoch ms): the next check, or the backstop behind the hops. */
  pollAt: number;
  /** When the first hop is due (epoch ms), before `pollAt`; none when the poll is the next check. */
  hopAt?: number;
}

/** What the policy needs to know about a job to choose its next poll. */
export interface PollSituation {
  now: number;
  /** When ATS accepted the job (or watching began). */
  startedAt: number;
  /** The wall-clock limit: no poll is scheduled after it. */
  limitAt: number;
  /** What ATS last said: still waiting for a Selenium session, or running. */
  state: 'queued' | 'running';
  /** Last time ATS said `Queued`; `startedAt` when it never did. */
  queuedSeenAt?: number;
  /** First time ATS said `Running`. */
  runningSeenAt?: number;
  /** Running time learned from earlier runs of the template; none means no history. */
  expectedRun?: ExpectedRun;
  /** Consecutive failed GetJobStatus calls up to now. */
  consecutiveFailures: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Gap around the expected finish: every minute, the Scheduler's precision. */
const CORE_GAP_MS = MINUTE;
/** Outside the window, the gap is this share of the distance to it (halving the distance). */
const DISTANCE_SHARE = 0.5;
/** No gap is longer, so a job far off its history is still noticed within this. */
const MAX_GAP_MS = 15 * MINUTE;
/** Queued jobs: the gap grows with the wait, up to this. */
const MAX_QUEUED_GAP_MS = 5 * MINUTE;
/** Queued without history: nothing says how soon the run ends once it begins. */
const UNKNOWN_QUEUED_GAP_MS = 2 * MINUTE;
/** After failed GetJobStatus calls: 1, 2, 4 then 5 minutes. */
const MAX_FAILURE_GAP_MS = 5 * MINUTE;
/**
 * With hops: the longest wait from the first check that sees a job running to its first hop.
 * A run far shorter than its history (an early abort) is seen within this.
 */
const MAX_APPROACH_MS = 30 * MINUTE;
/** With hops, far past the expected finish: the gap grows by this share of the time past it. */
const LATE_SHARE = 0.3;
/** No hop is shorter. */
const MIN_HOP_MS = 5 * SECOND;
/** Bound of the hops planned ahead when placing the poll behind them. */
const MAX_PLANNED_HOPS = 500;

/**
 * When the vendor's Jenkins plugin polls, as offsets (ms) from the start: 3 s, then every 15 s
 * for 41 calls, every 30 s for 40 more, then every 60 s up to 350 calls (5 hours of sleeps;
 * about 6 with the calls themselves).
 */
export function vendorPollOffsets(): number[] {
  const offsets: number[] = [];
  let at = 3 * SECOND;
  for (let call = 1; call <= 350; call++) {
    offsets.push(at);
    at += call <= 41 ? 15 * SECOND : call <= 81 ? 30 * SECOND : 60 * SECOND;
  }
  return offsets;
}

/** The vendor plugin's gap at this time since the start: 15 s, 30 s after ~10 min, 60 s after ~30 min. */
export function vendorGapMs(elapsedMs: number): number {
  if (elapsedMs < 3 * SECOND + 41 * 15 * SECOND) return 15 * SECOND;
  if (elapsedMs < 3 * SECOND + 41 * 15 * SECOND + 40 * 30 * SECOND) return 30 * SECOND;
  return 60 * SECOND;
}

/**
 * Decides when a job is polled next. Pure: the same situation always gives the same time.
 *
 * - Without history, the vendor plugin's backoff (15 s, 30 s, 60 s) rounded up to the precision
 *   (so every minute on AWS).
 * - With history: every minute inside the window where earlier runs of the template finished
 *   (anchored at when this job began running), and outside it a gap of half the distance to the
 *   window, 1 to 15 minutes: few calls far from the expected finish, a bounded delay for early or
 *   late finishers.
 * - While queued, a gap of a quarter of the wait so far (at most 5 minutes and a third of the
 *   shortest expected run; 2 minutes without history), so the start of the run is seen in time
 *   to anchor the window.
 * - After failed calls, 1, 2, 4, then 5 minutes.
 *
 * Every time is aligned to the precision: since the Scheduler delivers anywhere within the named
 * minute, the middle of that minute is aimed at the wanted moment.
 *
 * With {@link HopOptions}, a running job is checked to the second around its expected finish
 * ({@link plan}, zones from `finish-estimate.ts`): one wait from afar (at most 30 minutes) to the
 * first hop, a hop every `rampGapMs` (sparse) until finishing is likely, every `windowGapMs`
 * (dense) up to 3 spreads past the expected finish, every `rampGapMs` to 5 spreads past it, then
 * a gap growing by 30 % of the time past that. Without history, every `rampGapMs` or the vendor's
 * gap, whichever is longer. Queued and failing jobs are polled as above.
 */
export class PollingPolicy {
  private readonly fixedMs: number | undefined;
  private readonly precisionMs: number;
  private readonly leadMs: number;
  private readonly hops: HopOptions | undefined;

  /**
   * @throws RangeError when an interval or the precision is not a positive number, or hop gaps
   * are not `MIN_HOP_MS ≤ windowGapMs ≤ rampGapMs ≤ maxHopMs`.
   */
  constructor(options: PollingPolicyOptions = {}) {
    const { fixedIntervalSeconds, precisionMs = MINUTE, leadMs = 5 * SECOND, hops } = options;
    if (fixedIntervalSeconds !== undefined && !(fixedIntervalSeconds > 0)) {
      throw new RangeError(`fixedIntervalSeconds must be positive, got ${fixedIntervalSeconds}`);
    }
    if (!(precisionMs > 0))
      throw new RangeError(`precisionMs must be positive, got ${precisionMs}`);
    if (
      hops &&
      !(
        MIN_HOP_MS <= hops.windowGapMs &&
        hops.windowGapMs <= hops.rampGapMs &&
        hops.rampGapMs <= hops.maxHopMs
      )
    ) {
      throw new RangeError(
        `hop gaps must grow from at least ${MIN_HOP_MS} ms: window ${hops.windowGapMs}, ramp ${hops.rampGapMs}, longest hop ${hops.maxHopMs}`,
      );
    }
    this.fixedMs = fixedIntervalSeconds === undefined ? undefined : fixedIntervalSeconds * SECOND;
    this.precisionMs = precisionMs;
    this.leadMs = Math.max(0, leadMs);
    // A fixed interval replaces the policy, hops included.
    this.hops = this.fixedMs === undefined ? hops : undefined;
  }

  /** True when a fixed interval replaces the policy. */
  get isFixed(): boolean {
    return this.fixedMs !== undefined;
  }

  /** True when the policy plans short hops between polls. */
  get usesHops(): boolean {
    return this.hops !== undefined;
  }

  /**
   * What to check next. Without hops, or for a job queued or failing: a poll at
   * {@link nextPollAt}. For a running job whose next check is within a hop: that hop, and the poll
   * behind it where the hops planned from here end (at most 15 minutes on), so that a lost hop
   * costs at most that wait.
   */
  plan(s: PollSituation): CheckPlan {
    const hopGap = this.hopGapFor(s);
    if (hopGap === undefined || !this.hops) return { pollAt: this.nextPollAt(s) };
    if (hopGap > this.hops.maxHopMs) return { pollAt: this.aligned(s, s.now + hopGap) };
    const hopAt = s.now + hopGap;
    // Where the hops end: the first check whose next gap is longer than a hop.
    let at = hopAt;
    let gap = this.hopGapFor({ ...s, now: at }) ?? MAX_GAP_MS;
    for (let i = 0; i < MAX_PLANNED_HOPS && gap <= this.hops.maxHopMs; i++) {
      if (at + gap - s.now >= MAX_GAP_MS) break;
      at += gap;
      gap = this.hopGapFor({ ...s, now: at }) ?? MAX_GAP_MS;
    }
    const wanted = Math.min(at + gap, s.now + MAX_GAP_MS);
    const pollAt = Math.max(this.aligned(s, wanted), this.earliestSlot(hopAt));
    return hopAt < pollAt && hopAt < s.limitAt ? { pollAt, hopAt } : { pollAt };
  }

  /**
   * When the hop after this one is due (epoch ms), or undefined when the next check is too far for
   * a hop, past the limit, or past the slot of the poll at `pollAt`: hops go on through that slot,
   * since the scheduler delivers anywhere within it, and the poll, once it has run, makes the hops
   * still on their way stale.
   */
  nextHopAt(s: PollSituation, pollAt: number): number | undefined {
    const gap = this.hopGapFor(s);
    if (gap === undefined || !this.hops || gap > this.hops.maxHopMs) return undefined;
    const at = s.now + gap;
    return at < pollAt + this.precisionMs && at < s.limitAt ? at : undefined;
  }

  /** When a poll scheduled for `pollAt` has surely been delivered (the end of its slot). */
  pollSlotEnd(pollAt: number): number {
    return pollAt + this.precisionMs;
  }

  /** When to poll next (epoch ms): after `now`, never after the limit's slot. */
  nextPollAt(s: PollSituation): number {
    if (this.fixedMs !== undefined) {
      return Math.max(s.now + 1, Math.min(s.now + this.fixedMs, s.limitAt));
    }
    return this.aligned(s, s.now + this.gapMs(s));
  }

  /**
   * The first moment at or after `notBefore` the scheduler can deliver at: for watchdogs and
   * retries that must not come early.
   */
  notBefore(now: number, notBefore: number): number {
    if (this.fixedMs !== undefined) return Math.max(now + 1, notBefore);
    return Math.max(
      this.earliestSlot(now),
      Math.ceil(notBefore / this.precisionMs) * this.precisionMs,
    );
  }

  /** The wanted gap before alignment. */
  private gapMs(s: PollSituation): number {
    if (s.consecutiveFailures > 0) {
      return Math.min(MINUTE * 2 ** (s.consecutiveFailures - 1), MAX_FAILURE_GAP_MS);
    }
    const run = s.expectedRun;
    if (s.state === 'queued') {
      // Waiting for a Selenium session can take an hour; the run that follows takes at least
      // `lowMs`, so a third of it is soon enough to see it begin.
      const cap = run
        ? Math.min(MAX_QUEUED_GAP_MS, Math.max(MINUTE, run.lowMs / 3))
        : UNKNOWN_QUEUED_GAP_MS;
      return clamp((s.now - s.startedAt) / 4, 15 * SECOND, cap);
    }
    if (!run) return vendorGapMs(s.now - s.startedAt);
    const { windowStart, windowEnd } = expectedWindow(s, run);
    const distance = s.now < windowStart ? windowStart - s.now : Math.max(0, s.now - windowEnd);
    return clamp(distance * DISTANCE_SHARE, CORE_GAP_MS, MAX_GAP_MS);
  }

  /**
   * The slot of the scheduler aimed at `wanted`: since it delivers anywhere within the slot, the
   * slot's middle is put on the wanted moment; never before the earliest slot, nor past the limit's.
   */
  private aligned(s: PollSituation, wanted: number): number {
    const earliest = this.earliestSlot(s.now);
    const aimed = Math.round((wanted - this.precisionMs / 2) / this.precisionMs) * this.precisionMs;
    const limitSlot = Math.ceil(s.limitAt / this.precisionMs) * this.precisionMs;
    return Math.max(earliest, Math.min(aimed, limitSlot));
  }

  /**
   * The gap to the next check of a running job that hops may serve, to the millisecond: one wait
   * from afar to the first hop, then `rampGapMs` (sparse), `windowGapMs` (dense), `rampGapMs`
   * again and growing gaps, by the zones of {@link hopZones}; without history, `rampGapMs` or the
   * vendor's gap. Undefined without hops, for a job not seen running, and after failed calls:
   * those are polled at the scheduler's precision.
   */
  private hopGapFor(s: PollSituation): number | undefined {
    const hops = this.hops;
    if (!hops || s.state !== 'running' || s.consecutiveFailures > 0) return undefined;
    const run = s.expectedRun;
    if (!run) return Math.max(vendorGapMs(s.now - s.startedAt), hops.rampGapMs);
    const zones = hopZones(
      finishEstimate(run, {
        from: s.queuedSeenAt ?? s.startedAt,
        to: s.runningSeenAt ?? s.now,
      }),
    );
    // One wait to the first hop; never a shorter one than a sparse hop, so that the waits end.
    if (s.now < zones.firstAt - hops.rampGapMs) {
      return Math.min(zones.firstAt - s.now, MAX_APPROACH_MS);
    }
    // Sparse hops, landing on the first dense one.
    if (s.now < zones.denseAt)
      return clamp(zones.denseAt - s.now, hops.windowGapMs, hops.rampGapMs);
    if (s.now <= zones.denseEndAt) return hops.windowGapMs;
    if (s.now <= zones.sparseEndAt) return hops.rampGapMs;
    const past = s.now - zones.sparseEndAt;
    return clamp(hops.rampGapMs + past * LATE_SHARE, hops.rampGapMs, MAX_GAP_MS);
  }

  private earliestSlot(now: number): number {
    return Math.ceil((now + this.leadMs) / this.precisionMs) * this.precisionMs;
  }
}

/**
 * Where earlier runs say this one finishes (epoch ms): `lowMs` after the last time it was seen
 * queued to `highMs` after the first time it was seen running (or now, not seen yet).
 */
function expectedWindow(
  s: PollSituation,
  run: ExpectedRun,
): { windowStart: number; windowEnd: number } {
  const runFrom = s.queuedSeenAt ?? s.startedAt;
  const runTo = s.runningSeenAt ?? s.now;
  return { windowStart: runFrom + run.lowMs, windowEnd: runTo + run.highMs };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
