import {
  byCountThenRecent,
  type CaseTally,
  dailyPassRates,
  flakiestCases,
  groupRuns,
  type HistoryRun,
  medianRunMs,
  mostFailedCases,
  type PassRate,
  passRateOf,
  runsByTemplate,
  runsWithin,
} from '../history/history-stats';
import type { HistoryPeriod } from '../history/ports';
import type { RunRecord } from '../history/run-record';
import { type SlowCase, slowestCases } from '../history/slowest-case-stats';

const DAY_MS = 86_400_000;

/** Days a first digest sums up, and the fewest days its chart shows. */
export const DIGEST_DEFAULT_DAYS = 7;
/** Most days one digest sums up (a digest paused for months does not read a year of history). */
export const DIGEST_MAX_DAYS = 31;
/** Records one digest reads at most, newest first: about 24 MB at the records' 12 KB bound. */
export const DIGEST_RECORD_LIMIT = 2_000;
/** Templates listed with their figures; the rest are counted. */
export const DIGEST_MAX_TEMPLATES = 10;
/** Cases in each top list (slowest, failed most, flakiest). */
export const DIGEST_TOP_CASES = 5;

/** The spans one digest reads. */
export interface DigestPeriods {
  /** What the digest sums up: since the digest before (or {@link DIGEST_DEFAULT_DAYS} days). */
  period: HistoryPeriod;
  /** The span of equal length before it, for the changes. */
  previousPeriod: HistoryPeriod;
  /** What the chart shows: the period, or the last {@link DIGEST_DEFAULT_DAYS} days if longer. */
  chartPeriod: HistoryPeriod;
}

/**
 * The periods of the digest posted for the firing at `at`: since `lastPostedFor` (the scheduled
 * time of the digest before), else the last {@link DIGEST_DEFAULT_DAYS} days; at most
 * {@link DIGEST_MAX_DAYS} days.
 */
export function digestPeriods(at: number, lastPostedFor?: number): DigestPeriods {
  const since =
    lastPostedFor !== undefined && lastPostedFor < at
      ? lastPostedFor
      : at - DIGEST_DEFAULT_DAYS * DAY_MS;
  const from = Math.max(since, at - DIGEST_MAX_DAYS * DAY_MS);
  const length = at - from;
  return {
    period: { from, to: at },
    previousPeriod: { from: from - length, to: from },
    chartPeriod: { from: Math.min(from, at - DIGEST_DEFAULT_DAYS * DAY_MS), to: at },
  };
}

/** The span of records a digest needs: its periods together. */
export function digestReadSpan(periods: DigestPeriods): HistoryPeriod {
  return {
    from: Math.min(periods.previousPeriod.from, periods.chartPeriod.from),
    to: periods.period.to,
  };
}

/** One template's figures in a digest. */
export interface DigestTemplateLine {
  templateId: string;
  templateName: string;
  passRate: PassRate;
  previousPassRate: PassRate;
  /** Change of the pass rate against the period before (fraction, −1..1), when both have one. */
  passRateChange?: number;
  /** Median running time of the period's runs (ms), and its change against the period before. */
  medianRunMs?: number;
  medianRunChangeMs?: number;
}

/** A case in a top list, with the template it belongs to. */
export interface DigestCase extends CaseTally {
  templateName: string;
}

/** One line of the chart: a template's daily pass rate, `null` on days without a counted run. */
export interface DigestChartSeries {
  templateId: string;
  templateName: string;
  rates: Array<number | null>;
}

/** Everything a channel's digest shows. */
export interface ChannelDigest {
  channelId: string;
  timeZone: string;
  period: HistoryPeriod;
  previousPeriod: HistoryPeriod;
  /** All runs of the channel in the period (each run once, reruns included in it). */
  total: PassRate;
  previousTotal: PassRate;
  passRateChange?: number;
  /** Templates run in the period, most runs first (at most {@link DIGEST_MAX_TEMPLATES}). */
  templates: DigestTemplateLine[];
  /** Templates run in the period but not listed. */
  moreTemplates: number;
  /**
   * The slowest test cases of the period's runs over all templates, slowest first (at most
   * {@link DIGEST_TOP_CASES}; the rule is {@link slowestCases}'s). Each template's median run
   * time is in {@link ChannelDigest.templates}.
   */
  slowestCases: SlowCase[];
  /** The cases that failed in most runs, and the flakiest (failed, then passed on a rerun). */
  mostFailed: DigestCase[];
  flakiest: DigestCase[];
  chart: { period: HistoryPeriod; days: string[]; series: DigestChartSeries[] };
  /** True when the channel had more records than a digest reads: figures cover the newest. */
  truncated: boolean;
}

