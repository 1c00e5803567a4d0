import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PollingPolicy,
  type PollSituation,
  vendorGapMs,
  vendorPollOffsets,
} from '../../../../functions/core/polling/polling-policy';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

function situation(overrides: Partial<PollSituation> = {}): PollSituation {
  return {
    now: T0,
    startedAt: T0,
    limitAt: T0 + 6 * HOUR,
    state: 'running',
    consecutiveFailures: 0,
    ...overrides,
  };
}

describe('vendor schedule', () => {
  it('is 3 s, then 41 × 15 s, 40 × 30 s, then 60 s up to 350 calls (about 6 h)', () => {
    // Prepare
    const offsets = vendorPollOffsets();

    // Act
    const gaps = offsets.slice(1).map((at, i) => at - (offsets[i] ?? 0));

    // Assess
    expect(offsets).toHaveLength(350);
    expect(offsets[0]).toBe(3 * SECOND);
    expect(gaps.slice(0, 41).every((g) => g === 15 * SECOND)).toBe(true);
    expect(gaps.slice(41, 81).every((g) => g === 30 * SECOND)).toBe(true);
    expect(gaps.slice(81).every((g) => g === 60 * SECOND)).toBe(true);
    // Sleeps alone add up to 5 h; the notes' "about 6 hours" includes the calls themselves.
    expect(offsets.at(-1)).toBeGreaterThan(4.9 * HOUR);
    expect(vendorGapMs(5 * MINUTE)).toBe(15 * SECOND);
    expect(vendorGapMs(20 * MINUTE)).toBe(30 * SECOND);
    expect(vendorGapMs(40 * MINUTE)).toBe(60 * SECOND);
  });
});

