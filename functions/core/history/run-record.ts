import type { AtsBreakdown } from '../ats';
import { isTerminal, type Job, type JobKind } from '../job';
import { cutText, utf8Length } from '../text-size';
import type { CaseDuration, SlowestCases } from './slowest-cases';

/**
 * How a finished job ended, as history keeps it: the verdict of a job ATS finished (`passed`,
 * `failed`, `canceled`), or the phase a job ended in without one (`timed_out`: the wall-clock
 * limit; `error`: ATS lost it or refused it midway; `failed_to_start`: ATS never ran it).
 */
export type RunVerdict =
  | 'passed'
  | 'failed'
  | 'canceled'
  | 'timed_out'
  | 'error'
  | 'failed_to_start';

/**
 * Verdicts that say something about the suite's health and count in a pass rate: a run ATS
 * finished (passed or failed) or that hung until the limit. Canceled runs, runs ATS lost and runs
 * that never started say nothing about the tests and are shown, not counted.
 */
export const COUNTED_VERDICTS: readonly RunVerdict[] = ['passed', 'failed', 'timed_out'];

/** Default days a run record is kept (DynamoDB TTL), separate from the job items' retention. */
export const DEFAULT_HISTORY_DAYS = 400;

/** Names of cases that did not pass kept per record: enough for any "most failed" top list. */
export const MAX_RECORD_NAMES = 50;
/** UTF-8 bytes the kept names of cases that did not pass may take (plus 4 per name). */
export const MAX_NOT_PASSED_BYTES = 6 * 1024;
/** UTF-8 bytes the kept flaky names may take (plus 4 per name). */
export const MAX_FLAKY_BYTES = 3 * 1024;
/** Longest case name kept in a record (longer names are cut and end in an ellipsis). */
export const MAX_RECORD_NAME_LENGTH = 200;
/** Slowest cases kept per record: more than any "slowest" list shows, few enough to stay small. */
export const MAX_SLOWEST_CASES = 10;
/**
 * UTF-8 bytes the kept slowest cases may take: their names plus
 * {@link SLOWEST_CASE_OVERHEAD_BYTES} each: ten names cut to 200 ASCII characters fit.
 */
export const MAX_SLOWEST_BYTES = 2_200;
/** What one kept slowest case adds to its name: its attribute names and its number. */
export const SLOWEST_CASE_OVERHEAD_BYTES = 16;
/** Longest template display name kept. */
const MAX_TEMPLATE_NAME = 200;

/**
 * Names of test cases with their exact count: `names` holds the first of them (at most
 * {@link MAX_RECORD_NAMES}, cut to {@link MAX_RECORD_NAME_LENGTH} characters, within a byte
 * budget), `count` how many there were in all, so a 20,000-case suite still fits one item.
 */
export interface CaseNames {
  names: string[];
  count: number;
}

/**
 * The compact record of one finished job (a run, each rerun, or a watch of a template), written
 * once by the lifecycle's finish path and kept {@link DEFAULT_HISTORY_DAYS} by default. Its key is
 * the job's request id, so writing it again is harmless. At most about 12 KB whatever the suite:
 * exact counts, and only the first names of the cases that did not pass and of the flaky ones,
 * and the few slowest cases.
 */
export interface RunRecord {
  /** The job's request id: the record's key (one record per job). */
  requestId: string;
  /** Request id of the chain's original run (itself for attempt 0): links a rerun to its run. */
  rootRequestId: string;
  /** 0 for the original run, 1.. for its reruns. */
  attempt: number;
  kind: JobKind;
  /** ATS CI/CD template id: what history is kept per. */
  templateId: string;
  /** Catalog alias the job was started with, if any. */
  templateAlias?: string;
  /** Display name (catalog name, or the template id). */
  templateName: string;
  verdict: RunVerdict;
  /** Passed, failed and not executed as ATS counted them; absent when ATS finished nothing. */
  counts?: AtsBreakdown;
  /** Time in ATS's queue (ms), estimated from the polls; absent when the job never ran. */
  queueMs?: number;
  /** Running time (ms, queue excluded), estimated from the polls; absent when unknown. */
  runMs?: number;
  /** When ATS accepted the job (epoch ms), or when it was requested if ATS never did. */
  startedAt: number;
  /** When the bot learned the job's end (epoch ms): what periods are counted by. */
  endedAt: number;
  /** Who started it: the person, or the owner of the schedule that fired it. */
  userId: string;
  /** The schedule whose firing started it (its owner is {@link RunRecord.userId}). */
  scheduleId?: string;
  channelId: string;
  /** Slack ts of the job's thread (the chain's first card). */
  threadTs?: string;
  /** Slack ts of this job's own card (for a rerun: its card inside the thread). */
  messageTs?: string;
  atsJobId?: string;
  /** Cases that did not pass in this job (failed or not executed). */
  notPassed: CaseNames;
  /** For a rerun: cases it passed that the chain's original did not (flaky). */
  flaky: CaseNames;
  /**
   * The job's slowest cases with their durations, ranked from every case of ATS's final answer
   * (see {@link SlowestCases}). Absent when ATS gave no durations or listed more cases than the
   * bot reads, and in records written before history kept durations.
   */
  slowest?: SlowestCases;
  /** DynamoDB TTL (epoch s): `endedAt` plus the history's retention. */
  expiresAt: number;
}

