import { JobTooLargeError } from './errors';
import { type Job, withoutExpiredResponseUrl } from './job';
import { compactJob, withBoundedTexts } from './job-item';
import type { JobStore } from './ports';
import { rewriteVersioned } from './versioned-update';

/** Machine-readable codes of {@link JobUpdateError}. */
export type JobUpdateErrorCode = 'JOB_CONTENDED';

/** A job could not be written because other writers kept changing it. Retrying later is safe. */
export class JobUpdateError extends Error {
  constructor(
    readonly code: JobUpdateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JobUpdateError';
  }
}

/**
 * Writes `job` changed by `patch`, only if nobody wrote it since it was read. An expired
 * `response_url` is dropped on the way (see {@link withoutExpiredResponseUrl}), texts are cut to
 * what an item keeps ({@link withBoundedTexts}), and should the store still refuse the item as too
 * large, the job is written compact instead ({@link compactJob}: counts without cases, which the
 * outcome says), so that a job can always reach its final state.
 * @returns the stored job, or undefined when another writer came first.
 * @throws whatever the store throws (JobTooLargeError only when even the compact job is refused).
 */
export async function writeJob(
  store: JobStore,
  job: Job,
  patch: Partial<Job>,
  now: number,
): Promise<Job | undefined> {
  const next = withBoundedTexts(
    withoutExpiredResponseUrl({ ...job, ...patch, updatedAt: now, version: job.version + 1 }, now),
  );
  try {
    return (await store.replace(next, job.version)) ? next : undefined;
  } catch (error) {
    if (!(error instanceof JobTooLargeError)) throw error;
    const compact = compactJob(next);
    return (await store.replace(compact, job.version)) ? compact : undefined;
  }
}

/**
 * Read-modify-write that survives concurrent writers: `change` is asked again on the newest
 * version after a lost race, and returns undefined when nothing (more) needs writing.
 * @returns the job as stored afterwards, or undefined when it no longer exists.
 * @throws JobUpdateError `JOB_CONTENDED` after `attempts` lost races; whatever the store throws.
 */
export async function updateJob(
  store: JobStore,
  job: Job,
  change: (current: Job) => Partial<Job> | undefined,
  now: number,
  attempts = 5,
): Promise<Job | undefined> {
  const update = await rewriteVersioned(
    job,
    change,
    {
      write: (current, patch) => writeJob(store, current, patch, now),
      reread: () => store.get(job.requestId),
    },
    attempts,
  );
  if (!update.contended) return update.stored;
  throw new JobUpdateError(
    'JOB_CONTENDED',
    `Job ${job.requestId} kept changing under ${attempts} attempts to update it`,
  );
}
