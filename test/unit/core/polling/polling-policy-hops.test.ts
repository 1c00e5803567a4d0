import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpectedRun } from '../../../../functions/core/job';
import {
  type HopOptions,
  PollingPolicy,
  type PollSituation,
} from '../../../../functions/core/polling/polling-policy';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const HOPS: HopOptions = { windowGapMs: 20 * SECOND, rampGapMs: 30 * SECOND, maxHopMs: 2 * MINUTE };
/** Earlier runs took 20 to 24 minutes: window 20-24 minutes after it began running (at T0). */
const RUN: ExpectedRun = { lowMs: 20 * MINUTE, highMs: 24 * MINUTE, samples: 8 };

function situation(overrides: Partial<PollSituation> = {}): PollSituation {
  return {
    now: T0,
    startedAt: T0 - MINUTE,
    limitAt: T0 + 6 * HOUR,
    state: 'running',
    queuedSeenAt: T0,
    runningSeenAt: T0,
    expectedRun: RUN,
    consecutiveFailures: 0,
    ...overrides,
  };
}

/** Every check of a job that never finishes, from `from`: each poll's plan, then its hops. */
function checksFrom(policy: PollingPolicy, from: number, until: number) {
  const checks: { at: number; by: 'poll' | 'hop' }[] = [];
  let now = from;
  for (let guard = 0; guard < 1_000 && now < until; guard++) {
    const plan = policy.plan(situation({ now }));
    let hopAt = plan.hopAt;
    while (hopAt !== undefined && hopAt < until) {
      checks.push({ at: hopAt, by: 'hop' });
      hopAt = policy.nextHopAt(situation({ now: hopAt }), plan.pollAt);
    }
    checks.push({ at: plan.pollAt, by: 'poll' });
    now = plan.pollAt;
  }
  return checks;
}

