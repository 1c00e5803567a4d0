import type { HistoryPeriod } from './ports';
import { COUNTED_VERDICTS, type RunRecord, type RunVerdict } from './run-record';
import type { SlowestCases } from './slowest-cases';

/**
 * Statistics of run history, pure and deterministic. A **run** is a chain: the original job and
 * its reruns, grouped by `rootRequestId` and counted once, with the chain's final verdict. A run
 * belongs to the period (and the day) its first attempt in the records ended in.
 */

/** Runs shown in a verdict strip. */
export const STRIP_LENGTH = 20;
/** Cases in each top list (most failed, flakiest). */
export const TOP_CASES = 5;

const DAY_MS = 86_400_000;

/** Where a run is in Slack: its thread, and the message of the attempt meant. */
export interface RunLink {
  requestId: string;
  channelId: string;
  threadTs?: string;
  messageTs?: string;
  endedAt: number;
}

/** One run: an original job and its reruns, counted once. */
export interface HistoryRun {
  rootRequestId: string;
  templateId: string;
  templateName: string;
  /**
   * The chain's final verdict: that of its latest attempt with a counted verdict (a rerun that
   * was canceled or lost leaves the verdict before it), else of its latest attempt.
   */
  verdict: RunVerdict;
  /** Attempts in the records (1 without reruns). */
  attempts: number;
  /** When its first attempt in the records ended (epoch ms). */
  endedAt: number;
  /** Running time of its first attempt (ms), when known. */
  runMs?: number;
  userId: string;
  scheduleId?: string;
  /** The first attempt's card in its thread. */
  link: RunLink;
  /**
   * Cases that did not pass in the attempt that decided its verdict (still failing after the
   * reruns).
   */
  failedNames: string[];
  /** Cases a rerun of the chain passed after an earlier attempt did not (flaky), once each. */
  flakyNames: string[];
  /** The attempt whose cases {@link HistoryRun.failedNames} are (where they last failed). */
  failedIn: RunLink;
  /** False when a record kept fewer names than its count (a very large suite). */
  namesComplete: boolean;
  /**
   * The slowest cases of its original attempt (attempt 0), when that record kept durations: a
   * rerun runs only the cases that did not pass, so it says nothing of the suite's slowest.
   */
  slowest?: SlowestCases;
}

/** Pass rate of a set of runs. `rate` (0..1) is undefined when no run counts. */
export interface PassRate {
  runs: number;
  counted: number;
  passed: number;
  rate?: number;
}

/** A test case in a top list: how many runs it failed (or was flaky) in, and where it last did. */
export interface CaseTally {
  name: string;
  count: number;
  /** The run where it last failed (for a flaky case: the attempt it failed in before passing). */
  lastFailed: RunLink;
}

/** Everything `/ats history` shows for one template over a period. */
export interface TemplateTrend {
  period: HistoryPeriod;
  previousPeriod: HistoryPeriod;
  /** Verdicts of the period's last {@link STRIP_LENGTH} runs, oldest first. */
  strip: RunVerdict[];
  passRate: PassRate;
  previousPassRate: PassRate;
  /** `passRate.rate - previousPassRate.rate` (fraction, −1..1); undefined when either is. */
  passRateChange?: number;
  medianRunMs?: number;
  previousMedianRunMs?: number;
  /** Median run time minus the previous period's (ms); undefined when either is. */
  medianRunChangeMs?: number;
  mostFailed: CaseTally[];
  flakiest: CaseTally[];
  /** False when some record kept only the first names of its cases. */
  namesComplete: boolean;
}

/** Pass rate of one day in a zone (`YYYY-MM-DD`). */
export interface DailyPassRate extends PassRate {
  day: string;
}

/** Daily pass rates of one template (for the digest's chart), every day of the period. */
export interface TemplateDailyPassRates {
  templateId: string;
  templateName: string;
  days: DailyPassRate[];
}

/** The period of `days` days ending at `now`, and the one of equal length before it. */
export function periodsEnding(
  now: number,
  days: number,
): { current: HistoryPeriod; previous: HistoryPeriod } {
  const length = days * DAY_MS;
  return {
    current: { from: now - length, to: now },
    previous: { from: now - 2 * length, to: now - length },
  };
}

function linkOf(r: RunRecord): RunLink {
  return {
    requestId: r.requestId,
    channelId: r.channelId,
    ...(r.threadTs !== undefined ? { threadTs: r.threadTs } : {}),
    ...(r.messageTs !== undefined ? { messageTs: r.messageTs } : {}),
    endedAt: r.endedAt,
  };
}

function isCounted(verdict: RunVerdict): boolean {
  return COUNTED_VERDICTS.includes(verdict);
}

