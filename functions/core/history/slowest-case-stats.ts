import { type HistoryRun, median, runsByTemplate } from './history-stats';
import type { CaseDuration } from './slowest-cases';

/** A test case among its template's slowest over a period. */
export interface SlowCase {
  templateId: string;
  templateName: string;
  name: string;
  /** Its median duration in seconds over the runs that timed it (see {@link slowestCases}). */
  medianSeconds: number;
  /** Runs in which it was among the slowest cases kept. */
  runs: number;
  /** Runs of its template whose original kept case durations: what `runs` is out of. */
  timedRuns: number;
}

/** Each run's kept durations by case name (the first of a name that appears twice). */
function durationsByName(cases: readonly CaseDuration[]): Map<string, number> {
  const byName = new Map<string, number>();
  for (const c of cases) if (!byName.has(c.name)) byName.set(c.name, c.seconds);
  return byName;
}

/** One template's timed runs: each run's durations, and how long a case left out took at most. */
interface TimedRun {
  byName: Map<string, number>;
  /** Set when the run kept only the slowest of its timed cases: the last kept duration. */
  atMost?: number;
}

function timedRun(run: HistoryRun): TimedRun | undefined {
  const slowest = run.slowest;
  if (!slowest || slowest.cases.length === 0) return undefined;
  const last = slowest.cases[slowest.cases.length - 1] as CaseDuration;
  return {
    byName: durationsByName(slowest.cases),
    ...(slowest.cases.length < slowest.count ? { atMost: last.seconds } : {}),
  };
}

function slowCasesOfTemplate(runs: readonly HistoryRun[]): SlowCase[] {
  const first = runs[0];
  const timed = runs.map(timedRun).filter((t): t is TimedRun => t !== undefined);
  if (!first || timed.length === 0) return [];
  const names = new Set<string>();
  for (const t of timed) for (const name of t.byName.keys()) names.add(name);
  return [...names].map((name) => {
    const seconds: number[] = [];
    let among = 0;
    for (const t of timed) {
      const own = t.byName.get(name);
      if (own !== undefined) {
        seconds.push(own);
        among += 1;
      } else if (t.atMost !== undefined) seconds.push(t.atMost);
    }
    return {
      templateId: first.templateId,
      templateName: first.templateName,
      name,
      medianSeconds: median(seconds) ?? 0,
      runs: among,
      timedRuns: timed.length,
    };
  });
}

/**
 * The slowest test cases of the runs, over all their templates. Durations come from each run's
 * original attempt (a rerun runs only the cases that did not pass), as its record kept them: its
 * ten slowest cases. A case's figure is the median of its durations over its template's runs
 * that kept durations: in a run where it was not among the slowest kept (the run had more timed
 * cases than it kept), it counts as that run's shortest kept duration, which it took at most; a
 * run that kept every timed case and not this one did not time it and is left out. So a case
 * slow once in ten runs ranks by what it usually takes, not by its one long run. Runs without
 * durations (older records, ATS sent none) count for nothing. Slowest first; ties: in more runs
 * among the slowest, then by name, then by template name.
 */
export function slowestCases(runs: readonly HistoryRun[], limit: number): SlowCase[] {
  return [...runsByTemplate(runs).values()]
    .flatMap(slowCasesOfTemplate)
    .sort(
      (a, b) =>
        b.medianSeconds - a.medianSeconds ||
        b.runs - a.runs ||
        a.name.localeCompare(b.name) ||
        a.templateName.localeCompare(b.templateName),
    )
    .slice(0, limit);
}
