import { describe, expect, it } from 'vitest';
import {
  dailyPassRates,
  daysOf,
  flakiestCases,
  groupRuns,
  medianRunMs,
  mostFailedCases,
  passRateOf,
  periodsEnding,
  templateTrend,
  verdictStrip,
} from '../../../../functions/core/history/history-stats';
import type { RunRecord } from '../../../../functions/core/history/run-record';
import { aRecord, aRerun, DAY } from '../../../support/hand-made-runs';

const NOW = Date.UTC(2026, 11, 5, 12);

function failing(endedAt: number, names: string[], overrides: Partial<RunRecord> = {}): RunRecord {
  return aRecord({
    endedAt,
    verdict: 'failed',
    counts: { passed: 10 - names.length, failed: names.length, notExecuted: 0 },
    notPassed: { names, count: names.length },
    ...overrides,
  });
}

describe('groupRuns: a rerun chain is one run with its final verdict', () => {
  it('counts a failed run passed on rerun once, as passed, at its first attempt', () => {
    // Prepare
    const original = failing(NOW - DAY, ['login', 'search']);
    const rerun = aRerun(original, {
      attempt: 1,
      verdict: 'passed',
      counts: { passed: 2, failed: 0, notExecuted: 0 },
      flaky: { names: ['login', 'search'], count: 2 },
    });

    // Act
    const runs = groupRuns([rerun, original]);

    // Assess
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      rootRequestId: original.requestId,
      verdict: 'passed',
      attempts: 2,
      endedAt: original.endedAt,
      failedNames: [],
      flakyNames: ['login', 'search'],
    });
  });

  it('keeps the verdict before a rerun that was canceled or lost', () => {
    const original = failing(NOW - DAY, ['login']);
    const canceled = aRerun(original, { attempt: 1, verdict: 'canceled' });
    const [run] = groupRuns([original, canceled]);
    expect(run?.verdict).toBe('failed');
    expect(run?.failedNames).toEqual(['login']);
  });

  it('takes the cases still failing from the last attempt with a result, and links there', () => {
    const original = failing(NOW - DAY, ['a', 'b', 'c']);
    const rerun = aRerun(original, {
      attempt: 1,
      verdict: 'failed',
      counts: { passed: 2, failed: 1, notExecuted: 0 },
      notPassed: { names: ['c'], count: 1 },
      flaky: { names: ['a', 'b'], count: 2 },
    });
    const [run] = groupRuns([original, rerun]);
    expect(run?.failedNames).toEqual(['c']);
    expect(run?.failedIn.requestId).toBe(rerun.requestId);
    expect(run?.link.requestId).toBe(original.requestId);
  });

  it('counts a record read twice once', () => {
    const r = aRecord({ endedAt: NOW - DAY });
    expect(groupRuns([r, { ...r }])).toHaveLength(1);
  });

  it('orders runs newest first', () => {
    const old = aRecord({ endedAt: NOW - 3 * DAY });
    const recent = aRecord({ endedAt: NOW - DAY });
    expect(groupRuns([old, recent]).map((r) => r.rootRequestId)).toEqual([
      recent.requestId,
      old.requestId,
    ]);
  });
});

describe('passRateOf', () => {
  it('counts passed, failed and timed out runs; shows canceled, lost and unstarted ones only', () => {
    const runs = groupRuns([
      aRecord({ endedAt: NOW - 1, verdict: 'passed' }),
      aRecord({ endedAt: NOW - 2, verdict: 'failed' }),
      aRecord({ endedAt: NOW - 3, verdict: 'timed_out' }),
      aRecord({ endedAt: NOW - 4, verdict: 'canceled' }),
      aRecord({ endedAt: NOW - 5, verdict: 'error' }),
      aRecord({ endedAt: NOW - 6, verdict: 'failed_to_start' }),
    ]);
    expect(passRateOf(runs)).toEqual({ runs: 6, counted: 3, passed: 1, rate: 1 / 3 });
  });

  it('counts reruns once per run: two failed originals, one passed on rerun, is 50 %', () => {
    const a = failing(NOW - 2 * DAY, ['x']);
    const b = failing(NOW - DAY, ['y']);
    const bRerun = aRerun(b, { attempt: 1, verdict: 'passed', flaky: { names: ['y'], count: 1 } });
    expect(passRateOf(groupRuns([a, b, bRerun]))).toEqual({
      runs: 2,
      counted: 2,
      passed: 1,
      rate: 0.5,
    });
  });

  it('has no rate without counted runs', () => {
    expect(passRateOf([])).toEqual({ runs: 0, counted: 0, passed: 0 });
    expect(passRateOf(groupRuns([aRecord({ endedAt: NOW, verdict: 'canceled' })])).rate).toBe(
      undefined,
    );
  });
});

