import type { RunRecord, RunVerdict } from '../../functions/core/history/run-record';
import type { CaseDuration } from '../../functions/core/history/slowest-cases';

/** The channel of the fixed history. */
export const DIGEST_CHANNEL = 'C0DIGEST01';
/** The end of the fixed history: a Monday, 09:00 in Amsterdam (08:00 UTC). */
export const DIGEST_AT = Date.UTC(2026, 10, 30, 8, 0);
const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Spec {
  templateId: string;
  templateName: string;
  alias: string;
  /** Run time of a full run (ms), growing by `slowerBy` per day. */
  runMs: number;
  slowerBy: number;
  /**
   * Its slowest cases (seconds) of the 40 a run times, slowest first; the first grows by
   * `slowerBy` a day, as the run does. A run keeps the first ten.
   */
  slowCases: ReadonlyArray<readonly [string, number]>;
}

/** Cases each run of the fixed history times (and counts). */
const CASES = 40;
const filler = (prefix: string, from: number) =>
  Array.from({ length: 9 }, (_, i) => [`${prefix}.step${i + 1}`, from - 4 * i] as const);

const TEMPLATES: Spec[] = [
  {
    templateId: 'tpl-smoke',
    templateName: 'Smoke suite',
    alias: 'smoke',
    runMs: 240_000,
    slowerBy: 0,
    slowCases: [['Login.sso', 95], ...filler('Smoke', 47)],
  },
  {
    templateId: 'tpl-regression',
    templateName: 'Regression suite',
    alias: 'regression',
    runMs: 1_500_000,
    slowerBy: 20_000,
    slowCases: [
      ['Orders.bulkImport', 400],
      ['Cart.timeout', 300],
      ['Orders.refund', 240],
      ['Invoices.pdf', 120],
      ...filler('Regression', 90),
    ],
  },
  {
    templateId: 'tpl-checkout',
    templateName: 'Checkout flow',
    alias: 'checkout',
    runMs: 600_000,
    slowerBy: -5_000,
    slowCases: [['Payment.3ds', 200], ['Payment.decline', 120], ...filler('Checkout', 60)],
  },
];

function record(
  spec: Spec,
  day: number,
  slot: number,
  attempt: number,
  verdict: RunVerdict,
  notPassed: string[],
  flaky: string[],
  spike?: CaseDuration,
): RunRecord {
  const root = `req-${spec.alias}-${day}-${slot}`;
  const requestId = attempt === 0 ? root : `${root}-r${attempt}`;
  const endedAt = DIGEST_AT - day * DAY - (slot * 5 + 2) * HOUR + attempt * 600_000;
  const runMs = attempt === 0 ? spec.runMs + (14 - day) * spec.slowerBy : 60_000;
  const timed: CaseDuration[] = spec.slowCases.map(([name, seconds], i) => ({
    name,
    seconds: i === 0 ? seconds + ((14 - day) * spec.slowerBy) / 1000 : seconds,
  }));
  if (spike) timed.unshift(spike);
  return {
    requestId,
    rootRequestId: root,
    attempt,
    kind: attempt === 0 ? 'run' : 'rerun',
    templateId: spec.templateId,
    templateAlias: spec.alias,
    templateName: spec.templateName,
    verdict,
    counts: { passed: 40 - notPassed.length, failed: notPassed.length, notExecuted: 0 },
    queueMs: 30_000,
    runMs,
    startedAt: endedAt - runMs - 30_000,
    endedAt,
    userId: 'U0000ALICE',
    channelId: DIGEST_CHANNEL,
    threadTs: `${Math.floor((endedAt - runMs) / 1000)}.000100`,
    messageTs: `${Math.floor((endedAt - runMs) / 1000)}.000${100 + attempt}`,
    notPassed: { names: notPassed, count: notPassed.length },
    flaky: { names: flaky, count: flaky.length },
    // Reruns time only the cases they run again, which the statistics leave out.
    ...(attempt === 0 ? { slowest: { cases: timed.slice(0, 10), count: CASES } } : {}),
    expiresAt: Math.floor(endedAt / 1000) + 400 * 86_400,
  };
}

/**
 * A fixed, hand-made history of one channel over the 14 days before {@link DIGEST_AT}: three
 * templates, two runs a day of the smoke suite, one of the others; the regression suite fails
 * `Orders.refund` on a third of its days and then passes `Cart.timeout` on a rerun (flaky); the
 * checkout flow fails `Payment.decline` on some days, without reruns. Each run keeps its ten
 * slowest of 40 timed cases: the regression suite's `Orders.bulkImport` grows slower by the day,
 * and one smoke run had `Reports.export` hang once. Deterministic: the digest and its chart are
 * always the same.
 */
export function fixedDigestHistory(): RunRecord[] {
  const records: RunRecord[] = [];
  const [smoke, regression, checkout] = TEMPLATES as [Spec, Spec, Spec];
  for (let day = 0; day < 14; day++) {
    for (const slot of [0, 1]) {
      const fails = (day + slot) % 5 === 0;
      // Once, an export that usually takes seconds hung for 15 minutes.
      const spike = day === 3 && slot === 1 ? { name: 'Reports.export', seconds: 900 } : undefined;
      records.push(
        record(
          smoke,
          day,
          slot,
          0,
          fails ? 'failed' : 'passed',
          fails ? ['Login.sso'] : [],
          [],
          spike,
        ),
      );
    }
    if (day % 3 === 0) {
      records.push(
        record(regression, day, 0, 0, 'failed', ['Orders.refund', 'Cart.timeout'], []),
        record(regression, day, 0, 1, 'failed', ['Orders.refund'], ['Cart.timeout']),
      );
    } else if (day % 4 === 1) {
      records.push(
        record(regression, day, 0, 0, 'failed', ['Cart.timeout'], []),
        record(regression, day, 0, 1, 'passed', [], ['Cart.timeout']),
      );
    } else {
      records.push(record(regression, day, 0, 0, 'passed', [], []));
    }
    if (day !== 5) {
      const declines = day % 2 === 0 && day < 9;
      records.push(
        record(
          checkout,
          day,
          0,
          0,
          declines ? 'failed' : 'passed',
          declines ? ['Payment.decline'] : [],
          [],
        ),
      );
    }
  }
  // A canceled run: shown, never counted.
  records.push({ ...record(smoke, 2, 2, 0, 'canceled', [], []), counts: undefined });
  return records;
}
