import type { ExpectedRun } from '../job';

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
 */
export class PollingPolicy {
  private readonly fixedMs: number | undefined;
  private readonly precisionMs: number;
  private readonly leadMs: number;

  /** @throws RangeError when an interval or the precision is not a positive number. */
  constructor(options: PollingPolicyOptions = {}) {
    const { fixedIntervalSeconds, precisionMs = MINUTE, leadMs = 5 * SECOND } = options;
    if (fixedIntervalSeconds !== undefined && !(fixedIntervalSeconds > 0)) {
      throw new RangeError(`fixedIntervalSeconds must be positive, got ${fixedIntervalSeconds}`);
    }
    if (!(precisionMs > 0))
      throw new RangeError(`precisionMs must be positive, got ${precisionMs}`);
    this.fixedMs = fixedIntervalSeconds === undefined ? undefined : fixedIntervalSeconds * SECOND;
    this.precisionMs = precisionMs;
    this.leadMs = Math.max(0, leadMs);
  }

  /** True when a fixed interval replaces the policy. */
  get isFixed(): boolean {
    return this.fixedMs !== undefined;
  }

  /** When to poll next (epoch ms): after `now`, never after the limit's slot. */
  nextPollAt(s: PollSituation): number {
    if (this.fixedMs !== undefined) {
      return Math.max(s.now + 1, Math.min(s.now + this.fixedMs, s.limitAt));
    }
    const wanted = s.now + this.gapMs(s);
    const earliest = this.earliestSlot(s.now);
    const aimed = Math.round((wanted - this.precisionMs / 2) / this.precisionMs) * this.precisionMs;
    const limitSlot = Math.ceil(s.limitAt / this.precisionMs) * this.precisionMs;
    return Math.max(earliest, Math.min(aimed, limitSlot));
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
    const runFrom = s.queuedSeenAt ?? s.startedAt;
    const runTo = s.runningSeenAt ?? s.now;
    const windowStart = runFrom + run.lowMs;
    const windowEnd = runTo + run.highMs;
    const distance = s.now < windowStart ? windowStart - s.now : Math.max(0, s.now - windowEnd);
    return clamp(distance * DISTANCE_SHARE, CORE_GAP_MS, MAX_GAP_MS);
  }

  private earliestSlot(now: number): number {
    return Math.ceil((now + this.leadMs) / this.precisionMs) * this.precisionMs;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