/** One chain's records as a run. `attempts` is sorted by attempt, non-empty. */
function runOf(attempts: RunRecord[]): HistoryRun {
  const first = attempts[0] as RunRecord;
  const last = attempts[attempts.length - 1] as RunRecord;
  const decisive = [...attempts].reverse().find((r) => isCounted(r.verdict)) ?? last;
  // The cases still failing are those of the attempt that decided the verdict.
  const withCases = decisive;
  const flaky = new Set<string>();
  for (const r of attempts) for (const name of r.attempt > 0 ? r.flaky.names : []) flaky.add(name);
  return {
    rootRequestId: first.rootRequestId,
    templateId: first.templateId,
    templateName: first.templateName,
    verdict: decisive.verdict,
    attempts: attempts.length,
    endedAt: first.endedAt,
    ...(first.runMs !== undefined ? { runMs: first.runMs } : {}),
    userId: first.userId,
    ...(first.scheduleId !== undefined ? { scheduleId: first.scheduleId } : {}),
    link: linkOf(first),
    failedNames: [...new Set(withCases.notPassed.names)],
    flakyNames: [...flaky].sort(),
    failedIn: linkOf(withCases),
    namesComplete: attempts.every(
      (r) => r.notPassed.names.length >= r.notPassed.count && r.flaky.names.length >= r.flaky.count,
    ),
    ...(first.attempt === 0 && first.slowest ? { slowest: first.slowest } : {}),
  };
}

/** Groups records into runs (each chain once), newest first by when their first attempt ended. */
export function groupRuns(records: readonly RunRecord[]): HistoryRun[] {
  const chains = new Map<string, RunRecord[]>();
  const seen = new Set<string>();
  for (const r of records) {
    // A record read twice (overlapping queries) counts once.
    if (seen.has(r.requestId)) continue;
    seen.add(r.requestId);
    const chain = chains.get(r.rootRequestId);
    if (chain) chain.push(r);
    else chains.set(r.rootRequestId, [r]);
  }
  const runs = [...chains.values()].map((chain) =>
    runOf(chain.sort((a, b) => a.attempt - b.attempt || a.endedAt - b.endedAt)),
  );
  return runs.sort(
    (a, b) => b.endedAt - a.endedAt || a.rootRequestId.localeCompare(b.rootRequestId),
  );
}

/** The runs by template, each template's in the order given. */
export function runsByTemplate(runs: readonly HistoryRun[]): Map<string, HistoryRun[]> {
  const byTemplate = new Map<string, HistoryRun[]>();
  for (const r of runs) {
    const own = byTemplate.get(r.templateId);
    if (own) own.push(r);
    else byTemplate.set(r.templateId, [r]);
  }
  return byTemplate;
}

/** The runs (newest first) whose first attempt ended within `period`. */
export function runsWithin(runs: readonly HistoryRun[], period: HistoryPeriod): HistoryRun[] {
  return runs.filter((r) => r.endedAt >= period.from && r.endedAt < period.to);
}

/** Verdicts of the last `length` runs (given newest first), oldest first: the strip's order. */
export function verdictStrip(runs: readonly HistoryRun[], length = STRIP_LENGTH): RunVerdict[] {
  return runs
    .slice(0, length)
    .map((r) => r.verdict)
    .reverse();
}

/**
 * Pass rate: passed runs among those with a counted verdict (passed, failed, timed out), each
 * chain once with its final verdict; canceled, lost and never-started runs are not counted.
 */
export function passRateOf(runs: readonly HistoryRun[]): PassRate {
  let counted = 0;
  let passed = 0;
  for (const r of runs) {
    if (!isCounted(r.verdict)) continue;
    counted += 1;
    if (r.verdict === 'passed') passed += 1;
  }
  return { runs: runs.length, counted, passed, ...(counted > 0 ? { rate: passed / counted } : {}) };
}

/**
 * Median running time (ms) of the runs' first attempts that ATS finished (passed or failed, with
 * a known running time): reruns run only some cases and canceled runs stop early, so neither says
 * how long the suite takes. The mean of the middle two for an even count; undefined for none.
 */
export function medianRunMs(runs: readonly HistoryRun[]): number | undefined {
  return median(
    runs
      .filter((r) => (r.verdict === 'passed' || r.verdict === 'failed') && r.runMs !== undefined)
      .map((r) => r.runMs as number),
  );
}

