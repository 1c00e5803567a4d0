import type { Job } from './job';
import { cutText } from './text-size';

/*
 * A job is stored as one item, and a store holds items of a bounded size (DynamoDB: 400 KB).
 * The result is kept small where it is built (`job-result.ts`); the other texts that come from
 * ATS or from errors (an `ExecutionStatus`, a SOAP fault in `lastError`) are cut here, on the one
 * write path, so that nothing ATS sends can make a job's item unwritable.
 */

/** Longest texts a job item keeps, in UTF-16 units. */
export const STORED_TEXT_LIMITS = {
  /** A person reads it in a notice or an outcome. */
  lastError: 1_000,
  /** ATS sends `Queued`, `Running` or `Done`. */
  lastAtsStatus: 100,
  /** A person reads it on the card. */
  startWarning: 1_000,
} as const;

/** What a compact job keeps of each text (see {@link compactJob}). */
const COMPACT_TEXT = 200;

/** The job with its ATS and error texts cut to {@link STORED_TEXT_LIMITS}. */
export function withBoundedTexts(job: Job): Job {
  let bounded = job;
  for (const [field, max] of Object.entries(STORED_TEXT_LIMITS) as [
    keyof typeof STORED_TEXT_LIMITS,
    number,
  ][]) {
    const text = job[field];
    if (text !== undefined && text.length > max) {
      bounded = { ...bounded, [field]: cutText(text, max) };
    }
  }
  return bounded;
}

/**
 * The job as it is stored when the store refused its item: the result keeps its verdict, counts,
 * flags and its bounded list of slowest cases (run history reads it) but lists no other case
 * (`casesNotStored`, which the outcome says), texts are cut short and the rerun scope keeps its
 * count only. Reruns still work: they rerun what ATS says did not pass,
 * and the counts say whether anything did.
 */
export function compactJob(job: Job): Job {
  const compact: Job = {
    ...job,
    ...(job.lastError !== undefined ? { lastError: cutText(job.lastError, COMPACT_TEXT) } : {}),
    ...(job.startWarning !== undefined
      ? { startWarning: cutText(job.startWarning, COMPACT_TEXT) }
      : {}),
    ...(job.rerunScope ? { rerunScope: { count: job.rerunScope.count, names: [] } } : {}),
  };
  const result = job.result;
  if (!result) return compact;
  const flakyCount = result.flakyCount ?? result.flaky.length;
  return {
    ...compact,
    result: {
      ...result,
      testCases: [],
      flaky: [],
      ...(flakyCount > 0 ? { flakyCount } : {}),
      errorMessage:
        result.errorMessage === undefined ? undefined : cutText(result.errorMessage, COMPACT_TEXT),
      casesNotStored: true,
    },
  };
}