describe('PollingPolicy with short hops', () => {
  it('plans no hop without hop options: the poll alone, as before', () => {
    // Prepare
    const policy = new PollingPolicy();
    const inside = situation({ now: T0 + 21 * MINUTE });

    // Act
    const plan = policy.plan(inside);

    // Assess
    expect(policy.usesHops).toBe(false);
    expect(plan).toEqual({ pollAt: policy.nextPollAt(inside) });
    expect(policy.nextHopAt(inside, plan.pollAt)).toBeUndefined();
  });

  it('waits for the ramp before the window with one poll, then hops through it to the second', () => {
    // Prepare: the window is 4 minutes wide, so each ramp is 1 minute.
    const policy = new PollingPolicy({ hops: HOPS });

    // Act
    const checks = checksFrom(policy, T0 + 30 * SECOND, T0 + 26 * MINUTE);

    // Assess
    // One wait of at most 15 minutes, then one to the ramp that opens a minute before the window.
    const polls = checks.filter((c) => c.by === 'poll' && c.at <= T0 + 19 * MINUTE);
    expect(polls.map((c) => c.at)).toEqual([T0 + 15 * MINUTE, T0 + 19 * MINUTE]);
    const hops = checks.filter((c) => c.by === 'hop').map((c) => c.at - T0);
    const gaps = hops.slice(1).map((at, i) => at - (hops[i] ?? 0));
    // The ramp at 30 s, landing on the window's start, then every 20 s through the window.
    expect(
      hops.filter((at) => at < 20 * MINUTE).every((at) => at >= 19 * MINUTE - 30 * SECOND),
    ).toBe(true);
    expect(hops).toContain(20 * MINUTE);
    const inside = gaps.filter(
      (_, i) => (hops[i] ?? 0) >= 20 * MINUTE && (hops[i] ?? 0) < 24 * MINUTE,
    );
    expect(inside.length).toBeGreaterThanOrEqual(11);
    expect(inside.every((g) => g === 20 * SECOND)).toBe(true);
    // Through the late ramp at 30 s, then gaps that grow.
    const late = gaps.filter((_, i) => (hops[i] ?? 0) > 24 * MINUTE);
    expect(late.slice(0, 2)).toEqual([30 * SECOND, 30 * SECOND]);
    expect(late.every((g, i) => i === 0 || g >= (late[i - 1] ?? 0))).toBe(true);
  });

  it('puts the poll behind the hops where they end, aimed like any poll', () => {
    // Prepare
    const policy = new PollingPolicy({ hops: HOPS });

    // Act: a check in the window's middle.
    const plan = policy.plan(situation({ now: T0 + 22 * MINUTE }));

    // Assess: hops every 20 s to 24:00, the ramp to 25:00, then gaps of 30 s growing by 30 % of the
    // time past the ramp up to 2 minutes, after which the next check (about 33 minutes in) is a poll.
    expect(plan.hopAt).toBe(T0 + 22 * MINUTE + 20 * SECOND);
    expect(plan.pollAt).toBeGreaterThan(T0 + 28 * MINUTE);
    expect(plan.pollAt).toBeLessThan(T0 + 22 * MINUTE + 15 * MINUTE);
    expect(plan.pollAt % MINUTE).toBe(0);
  });

  it('hops until the slot of the poll behind them has passed, never past the limit', () => {
    // Prepare
    const policy = new PollingPolicy({ hops: HOPS });
    const pollAt = T0 + 21 * MINUTE;

    // Act
    const inSlot = policy.nextHopAt(situation({ now: T0 + 21 * MINUTE + 30 * SECOND }), pollAt);
    const afterSlot = policy.nextHopAt(situation({ now: T0 + 21 * MINUTE + 45 * SECOND }), pollAt);
    const atLimit = policy.nextHopAt(
      situation({ now: T0 + 22 * MINUTE, limitAt: T0 + 22 * MINUTE + 10 * SECOND }),
      T0 + HOUR,
    );

    // Assess
    expect(inSlot).toBe(T0 + 21 * MINUTE + 50 * SECOND);
    expect(afterSlot).toBeUndefined();
    expect(atLimit).toBeUndefined();
    expect(policy.pollSlotEnd(pollAt)).toBe(pollAt + MINUTE);
  });

  it('polls queued and failing jobs at the scheduler precision, without hops', () => {
    // Prepare
    const policy = new PollingPolicy({ hops: HOPS });
    const queued = situation({ now: T0 + 21 * MINUTE, state: 'queued', runningSeenAt: undefined });
    const failing = situation({ now: T0 + 21 * MINUTE, consecutiveFailures: 1 });

    // Act
    const plans = [policy.plan(queued), policy.plan(failing)];

    // Assess
    expect(plans).toEqual([
      { pollAt: policy.nextPollAt(queued) },
      { pollAt: policy.nextPollAt(failing) },
    ]);
    expect(policy.nextHopAt(failing, T0 + HOUR)).toBeUndefined();
  });

  it('hops every ramp gap without history, or at the vendor gap when that is longer', () => {
    // Prepare
    const policy = new PollingPolicy({ hops: HOPS });
    const early = situation({ now: T0 + 5 * MINUTE, expectedRun: undefined });
    const late = situation({ now: T0 + 40 * MINUTE, expectedRun: undefined, startedAt: T0 });

    // Act
    const gaps = [policy.plan(early).hopAt, policy.plan(late).hopAt].map((at, i) =>
      at === undefined ? undefined : at - [early, late][i]!.now,
    );

    // Assess
    expect(gaps).toEqual([30 * SECOND, 60 * SECOND]);
  });

  it('refuses hop gaps that do not grow from at least 5 s', () => {
    // Act
    // Assess
    expect(() => new PollingPolicy({ hops: { ...HOPS, windowGapMs: 2 * SECOND } })).toThrow(
      RangeError,
    );
    expect(() => new PollingPolicy({ hops: { ...HOPS, rampGapMs: 10 * SECOND } })).toThrow(
      RangeError,
    );
    expect(() => new PollingPolicy({ hops: { ...HOPS, maxHopMs: 20 * SECOND } })).toThrow(
      RangeError,
    );
  });

  it('leaves hops out where a fixed interval replaces the policy', () => {
    // Prepare
    const policy = new PollingPolicy({ fixedIntervalSeconds: 5, hops: HOPS });

    // Act
    const plan = policy.plan(situation({ now: T0 + 21 * MINUTE }));

    // Assess
    expect(policy.usesHops).toBe(false);
    expect(plan).toEqual({ pollAt: T0 + 21 * MINUTE + 5 * SECOND });
  });

  it('always plans a hop at least 5 s on, before its poll, and the poll within 15 minutes and a slot', () => {
    // Prepare
    const policy = new PollingPolicy({ hops: HOPS });
    const arbitrary = fc.record({
      offset: fc.integer({ min: 0, max: 2 * HOUR }),
      lowMs: fc.integer({ min: 0, max: HOUR }),
      spreadMs: fc.integer({ min: 0, max: 30 * MINUTE }),
      queuedFor: fc.integer({ min: 0, max: 10 * MINUTE }),
      limitIn: fc.integer({ min: 1, max: 3 * HOUR }),
      history: fc.boolean(),
    });

    // Act
    // Assess
    fc.assert(
      fc.property(arbitrary, ({ offset, lowMs, spreadMs, queuedFor, limitIn, history }) => {
        const now = T0 + offset;
        const s = situation({
          now,
          queuedSeenAt: T0 - queuedFor,
          expectedRun: history ? { lowMs, highMs: lowMs + spreadMs, samples: 5 } : undefined,
          limitAt: now + limitIn,
        });
        const plan = policy.plan(s);
        expect(plan.pollAt).toBeGreaterThan(now);
        expect(plan.pollAt).toBeLessThanOrEqual(
          Math.max(now + 15 * MINUTE + MINUTE, s.limitAt + MINUTE),
        );
        if (plan.hopAt !== undefined) {
          expect(plan.hopAt - now).toBeGreaterThanOrEqual(5 * SECOND);
          expect(plan.hopAt - now).toBeLessThanOrEqual(HOPS.maxHopMs);
          expect(plan.hopAt).toBeLessThan(plan.pollAt);
          expect(plan.hopAt).toBeLessThan(s.limitAt);
        }
        const next = policy.nextHopAt(s, plan.pollAt);
        if (next !== undefined) expect(next - now).toBeGreaterThanOrEqual(5 * SECOND);
      }),
      { numRuns: 500 },
    );
  });
});