/** What {@link buildChannelDigest} needs besides the records. */
export interface DigestInput extends DigestPeriods {
  channelId: string;
  /** Zone the chart's days are read in (the digest schedule's). */
  timeZone: string;
  truncated: boolean;
}

/**
 * The digest of a channel from its run records (any order; each run counted once with its
 * reruns, as the history's statistics count them). Pure: the same records give the same digest.
 */
export function buildChannelDigest(
  records: readonly RunRecord[],
  input: DigestInput,
): ChannelDigest {
  const own = records.filter((r) => r.channelId === input.channelId);
  const runs = groupRuns(own);
  const now = runsWithin(runs, input.period);
  const before = runsWithin(runs, input.previousPeriod);
  const total = passRateOf(now);
  const previousTotal = passRateOf(before);
  const lines = templateLines(now, before);
  const chart = dailyPassRates(own, {
    period: input.chartPeriod,
    timeZone: input.timeZone,
  });
  const chartRuns = (t: (typeof chart)[number]) => t.days.reduce((n, d) => n + d.runs, 0);
  return {
    channelId: input.channelId,
    timeZone: input.timeZone,
    period: input.period,
    previousPeriod: input.previousPeriod,
    total,
    previousTotal,
    ...change(total.rate, previousTotal.rate, 'passRateChange'),
    templates: lines.slice(0, DIGEST_MAX_TEMPLATES),
    moreTemplates: Math.max(0, lines.length - DIGEST_MAX_TEMPLATES),
    slowestCases: slowestCases(now, DIGEST_TOP_CASES),
    mostFailed: topCases(now, mostFailedCases),
    flakiest: topCases(now, flakiestCases),
    chart: {
      period: input.chartPeriod,
      days: chart[0]?.days.map((d) => d.day) ?? [],
      series: [...chart]
        .sort((a, b) => chartRuns(b) - chartRuns(a) || a.templateName.localeCompare(b.templateName))
        .map((t) => ({
          templateId: t.templateId,
          templateName: t.templateName,
          rates: t.days.map((d) => d.rate ?? null),
        })),
    },
    truncated: input.truncated,
  };
}

/** Per template: pass rate and median run time, and their changes; most runs first. */
function templateLines(now: HistoryRun[], before: HistoryRun[]): DigestTemplateLine[] {
  const current = runsByTemplate(now);
  const previous = runsByTemplate(before);
  return [...current.entries()]
    .map(([templateId, runs]): DigestTemplateLine => {
      const earlier = previous.get(templateId) ?? [];
      const passRate = passRateOf(runs);
      const previousPassRate = passRateOf(earlier);
      const median = medianRunMs(runs);
      return {
        templateId,
        templateName: (runs[0] as HistoryRun).templateName,
        passRate,
        previousPassRate,
        ...change(passRate.rate, previousPassRate.rate, 'passRateChange'),
        ...(median !== undefined ? { medianRunMs: median } : {}),
        ...change(median, medianRunMs(earlier), 'medianRunChangeMs'),
      };
    })
    .sort(
      (a, b) => b.passRate.runs - a.passRate.runs || a.templateName.localeCompare(b.templateName),
    );
}

/** The channel's top cases over all its templates: each template's top list, merged. */
function topCases(
  runs: HistoryRun[],
  tally: (runs: readonly HistoryRun[], limit: number) => CaseTally[],
): DigestCase[] {
  return [...runsByTemplate(runs).values()]
    .flatMap((own) =>
      tally(own, DIGEST_TOP_CASES).map((c) => ({
        ...c,
        templateName: (own[0] as HistoryRun).templateName,
      })),
    )
    .sort(byCountThenRecent)
    .slice(0, DIGEST_TOP_CASES);
}

function change<K extends string>(
  now: number | undefined,
  before: number | undefined,
  key: K,
): Partial<Record<K, number>> {
  return now === undefined || before === undefined
    ? {}
    : ({ [key]: now - before } as Partial<Record<K, number>>);
}