/** The first names within {@link MAX_RECORD_NAMES} and `budget` bytes, with the exact count. */
export function boundedNames(all: readonly string[], count: number, budget: number): CaseNames {
  const names: string[] = [];
  let used = 0;
  // Bounded: stops at the name count or the byte budget, whatever the suite's size.
  for (const raw of all) {
    if (names.length === MAX_RECORD_NAMES) break;
    const name = cutText(raw, MAX_RECORD_NAME_LENGTH);
    used += utf8Length(name) + 4;
    if (used > budget) break;
    names.push(name);
  }
  return { names, count: Math.max(count, names.length) };
}

/**
 * The slowest cases as a record keeps them: the first {@link MAX_SLOWEST_CASES} (already ranked),
 * names cut to {@link MAX_RECORD_NAME_LENGTH}, as many as fit {@link MAX_SLOWEST_BYTES}, and
 * the count of all.
 */
export function boundedSlowest(slowest: SlowestCases): SlowestCases {
  const cases: CaseDuration[] = [];
  let used = 0;
  for (const c of slowest.cases.slice(0, MAX_SLOWEST_CASES)) {
    const name = cutText(c.name, MAX_RECORD_NAME_LENGTH);
    used += utf8Length(name) + SLOWEST_CASE_OVERHEAD_BYTES;
    if (used > MAX_SLOWEST_BYTES) break;
    cases.push({ name, seconds: c.seconds });
  }
  return { cases, count: Math.max(slowest.count, cases.length) };
}

/** How a terminal job ended, as history keeps it. */
export function runVerdictOf(job: Job): RunVerdict {
  if (job.phase === 'done') return job.result?.verdict ?? 'error';
  if (job.phase === 'failed_to_start' || job.phase === 'timed_out') return job.phase;
  return 'error';
}

/**
 * The record of a terminal job, or undefined when there is nothing to keep history of (the job is
 * not terminal, or is a watch of a job whose template is unknown). Reads only as many case names
 * as it keeps.
 * @param historyDays days the record is kept (at least 1).
 */
export function buildRunRecord(job: Job, historyDays: number): RunRecord | undefined {
  if (!isTerminal(job.phase) || job.templateId === undefined) return undefined;
  const endedAt = job.finishedAt ?? job.updatedAt;
  const result = job.result;
  const notPassedNames = (result?.testCases ?? [])
    .filter((t) => t.result !== 'Passed')
    .map((t) => t.name);
  const notPassedCount = result?.breakdown
    ? result.breakdown.failed + result.breakdown.notExecuted
    : notPassedNames.length;
  const flakyNames = result?.flaky ?? [];
  const runMs = job.runDurationMs;
  const queueMs =
    job.startedAt !== undefined && runMs !== undefined
      ? Math.max(0, Math.round(endedAt - job.startedAt - runMs))
      : undefined;
  return {
    requestId: job.requestId,
    rootRequestId: job.rootRequestId,
    attempt: job.attempt,
    kind: job.kind,
    templateId: job.templateId,
    ...(job.templateAlias !== undefined ? { templateAlias: job.templateAlias } : {}),
    templateName: cutText(job.templateName, MAX_TEMPLATE_NAME),
    verdict: runVerdictOf(job),
    ...(result?.breakdown ? { counts: { ...result.breakdown } } : {}),
    ...(queueMs !== undefined ? { queueMs } : {}),
    ...(runMs !== undefined ? { runMs: Math.round(runMs) } : {}),
    startedAt: job.startedAt ?? job.createdAt,
    endedAt,
    userId: job.requester.userId,
    ...(job.scheduleId !== undefined ? { scheduleId: job.scheduleId } : {}),
    channelId: job.channelId,
    ...(job.threadTs !== undefined || job.cardTs !== undefined
      ? { threadTs: job.threadTs ?? job.cardTs }
      : {}),
    ...(job.cardTs !== undefined ? { messageTs: job.cardTs } : {}),
    ...(job.atsJobId !== undefined ? { atsJobId: job.atsJobId } : {}),
    notPassed: boundedNames(notPassedNames, notPassedCount, MAX_NOT_PASSED_BYTES),
    flaky: boundedNames(flakyNames, result?.flakyCount ?? flakyNames.length, MAX_FLAKY_BYTES),
    ...(result?.slowest ? { slowest: boundedSlowest(result.slowest) } : {}),
    expiresAt: Math.floor(endedAt / 1000) + Math.max(1, historyDays) * 86_400,
  };
}
