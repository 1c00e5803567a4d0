import type { ExpectedRun } from '../job';

/**
 * When a running job is likely to finish, as a normal distribution: it began between the last
 * `Queued` and the first `Running` answer (evenly anywhere in that bracket), and runs about the
 * median of its template's earlier runs, give or take their spread.
 */
export interface FinishEstimate {
  /** Expected finish (epoch ms). */
  meanAt: number;
  /** Standard deviation of the finish (ms), the start bracket included. */
  spreadMs: number;
}

/** Where a running job's checks change pace (epoch ms), from {@link hopZones}. */
export interface HopZones {
  /** The first hop: before it, one wait. */
  firstAt: number;
  /** From here the dense hops: finishing is likely enough for a check every few seconds. */
  denseAt: number;
  /** After here sparse hops again: the job is far later than its history. */
  denseEndAt: number;
  /** After here gaps grow: the history says little about this job any more. */
  sparseEndAt: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** No finish is known more closely than this. */
const MIN_SPREAD_MS = 5 * SECOND;

/**
 * The first hop comes when a job still running would be finishing at this rate (per ms: 1.5 % a
 * minute). Earlier finishes (early aborts, the far tail) wait for it: covering them with checks
 * would cost every job those checks for little.
 */
export const FIRST_HOP_HAZARD = 0.015 / MINUTE;

/**
 * Dense hops begin when a job still running would be finishing at this rate (per ms: 60 % a
 * minute). A check is paid only by jobs not yet finished, so checks are worth most where the
 * finishing rate of those left is high: late in the distribution rather than around its
 * middle, and for templates with a tight history rather than a loose one.
 */
export const DENSE_HOP_HAZARD = 0.6 / MINUTE;

/** Dense hops end this many spreads after the expected finish, sparse ones this many. */
const DENSE_END_SPREADS = 3;
const SPARSE_END_SPREADS = 5;

/** The finish of a running job whose template has history. */
export function finishEstimate(
  run: ExpectedRun,
  began: { from: number; to: number },
): FinishEstimate {
  const median = run.medianMs ?? (run.lowMs + run.highMs) / 2;
  // A job stored before the spread was learned: its window spans about ±1.3 spreads.
  const spread = run.spreadMs ?? (run.highMs - run.lowMs) / 2.7;
  const bracket = Math.max(0, began.to - began.from);
  return {
    meanAt: (began.from + began.to) / 2 + median,
    spreadMs: Math.max(MIN_SPREAD_MS, Math.sqrt(spread ** 2 + bracket ** 2 / 12)),
  };
}

/**
 * Where the checks of a running job change pace. The finishing rate of the jobs still running
 * (the normal distribution's hazard) grows with time, and is higher the tighter the history, so
 * the thresholds {@link FIRST_HOP_HAZARD} and {@link DENSE_HOP_HAZARD} put the hops late for a
 * loose history and early for a tight one.
 */
export function hopZones(finish: FinishEstimate): HopZones {
  const at = (z: number) => finish.meanAt + z * finish.spreadMs;
  return {
    firstAt: at(zAtHazard(FIRST_HOP_HAZARD * finish.spreadMs)),
    denseAt: at(zAtHazard(DENSE_HOP_HAZARD * finish.spreadMs)),
    denseEndAt: at(DENSE_END_SPREADS),
    sparseEndAt: at(SPARSE_END_SPREADS),
  };
}

/** The standard normal's density. */
function normalDensity(z: number): number {
  return Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
}

/** The standard normal's 1 - Φ(z) (Abramowitz and Stegun 26.2.17, error below 1e-7). */
export function normalSurvival(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly =
    t *
    (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = normalDensity(z) * poly;
  return z >= 0 ? tail : 1 - tail;
}

/** The standard normal's hazard at z: the rate at which those not finished by z finish there. */
export function normalHazard(z: number): number {
  return normalDensity(z) / Math.max(normalSurvival(z), Number.MIN_VALUE);
}

/** The z where the standard normal's hazard, which grows with z, reaches `hazard`. */
export function zAtHazard(hazard: number): number {
  let lo = -8;
  let hi = 8;
  // Bisection: 40 halvings of 16 leave an error far below a millisecond of any real spread.
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (normalHazard(mid) < hazard) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
