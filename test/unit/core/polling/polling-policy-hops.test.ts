import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpectedRun } from '../../../../functions/core/job';
import { finishEstimate, hopZones } from '../../../../functions/core/polling/finish-estimate';
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
/** Earlier runs took about 22 minutes, give or take one: the finish expected 22 minutes after T0. */
const RUN: ExpectedRun = {
  lowMs: 20 * MINUTE,
  highMs: 24 * MINUTE,
  medianMs: 22 * MINUTE,
  spreadMs: MINUTE,
  samples: 8,
};

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

  it('waits for the first hop with polls, hops sparsely, then densely where finishing is likely', () => {
    // Prepare: a finish expected 22 minutes after it began running, give or take a minute.
    const policy = new PollingPolicy({ hops: HOPS });
    const zones = hopZones(finishEstimate(RUN, { from: T0, to: T0 }));

    // Act
    const checks = checksFrom(policy, T0 + 30 * SECOND, T0 + 32 * MINUTE);

    // Assess
    // The first hop where a job still running finishes at 1.5 % a minute (2.56 spreads early),
    // dense hops from where it finishes at 60 % a minute (0.33 spreads early), up to 3 spreads
    // late, sparse ones to 5 spreads late.
    expect(Math.abs(zones.firstAt - (T0 + 22 * MINUTE - 2.56 * MINUTE))).toBeLessThan(2 * SECOND);
    expect(Math.abs(zones.denseAt - (T0 + 22 * MINUTE - 0.33 * MINUTE))).toBeLessThan(2 * SECOND);
    expect([zones.denseEndAt, zones.sparseEndAt]).toEqual([T0 + 25 * MINUTE, T0 + 27 * MINUTE]);
    // One wait of at most 30 minutes from afar: a poll just before the first hop.
    const polls = checks.filter((c) => c.by === 'poll' && c.at < zones.firstAt);
    expect(polls).toHaveLength(1);
    expect(zones.firstAt - (polls[0]?.at ?? 0)).toBeLessThanOrEqual(HOPS.rampGapMs + MINUTE);
    const hops = checks.filter((c) => c.by === 'hop').map((c) => c.at);
    const gapAfter = (at: number) => (hops[hops.indexOf(at) + 1] ?? Number.NaN) - at;
    const sparse = hops.filter((at) => at + HOPS.rampGapMs < zones.denseAt);
    const dense = hops.filter(
      (at) => at >= zones.denseAt && at + HOPS.windowGapMs <= zones.denseEndAt,
    );
    const late = hops.filter(
      (at) => at > zones.denseEndAt && at + HOPS.rampGapMs <= zones.sparseEndAt,
    );
    expect(sparse.length).toBeGreaterThanOrEqual(3);
    expect(sparse.every((at) => gapAfter(at) === HOPS.rampGapMs)).toBe(true);
    const firstDense = hops.find((at) => at >= zones.denseAt) ?? Number.NaN;
    expect(firstDense - zones.denseAt).toBeLessThanOrEqual(HOPS.windowGapMs);
    expect(dense.length).toBeGreaterThanOrEqual(9);
    expect(dense.every((at) => gapAfter(at) === HOPS.windowGapMs)).toBe(true);
    expect(late.length).toBeGreaterThanOrEqual(3);
    expect(late.every((at) => gapAfter(at) === HOPS.rampGapMs)).toBe(true);
    // Past that, gaps that grow.
    const after = hops.filter((at) => at > zones.sparseEndAt);
    const gaps = after.slice(1).map((at, i) => at - (after[i] ?? 0));
    expect(gaps.every((g, i) => i === 0 || g >= (gaps[i - 1] ?? 0))).toBe(true);
  });

  it('puts dense hops earlier, in spreads, for a tight history than for a loose one', () => {
    // Prepare
    const tight = finishEstimate({ ...RUN, spreadMs: 20 * SECOND }, { from: T0, to: T0 });
    const loose = finishEstimate({ ...RUN, spreadMs: 4 * MINUTE }, { from: T0, to: T0 });

    // Act
    const [t, l] = [hopZones(tight), hopZones(loose)];

    // Assess: a check covers more of a tight finish, so it pays earlier in the distribution.
    const spreads = (at: number, f: typeof tight) => (at - f.meanAt) / f.spreadMs;
    expect(spreads(t.denseAt, tight)).toBeLessThan(spreads(l.denseAt, loose));
    expect(spreads(t.firstAt, tight)).toBeLessThan(spreads(l.firstAt, loose));
  });

  it('puts the poll behind the hops where they end, aimed like any poll', () => {
    // Prepare
    const policy = new PollingPolicy({ hops: HOPS });

    // Act: a check in the dense hops.
    const plan = policy.plan(situation({ now: T0 + 22 * MINUTE }));

    // Assess: hops every 20 s to 25:00, 30 s to 27:00, then gaps of 30 s growing by 30 % of the
    // time past it up to 2 minutes, after which the next check (about 33 minutes in) is a poll.
    expect(plan.hopAt).toBe(T0 + 22 * MINUTE + 20 * SECOND);
    expect(plan.pollAt).toBeGreaterThan(T0 + 31 * MINUTE);
    expect(plan.pollAt).toBeLessThan(T0 + 22 * MINUTE + 15 * MINUTE);
    expect(plan.pollAt % MINUTE).toBe(0);
  });

  it('hops until the slot of the poll behind them has passed, never past the limit', () => {
    // Prepare
    const policy = new PollingPolicy({ hops: HOPS });
    const pollAt = T0 + 22 * MINUTE;

    // Act
    const inSlot = policy.nextHopAt(situation({ now: T0 + 22 * MINUTE + 30 * SECOND }), pollAt);
    const afterSlot = policy.nextHopAt(situation({ now: T0 + 22 * MINUTE + 45 * SECOND }), pollAt);
    const atLimit = policy.nextHopAt(
      situation({ now: T0 + 22 * MINUTE, limitAt: T0 + 22 * MINUTE + 10 * SECOND }),
      T0 + HOUR,
    );

    // Assess
    expect(inSlot).toBe(T0 + 22 * MINUTE + 50 * SECOND);
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

  it('always plans a hop at least 5 s on, before its poll, and the poll within 30 minutes and a slot', () => {
    // Prepare
    const policy = new PollingPolicy({ hops: HOPS });
    const arbitrary = fc.record({
      offset: fc.integer({ min: 0, max: 2 * HOUR }),
      lowMs: fc.integer({ min: 0, max: HOUR }),
      spreadMs: fc.integer({ min: 0, max: 30 * MINUTE }),
      learned: fc.boolean(),
      queuedFor: fc.integer({ min: 0, max: 10 * MINUTE }),
      limitIn: fc.integer({ min: 1, max: 3 * HOUR }),
      history: fc.boolean(),
    });

    // Act
    // Assess
    fc.assert(
      fc.property(
        arbitrary,
        ({ offset, lowMs, spreadMs, learned, queuedFor, limitIn, history }) => {
          const now = T0 + offset;
          // Jobs stored before the median and spread were learned have the window alone.
          const run = { lowMs, highMs: lowMs + spreadMs, samples: 5 };
          const s = situation({
            now,
            queuedSeenAt: T0 - queuedFor,
            expectedRun: history
              ? learned
                ? { ...run, medianMs: lowMs + spreadMs / 2, spreadMs: spreadMs / 3 }
                : run
              : undefined,
            limitAt: now + limitIn,
          });
          const plan = policy.plan(s);
          expect(plan.pollAt).toBeGreaterThan(now);
          expect(plan.pollAt).toBeLessThanOrEqual(
            Math.max(now + 30 * MINUTE + MINUTE, s.limitAt + MINUTE),
          );
          if (plan.hopAt !== undefined) {
            expect(plan.hopAt - now).toBeGreaterThanOrEqual(5 * SECOND);
            expect(plan.hopAt - now).toBeLessThanOrEqual(HOPS.maxHopMs);
            expect(plan.hopAt).toBeLessThan(plan.pollAt);
            expect(plan.hopAt).toBeLessThan(s.limitAt);
          }
          const next = policy.nextHopAt(s, plan.pollAt);
          if (next !== undefined) expect(next - now).toBeGreaterThanOrEqual(5 * SECOND);
        },
      ),
      { numRuns: 500 },
    );
  });
});
