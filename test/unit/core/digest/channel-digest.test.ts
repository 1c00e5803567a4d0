import { describe, expect, it } from 'vitest';
import {
  buildChannelDigest,
  DIGEST_MAX_DAYS,
  digestPeriods,
  digestReadSpan,
} from '../../../../functions/core/digest/channel-digest';
import { DIGEST_AT, DIGEST_CHANNEL, fixedDigestHistory } from '../../../support/digest-history';

const DAY = 86_400_000;
const ZONE = 'Europe/Amsterdam';

function firstDigest() {
  return buildChannelDigest(fixedDigestHistory(), {
    ...digestPeriods(DIGEST_AT),
    channelId: DIGEST_CHANNEL,
    timeZone: ZONE,
    truncated: false,
  });
}

describe('digestPeriods', () => {
  it('sums up the 7 days before a first digest, against the 7 before them', () => {
    // Act
    const periods = digestPeriods(DIGEST_AT);

    // Assess
    expect(periods.period).toEqual({ from: DIGEST_AT - 7 * DAY, to: DIGEST_AT });
    expect(periods.previousPeriod).toEqual({ from: DIGEST_AT - 14 * DAY, to: DIGEST_AT - 7 * DAY });
    expect(digestReadSpan(periods)).toEqual({ from: DIGEST_AT - 14 * DAY, to: DIGEST_AT });
  });

  it('sums up since the digest before; the chart still shows a week', () => {
    // Act
    const periods = digestPeriods(DIGEST_AT, DIGEST_AT - DAY);

    // Assess
    expect(periods.period).toEqual({ from: DIGEST_AT - DAY, to: DIGEST_AT });
    expect(periods.previousPeriod).toEqual({ from: DIGEST_AT - 2 * DAY, to: DIGEST_AT - DAY });
    expect(periods.chartPeriod).toEqual({ from: DIGEST_AT - 7 * DAY, to: DIGEST_AT });
  });

  it(`reads at most ${DIGEST_MAX_DAYS} days after a long pause`, () => {
    // Act
    const periods = digestPeriods(DIGEST_AT, DIGEST_AT - 200 * DAY);

    // Assess
    expect(periods.period.from).toBe(DIGEST_AT - DIGEST_MAX_DAYS * DAY);
  });
});

describe('buildChannelDigest of the fixed history', () => {
  it('counts runs once with their reruns, and compares pass rates with the week before', () => {
    // Act
    const digest = firstDigest();

    // Assess
    // 15 smoke runs (one canceled: not counted), 7 regression, 6 checkout.
    expect(digest.total).toEqual({ runs: 28, counted: 27, passed: 17, rate: 17 / 27 });
    expect(digest.previousTotal).toEqual({ runs: 28, counted: 28, passed: 23, rate: 23 / 28 });
    expect(digest.passRateChange).toBeCloseTo(17 / 27 - 23 / 28, 10);
    expect(
      digest.templates.map((t) => [
        t.templateName,
        t.passRate.runs,
        t.passRate.passed,
        t.passRate.counted,
      ]),
    ).toEqual([
      ['Smoke suite', 15, 11, 14],
      ['Regression suite', 7, 4, 7],
      ['Checkout flow', 6, 2, 6],
    ]);
    const regression = digest.templates[1];
    expect(regression?.passRateChange).toBeCloseTo(4 / 7 - 5 / 7, 10);
    expect(digest.moreTemplates).toBe(0);
  });

  it("gives each template's median run time, with its change", () => {
    // Act
    const digest = firstDigest();

    // Assess
    expect(digest.templates.map((t) => [t.templateName, t.medianRunMs])).toEqual([
      ['Smoke suite', 240_000],
      ['Regression suite', 1_720_000],
      ['Checkout flow', 542_500],
    ]);
    expect(digest.templates[1]?.medianRunChangeMs).toBe(140_000);
  });

  it('names the slowest cases over all templates by their median time, with their runs', () => {
    // Act
    const digest = firstDigest();

    // Assess
    // Orders.bulkImport grows 20 s a day: 680 s to 560 s over the week, 620 s in the middle.
    // Payment.3ds: six runs (none on day 5), the mean of the middle two. Invoices.pdf and
    // Payment.decline tie at 120 s; the one slow in more runs (7 against 6) comes first and the
    // other is the sixth, left out. Reports.export hung once (900 s) in 15 smoke runs; in the
    // other 14 it took at most their tenth slowest (15 s): its median is 15 s, nowhere near.
    expect(
      digest.slowestCases.map((c) => [
        c.name,
        c.templateName,
        c.medianSeconds,
        c.runs,
        c.timedRuns,
      ]),
    ).toEqual([
      ['Orders.bulkImport', 'Regression suite', 620, 7, 7],
      ['Cart.timeout', 'Regression suite', 300, 7, 7],
      ['Orders.refund', 'Regression suite', 240, 7, 7],
      ['Payment.3ds', 'Checkout flow', 142.5, 6, 6],
      ['Invoices.pdf', 'Regression suite', 120, 7, 7],
    ]);
  });

  it('lists the cases that failed most and the flakiest, with their templates', () => {
    // Act
    const digest = firstDigest();

    // Assess
    // Cart.timeout failed first in every regression run with a rerun and passed on it: flaky, not
    // failed. Orders.refund and Login.sso tie; the more recent failure comes first.
    expect(digest.mostFailed.map((c) => [c.name, c.templateName, c.count])).toEqual([
      ['Payment.decline', 'Checkout flow', 4],
      ['Orders.refund', 'Regression suite', 3],
      ['Login.sso', 'Smoke suite', 3],
    ]);
    expect(digest.flakiest.map((c) => [c.name, c.templateName, c.count])).toEqual([
      ['Cart.timeout', 'Regression suite', 5],
    ]);
  });

  it("charts each template's daily pass rate in the digest's zone, busiest first", () => {
    // Act
    const digest = firstDigest();

    // Assess
    expect(digest.chart.days).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
    ]);
    expect(digest.chart.series.map((s) => s.templateName)).toEqual([
      'Smoke suite',
      'Regression suite',
      'Checkout flow',
    ]);
    const checkout = digest.chart.series[2]?.rates;
    // Checkout ran at 07:00 each day, failing every other day, not on the 25th; its run of the
    // 23rd ended before the period began (09:00).
    expect(checkout).toEqual([null, 0, null, 0, 1, 0, 1, 0]);
  });

  it('says nothing ran for a channel without records, and reads only its own channel', () => {
    // Act
    const digest = buildChannelDigest(fixedDigestHistory(), {
      ...digestPeriods(DIGEST_AT),
      channelId: 'C0ELSEWHERE',
      timeZone: ZONE,
      truncated: false,
    });

    // Assess
    expect(digest.total).toEqual({ runs: 0, counted: 0, passed: 0 });
    expect(digest.templates).toEqual([]);
    expect(digest.mostFailed).toEqual([]);
    expect(digest.slowestCases).toEqual([]);
    expect(digest.chart.series).toEqual([]);
    expect(digest.passRateChange).toBeUndefined();
  });
});