describe('medianRunMs', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even one', () => {
    const runs = (ms: number[]) =>
      groupRuns(ms.map((runMs, i) => aRecord({ endedAt: NOW - i * 1000, runMs })));
    expect(medianRunMs(runs([300, 100, 200]))).toBe(200);
    expect(medianRunMs(runs([400, 100, 300, 200]))).toBe(250);
  });

  it('uses first attempts ATS finished: reruns, canceled runs and unknown times are left out', () => {
    const original = aRecord({ endedAt: NOW - DAY, verdict: 'failed', runMs: 1_000 });
    const rerun = aRerun(original, { attempt: 1, verdict: 'passed', runMs: 10 });
    const canceled = aRecord({ endedAt: NOW - 2 * DAY, verdict: 'canceled', runMs: 5 });
    const unknown = aRecord({ endedAt: NOW - 3 * DAY, verdict: 'passed' });
    expect(medianRunMs(groupRuns([original, rerun, canceled, unknown]))).toBe(1_000);
  });

  it('is undefined without samples', () => {
    expect(medianRunMs([])).toBeUndefined();
  });
});

describe('verdictStrip', () => {
  it('shows the last 20 runs oldest first, each chain once', () => {
    const records: RunRecord[] = [];
    for (let i = 0; i < 25; i++) {
      records.push(aRecord({ endedAt: NOW - i * DAY, verdict: i % 2 === 0 ? 'passed' : 'failed' }));
    }
    const rerunOfNewest = aRerun(records[0] as RunRecord, { attempt: 1, verdict: 'passed' });
    const strip = verdictStrip(groupRuns([...records, rerunOfNewest]));
    expect(strip).toHaveLength(20);
    // Newest (i = 0, passed) last; oldest shown is i = 19 (failed).
    expect(strip[19]).toBe('passed');
    expect(strip[0]).toBe('failed');
  });
});

describe('top cases', () => {
  it('ranks the most failed by runs, each with the run where it last failed', () => {
    const r1 = failing(NOW - 3 * DAY, ['checkout', 'login']);
    const r2 = failing(NOW - 2 * DAY, ['checkout']);
    const r3 = failing(NOW - DAY, ['checkout', 'search']);
    const r3Rerun = aRerun(r3, {
      attempt: 1,
      verdict: 'failed',
      notPassed: { names: ['checkout'], count: 1 },
      flaky: { names: ['search'], count: 1 },
    });
    const runs = groupRuns([r1, r2, r3, r3Rerun]);

    const failed = mostFailedCases(runs);
    const flaky = flakiestCases(runs);

    expect(failed.map((t) => [t.name, t.count])).toEqual([
      ['checkout', 3],
      ['login', 1],
    ]);
    expect(failed[0]?.lastFailed.requestId).toBe(r3Rerun.requestId);
    expect(flaky.map((t) => [t.name, t.count])).toEqual([['search', 1]]);
    // A flaky case links to the attempt it failed in, the run's original.
    expect(flaky[0]?.lastFailed.requestId).toBe(r3.requestId);
  });

  it('counts a flaky case once per run even when several reruns passed it', () => {
    const r = failing(NOW - DAY, ['a']);
    const x = aRerun(r, { attempt: 1, verdict: 'passed', flaky: { names: ['a'], count: 1 } });
    const y = aRerun(r, {
      attempt: 2,
      afterMs: 300_000,
      verdict: 'passed',
      flaky: { names: ['a'], count: 1 },
    });
    expect(flakiestCases(groupRuns([r, x, y]))).toMatchObject([{ name: 'a', count: 1 }]);
  });

  it('keeps five, ties broken by the latest failure, then by name', () => {
    const records = ['f', 'e', 'd', 'c', 'b', 'a'].map((name, i) =>
      failing(NOW - (i + 1) * DAY, [name]),
    );
    expect(mostFailedCases(groupRuns(records)).map((t) => t.name)).toEqual([
      'f',
      'e',
      'd',
      'c',
      'b',
    ]);
  });

  it('an original flaky list (not a rerun) is not a flaky case', () => {
    const r = aRecord({ endedAt: NOW, flaky: { names: ['odd'], count: 1 } });
    expect(flakiestCases(groupRuns([r]))).toEqual([]);
  });
});