/** The middle value of `samples` (any order), the mean of the middle two; undefined for none. */
export function median(samples: readonly number[]): number | undefined {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The order of a top list of cases: by count, then the most recent failure, then by name. */
export function byCountThenRecent(a: CaseTally, b: CaseTally): number {
  return (
    b.count - a.count || b.lastFailed.endedAt - a.lastFailed.endedAt || a.name.localeCompare(b.name)
  );
}

function topOf(tallies: Map<string, CaseTally>, limit: number): CaseTally[] {
  return [...tallies.values()].sort(byCountThenRecent).slice(0, limit);
}

function tally(tallies: Map<string, CaseTally>, name: string, where: RunLink): void {
  const known = tallies.get(name);
  if (!known) {
    tallies.set(name, { name, count: 1, lastFailed: where });
    return;
  }
  known.count += 1;
  if (where.endedAt > known.lastFailed.endedAt) known.lastFailed = where;
}

/**
 * The cases that failed in most runs: a case counts once per run whose deciding attempt (see
 * {@link HistoryRun.verdict}) did not pass it (a case a rerun passed is flaky, not failed). Ties: the most
 * recent failure first, then by name.
 */
export function mostFailedCases(runs: readonly HistoryRun[], limit = TOP_CASES): CaseTally[] {
  const tallies = new Map<string, CaseTally>();
  for (const r of runs) for (const name of r.failedNames) tally(tallies, name, r.failedIn);
  return topOf(tallies, limit);
}

/**
 * The flakiest cases: a case counts once per run in which it did not pass and then passed on a
 * rerun. Its link is the run's first attempt, where it failed. Ties as {@link mostFailedCases}.
 */
export function flakiestCases(runs: readonly HistoryRun[], limit = TOP_CASES): CaseTally[] {
  const tallies = new Map<string, CaseTally>();
  for (const r of runs) for (const name of r.flakyNames) tally(tallies, name, r.link);
  return topOf(tallies, limit);
}

function difference(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}

/**
 * The trend of one template over the `days` days ending at `now`, against the period of equal
 * length before it. `records` are the template's records of both periods (in any order); with
 * none, every rate and median is undefined and every list empty.
 */
export function templateTrend(
  records: readonly RunRecord[],
  options: { now: number; days: number },
): TemplateTrend {
  const { current, previous } = periodsEnding(options.now, options.days);
  const runs = groupRuns(records);
  const now = runsWithin(runs, current);
  const before = runsWithin(runs, previous);
  const passRate = passRateOf(now);
  const previousPassRate = passRateOf(before);
  const median = medianRunMs(now);
  const previousMedian = medianRunMs(before);
  const passRateChange = difference(passRate.rate, previousPassRate.rate);
  const medianRunChangeMs = difference(median, previousMedian);
  return {
    period: current,
    previousPeriod: previous,
    strip: verdictStrip(now),
    passRate,
    previousPassRate,
    ...(passRateChange !== undefined ? { passRateChange } : {}),
    ...(median !== undefined ? { medianRunMs: median } : {}),
    ...(previousMedian !== undefined ? { previousMedianRunMs: previousMedian } : {}),
    ...(medianRunChangeMs !== undefined ? { medianRunChangeMs } : {}),
    mostFailed: mostFailedCases(now),
    flakiest: flakiestCases(now),
    namesComplete: now.every((r) => r.namesComplete),
  };
}

/** The calendar day (`YYYY-MM-DD`) of each instant in one zone. */
function dayFormatter(timeZone: string): (at: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (at) => format.format(new Date(at));
}

/** Every calendar day in `timeZone` that `period` touches, in order. */
export function daysOf(period: HistoryPeriod, timeZone: string): string[] {
  const dayOf = dayFormatter(timeZone);
  const days: string[] = [];
  // Hourly steps see every day whatever daylight saving time does; bounded by the period's hours.
  for (let at = period.from; at < period.to; at += 3_600_000) {
    const day = dayOf(at);
    if (days[days.length - 1] !== day) days.push(day);
  }
  if (period.to > period.from) {
    const lastDay = dayOf(period.to - 1);
    if (days[days.length - 1] !== lastDay) days.push(lastDay);
  }
  return days;
}

/**
 * Daily pass rate per template over `period`, days in `timeZone` (an IANA zone), for the
 * digest's chart: every day of the period for every template with a run in it, a day without
 * counted runs having no `rate`. Templates in order of name.
 * @throws RangeError when `timeZone` is not a zone Intl knows.
 */
export function dailyPassRates(
  records: readonly RunRecord[],
  options: { period: HistoryPeriod; timeZone: string },
): TemplateDailyPassRates[] {
  const dayOf = dayFormatter(options.timeZone);
  const days = daysOf(options.period, options.timeZone);
  const byTemplate = new Map<string, { name: string; byDay: Map<string, HistoryRun[]> }>();
  for (const run of runsWithin(groupRuns(records), options.period)) {
    const entry = byTemplate.get(run.templateId) ?? { name: run.templateName, byDay: new Map() };
    byTemplate.set(run.templateId, entry);
    const day = dayOf(run.endedAt);
    entry.byDay.set(day, [...(entry.byDay.get(day) ?? []), run]);
  }
  return [...byTemplate.entries()]
    .map(([templateId, { name, byDay }]) => ({
      templateId,
      templateName: name,
      days: days.map((day) => ({ day, ...passRateOf(byDay.get(day) ?? []) })),
    }))
    .sort(
      (a, b) =>
        a.templateName.localeCompare(b.templateName) || a.templateId.localeCompare(b.templateId),
    );
}