describe('PollingPolicy', () => {
  it('falls back to the vendor backoff rounded up to the minute: every minute', () => {
    // Prepare
    const policy = new PollingPolicy();
    let now = T0 + 10 * SECOND;
    const times: number[] = [];

    // Act: the Scheduler delivers at the start of each named minute.
    for (let i = 0; i < 40; i++) {
      now = policy.nextPollAt(situation({ now }));
      times.push(now);
    }

    // Assess
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(times[0]).toBe(T0 + MINUTE);
    expect(gaps.every((g) => g === MINUTE)).toBe(true);
  });

  it('keeps the vendor gaps as they are with a fine precision', () => {
    // Prepare
    const policy = new PollingPolicy({ precisionMs: 1, leadMs: 0 });

    // Act
    const early = policy.nextPollAt(situation({ now: T0 + MINUTE }));
    const later = policy.nextPollAt(situation({ now: T0 + 20 * MINUTE }));

    // Assess
    expect(early - (T0 + MINUTE)).toBe(15 * SECOND);
    expect(later - (T0 + 20 * MINUTE)).toBe(30 * SECOND);
  });

  it('replaces everything with the fixed interval, unrounded, in local mode', () => {
    // Prepare
    const policy = new PollingPolicy({ fixedIntervalSeconds: 5 });
    const run = { lowMs: 20 * MINUTE, highMs: 25 * MINUTE, samples: 5 };

    // Act
    const next = policy.nextPollAt(
      situation({ now: T0 + 1234, expectedRun: run, consecutiveFailures: 3 }),
    );

    // Assess
    expect(policy.isFixed).toBe(true);
    expect(next).toBe(T0 + 1234 + 5 * SECOND);
  });

  it('polls rarely far from the expected finish and every minute around it', () => {
    // Prepare: earlier runs took 20 to 24 minutes; this one began running at T0.
    const policy = new PollingPolicy();
    const expectedRun = { lowMs: 20 * MINUTE, highMs: 24 * MINUTE, samples: 8 };
    let now = T0 + 30 * SECOND;
    const times: number[] = [];

    // Act
    for (let i = 0; i < 100 && now < T0 + 40 * MINUTE; i++) {
      now = policy.nextPollAt(situation({ now, runningSeenAt: T0, expectedRun }));
      times.push(now);
    }

    // Assess
    const before = times.filter((t) => t < T0 + 19 * MINUTE);
    const inside = times.filter((t) => t >= T0 + 20 * MINUTE && t <= T0 + 24 * MINUTE);
    expect(before.length).toBeLessThanOrEqual(5);
    expect(inside).toEqual([20, 21, 22, 23, 24].map((m) => T0 + m * MINUTE));
    const after = times.filter((t) => t > T0 + 24 * MINUTE);
    const gapsAfter = after.slice(1).map((t, i) => t - (after[i] ?? 0));
    expect(gapsAfter.every((g, i) => i === 0 || g >= (gapsAfter[i - 1] ?? 0))).toBe(true);
  });

  it('anchors the window at when the job began running, not when it was queued', () => {
    // Prepare
    const policy = new PollingPolicy();
    const expectedRun = { lowMs: 10 * MINUTE, highMs: 12 * MINUTE, samples: 8 };
    const began = T0 + HOUR;

    // Act
    const next = policy.nextPollAt(
      situation({
        now: began + MINUTE,
        queuedSeenAt: began - MINUTE,
        runningSeenAt: began,
        expectedRun,
      }),
    );

    // Assess: half-way to the window that opens 9 minutes after the last Queued answer.
    expect(next).toBe(began + 5 * MINUTE);
  });

  it('polls a queued job more rarely the longer it waits, at most every 5 minutes', () => {
    // Prepare
    const policy = new PollingPolicy();
    const expectedRun = { lowMs: 20 * MINUTE, highMs: 24 * MINUTE, samples: 8 };

    // Act
    const soon = policy.nextPollAt(situation({ now: T0 + MINUTE, state: 'queued', expectedRun }));
    const late = policy.nextPollAt(situation({ now: T0 + HOUR, state: 'queued', expectedRun }));

    // Assess
    expect(soon).toBe(T0 + 2 * MINUTE);
    expect(late).toBe(T0 + HOUR + 5 * MINUTE);
  });

  it('polls a queued job without history at most every 2 minutes', () => {
    // Prepare
    const policy = new PollingPolicy();

    // Act
    const late = policy.nextPollAt(situation({ now: T0 + HOUR, state: 'queued' }));

    // Assess
    expect(late).toBe(T0 + HOUR + 2 * MINUTE);
  });

  it('backs off 1, 2, 4, 5, 5 minutes after failed calls', () => {
    // Prepare
    const policy = new PollingPolicy();

    // Act
    const gaps = [1, 2, 3, 4, 5].map(
      (n) => policy.nextPollAt(situation({ now: T0, consecutiveFailures: n })) - T0,
    );

    // Assess
    expect(gaps).toEqual([1, 2, 4, 5, 5].map((m) => m * MINUTE));
  });

  it('aims the middle of the minute Scheduler delivers in at the wanted moment, not its start', () => {
    // Prepare: two failed calls want the next poll 2 minutes on; the clock is off the minute.
    const policy = new PollingPolicy();
    const wantedGap = 2 * MINUTE;

    // Act
    const example = policy.nextPollAt(situation({ now: T0 + 40 * SECOND, consecutiveFailures: 2 }));

    // Assess
    // Wanted 9:02:40: the minute from 9:02 (delivered 9:02:00-9:03:00, 9:02:30 on average), not
    // the one from 9:03 whose deliveries average 9:03:30.
    expect(example).toBe(T0 + 2 * MINUTE);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: HOUR }), (offset) => {
        const now = T0 + offset;
        const slot = policy.nextPollAt(situation({ now, consecutiveFailures: 2 }));
        return Math.abs(slot + MINUTE / 2 - (now + wantedGap)) <= MINUTE / 2;
      }),
    );
  });

  it('never schedules past the limit', () => {
    // Prepare
    const policy = new PollingPolicy();
    const expectedRun = { lowMs: 5 * HOUR, highMs: 5.5 * HOUR, samples: 3 };

    // Act
    const next = policy.nextPollAt(
      situation({ now: T0 + 50 * MINUTE, runningSeenAt: T0, expectedRun, limitAt: T0 + HOUR }),
    );

    // Assess
    expect(next).toBe(T0 + HOUR);
  });

  it('gives a watchdog time no earlier than asked, on a minute', () => {
    // Prepare
    const policy = new PollingPolicy();

    // Act
    const at = policy.notBefore(T0 + 10 * SECOND, T0 + 80 * SECOND);

    // Assess
    expect(at).toBe(T0 + 2 * MINUTE);
  });

  it('always answers a minute slot after now, at least the lead away, and within the limit', () => {
    // Prepare
    const policy = new PollingPolicy();
    const arbitrary = fc.record({
      now: fc.integer({ min: 0, max: 5 * HOUR }),
      startedBefore: fc.integer({ min: 0, max: HOUR }),
      queued: fc.boolean(),
      failures: fc.integer({ min: 0, max: 30 }),
      run: fc.option(
        fc.record({
          low: fc.integer({ min: 0, max: 3 * HOUR }),
          spread: fc.integer({ min: 0, max: HOUR }),
        }),
      ),
    });

    // Act / Assess
    fc.assert(
      fc.property(arbitrary, ({ now, startedBefore, queued, failures, run }) => {
        const s = situation({
          now: T0 + now,
          startedAt: T0 + now - startedBefore,
          limitAt: T0 + 6 * HOUR,
          state: queued ? 'queued' : 'running',
          consecutiveFailures: failures,
          expectedRun: run
            ? { lowMs: run.low, highMs: run.low + run.spread, samples: 5 }
            : undefined,
        });
        const next = policy.nextPollAt(s);
        return (
          next % MINUTE === 0 &&
          next >= s.now + 5 * SECOND &&
          next <= Math.max(s.limitAt, s.now + 5 * SECOND + MINUTE) &&
          next <= s.now + 16 * MINUTE
        );
      }),
    );
  });

  it('refuses a non-positive interval or precision', () => {
    // Prepare / Act / Assess
    expect(() => new PollingPolicy({ fixedIntervalSeconds: 0 })).toThrow(RangeError);
    expect(() => new PollingPolicy({ precisionMs: -1 })).toThrow(RangeError);
  });
});