describe('templateTrend', () => {
  it('is empty without history', () => {
    const trend = templateTrend([], { now: NOW, days: 30 });
    expect(trend).toEqual({
      period: { from: NOW - 30 * DAY, to: NOW },
      previousPeriod: { from: NOW - 60 * DAY, to: NOW - 30 * DAY },
      strip: [],
      passRate: { runs: 0, counted: 0, passed: 0 },
      previousPassRate: { runs: 0, counted: 0, passed: 0 },
      mostFailed: [],
      flakiest: [],
      namesComplete: true,
    });
  });

  it('with one run has its rate and median and no change', () => {
    const trend = templateTrend([failing(NOW - DAY, ['a'], { runMs: 90_000 })], {
      now: NOW,
      days: 30,
    });
    expect(trend.strip).toEqual(['failed']);
    expect(trend.passRate).toEqual({ runs: 1, counted: 1, passed: 0, rate: 0 });
    expect(trend.medianRunMs).toBe(90_000);
    expect(trend.passRateChange).toBeUndefined();
    expect(trend.medianRunChangeMs).toBeUndefined();
    expect(trend.mostFailed).toMatchObject([{ name: 'a', count: 1 }]);
  });

  it('compares with the period of equal length before, which the strip and lists leave out', () => {
    const records = [
      // Previous period (8..14 days ago with 7 days): 1 of 4 passed, median 100 s.
      aRecord({ endedAt: NOW - 8 * DAY, verdict: 'passed', runMs: 100_000 }),
      failing(NOW - 9 * DAY, ['old'], { runMs: 100_000 }),
      failing(NOW - 10 * DAY, ['old'], { runMs: 100_000 }),
      failing(NOW - 13 * DAY, ['old'], { runMs: 100_000 }),
      // Current period: 3 of 4 passed, median 120 s.
      aRecord({ endedAt: NOW - 1 * DAY, verdict: 'passed', runMs: 110_000 }),
      aRecord({ endedAt: NOW - 2 * DAY, verdict: 'passed', runMs: 120_000 }),
      aRecord({ endedAt: NOW - 3 * DAY, verdict: 'passed', runMs: 120_000 }),
      failing(NOW - 4 * DAY, ['new'], { runMs: 130_000 }),
      // Before both periods: ignored.
      failing(NOW - 20 * DAY, ['ancient']),
    ];
    const trend = templateTrend(records, { now: NOW, days: 7 });
    expect(trend.passRate.rate).toBe(0.75);
    expect(trend.previousPassRate.rate).toBe(0.25);
    expect(trend.passRateChange).toBe(0.5);
    expect(trend.medianRunMs).toBe(120_000);
    expect(trend.previousMedianRunMs).toBe(100_000);
    expect(trend.medianRunChangeMs).toBe(20_000);
    expect(trend.strip).toEqual(['failed', 'passed', 'passed', 'passed']);
    expect(trend.mostFailed.map((t) => t.name)).toEqual(['new']);
  });

  it('puts a chain in the period its original ended in, even when its rerun ended after', () => {
    const boundary = NOW - 7 * DAY;
    const original = failing(boundary - 60_000, ['a']);
    const rerun = aRerun(original, { attempt: 1, verdict: 'passed', afterMs: 120_000 });
    const trend = templateTrend([original, rerun], { now: NOW, days: 7 });
    expect(trend.passRate.runs).toBe(0);
    expect(trend.previousPassRate).toEqual({ runs: 1, counted: 1, passed: 1, rate: 1 });
  });

  it('says when records kept only their first names', () => {
    const big = failing(NOW - DAY, ['a'], { notPassed: { names: ['a'], count: 20_000 } });
    expect(templateTrend([big], { now: NOW, days: 30 }).namesComplete).toBe(false);
  });
});

describe('dailyPassRates', () => {
  it('gives every day of the period in the zone, per template, a day without runs no rate', () => {
    // 2026-12-01 23:30 UTC is already 2026-12-02 in Amsterdam.
    const lateEvening = Date.UTC(2026, 11, 1, 23, 30);
    const records = [
      aRecord({ endedAt: lateEvening, verdict: 'failed' }),
      aRecord({ endedAt: Date.UTC(2026, 11, 2, 10), verdict: 'passed' }),
      aRecord({
        endedAt: Date.UTC(2026, 11, 1, 10),
        verdict: 'passed',
        templateId: 'tpl-full',
        templateName: 'Full regression',
      }),
    ];
    const period = { from: Date.UTC(2026, 10, 30, 23), to: Date.UTC(2026, 11, 3, 23) };

    const rates = dailyPassRates(records, { period, timeZone: 'Europe/Amsterdam' });

    expect(rates.map((t) => t.templateName)).toEqual(['Full regression', 'Smoke suite']);
    const smoke = rates[1];
    expect(smoke?.days.map((d) => [d.day, d.counted, d.rate])).toEqual([
      ['2026-12-01', 0, undefined],
      ['2026-12-02', 2, 0.5],
      ['2026-12-03', 0, undefined],
    ]);
    expect(rates[0]?.days[0]).toEqual({
      day: '2026-12-01',
      runs: 1,
      counted: 1,
      passed: 1,
      rate: 1,
    });
  });

  it('is empty without runs', () => {
    const { current } = periodsEnding(NOW, 7);
    expect(dailyPassRates([], { period: current, timeZone: 'UTC' })).toEqual([]);
  });

  it('sees each calendar day once across a daylight saving change', () => {
    // Europe/Amsterdam leaves summer time on 2026-10-25 (a 25-hour day).
    const days = daysOf(
      { from: Date.UTC(2026, 9, 23, 22), to: Date.UTC(2026, 9, 27, 23) },
      'Europe/Amsterdam',
    );
    expect(days).toEqual(['2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27']);
  });

  it('refuses a zone Intl does not know', () => {
    const { current } = periodsEnding(NOW, 1);
    expect(() =>
      dailyPassRates([aRecord({ endedAt: NOW - 1 })], { period: current, timeZone: 'Mars/Base' }),
    ).toThrow(RangeError);
  });
});
