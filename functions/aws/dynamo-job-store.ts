import { JobTooLargeError } from '../core/errors';
import { isTerminal, type Job } from '../core/job';
import type { AtsSlots, JobStore } from '../core/ports';
import { ifNew, ifNextVersion, ifVersion, withoutUndefined } from './dynamo-requests';
import { DynamoTableAdapter, keyQuery, type TableQuery, type WriteCondition } from './dynamo-table';
import { JOBS_TABLE, SLOTS_ITEM_KIND, slotsKey } from './jobs-table';

export { createJobsTableInput } from './jobs-table';

/** Machine-readable codes of {@link JobStoreError}. */
export type JobStoreErrorCode = 'JOB_STORE_BAD_VERSION';

/** A write the store refuses before sending it, because the caller broke the store's contract. */
export class JobStoreError extends Error {
  constructor(
    readonly code: JobStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JobStoreError';
  }
}

/** Attributes the adapter adds for the sparse indexes; never part of a {@link Job}. */
const DERIVED_ATTRIBUTES = [
  JOBS_TABLE.indexes.activeInChannel.partitionKey,
  JOBS_TABLE.indexes.byUser.partitionKey,
  JOBS_TABLE.indexes.templateFinished.partitionKey,
] as const;

/** Default page of {@link DynamoJobStore.listActiveInChannel}. */
const DEFAULT_ACTIVE_LIMIT = 25;

/** Upper bound of Query pages read per call, so a hot partition cannot make one call unbounded. */
const MAX_QUERY_PAGES = 10;

/**
 * {@link JobStore} over one DynamoDB table shaped as {@link JOBS_TABLE}.
 *
 * Every write is a whole-item conditional `PutItem`: `create` only when the `requestId` is new,
 * `replace` only when the stored `version` is the expected one. A whole-item put also drops
 * index attributes that no longer apply (a job that turned terminal leaves the active index)
 * without a separate `REMOVE`. Reads are strongly consistent on the table; index queries are
 * eventually consistent, as GSIs always are.
 */
export class DynamoJobStore extends DynamoTableAdapter implements JobStore {
  /**
   * Stores a new job. Resolves false when a job with this `requestId` already exists.
   * @throws JobTooLargeError when the item is over DynamoDB's 400 KB; whatever else DynamoDB
   * throws other than a failed condition (throttling, validation).
   */
  async create(job: Job): Promise<boolean> {
    return this.conditionalPut(job, ifNew(JOBS_TABLE.partitionKey));
  }

  /**
   * Reads a job (strongly consistent), exactly as it was written.
   * @throws whatever DynamoDB throws.
   */
  async get(requestId: string): Promise<Job | undefined> {
    return this.getItem({ [JOBS_TABLE.partitionKey]: requestId }, toJob);
  }

  /**
   * Replaces the stored job when its `version` is `expectedVersion`; resolves false on a lost
   * race or when the job does not exist.
   * @throws JobStoreError `JOB_STORE_BAD_VERSION` when `next.version` is not `expectedVersion + 1`;
   * JobTooLargeError when the item is over DynamoDB's 400 KB; whatever else DynamoDB throws other
   * than a failed condition.
   */
  async replace(next: Job, expectedVersion: number): Promise<boolean> {
    return this.conditionalPut(next, ifNextVersion(next, expectedVersion, badVersion));
  }

  /**
   * The job following this ATS job id. Should two jobs carry it (a watch of a job the bot
   * started), the first one recorded wins, so every caller gets the same answer.
   * @throws whatever DynamoDB throws.
   */
  async findByAtsJobId(atsJobId: string): Promise<Job | undefined> {
    const jobs = await this.query(
      keyQuery(JOBS_TABLE.indexes.byAtsJobId, atsJobId),
      Number.POSITIVE_INFINITY,
    );
    return jobs.reduce<Job | undefined>(
      (first, job) =>
        !first ||
        job.createdAt < first.createdAt ||
        (job.createdAt === first.createdAt && job.requestId < first.requestId)
          ? job
          : first,
      undefined,
    );
  }

  /**
   * Non-terminal jobs of a channel, newest first, at most `limit` (default 25).
   * @throws whatever DynamoDB throws.
   */
  async listActiveInChannel(channelId: string, limit = DEFAULT_ACTIVE_LIMIT): Promise<Job[]> {
    return this.query(
      { ...keyQuery(JOBS_TABLE.indexes.activeInChannel, channelId), ScanIndexForward: false },
      limit,
    );
  }

  /**
   * Request ids of the latest jobs a person started (or whose schedule did), newest first, at most
   * `limit`: one query of the keys-only `byUserCreated` index.
   * @throws whatever DynamoDB throws.
   */
  async latestOfUser(userId: string, limit: number): Promise<string[]> {
    const items = await this.queryItems(
      { ...keyQuery(JOBS_TABLE.indexes.byUser, userId), ScanIndexForward: false },
      { limit, maxPages: MAX_QUERY_PAGES },
    );
    return items.map((item) => String(item[JOBS_TABLE.partitionKey]));
  }

  /**
   * `done` jobs of a template, most recently finished first: full runs or reruns apart.
   * @throws whatever DynamoDB throws.
   */
  async recentFinishedRuns(templateId: string, reruns: boolean, limit: number): Promise<Job[]> {
    const runs = keyQuery(JOBS_TABLE.indexes.templateFinished, templateRunKey(templateId, reruns));
    return this.query({ ...runs, ScanIndexForward: false }, limit);
  }

  /**
   * The ATS slots record of an app (strongly consistent); empty at version 0 when never written.
   * @throws whatever DynamoDB throws.
   */
  async getSlots(app: string): Promise<AtsSlots> {
    const stored = await this.getItem({ [JOBS_TABLE.partitionKey]: slotsKey(app) }, (item) => ({
      app,
      holders: (item.holders as string[] | undefined) ?? [],
      waiting: (item.waiting as string[] | undefined) ?? [],
      version: Number(item.version),
    }));
    return stored ?? { app, holders: [], waiting: [], version: 0 };
  }

  /**
   * Writes the slots record when the stored version is `next.version - 1` (absent for 1).
   * @throws whatever DynamoDB throws other than a failed condition.
   */
  async putSlots(next: AtsSlots): Promise<boolean> {
    return this.putIf(
      {
        [JOBS_TABLE.partitionKey]: slotsKey(next.app),
        itemKind: SLOTS_ITEM_KIND,
        app: next.app,
        holders: next.holders,
        waiting: next.waiting,
        version: next.version,
      },
      next.version === 1 ? ifNew(JOBS_TABLE.partitionKey) : ifVersion(next.version - 1),
    );
  }

  private async conditionalPut(job: Job, condition: WriteCondition): Promise<boolean> {
    try {
      return await this.putIf(toItem(job), condition);
    } catch (error) {
      if (isItemTooLarge(error)) throw new JobTooLargeError(job.requestId, { cause: error });
      throw error;
    }
  }

  private async query(input: TableQuery, limit: number): Promise<Job[]> {
    const items = await this.queryItems(input, { limit, maxPages: MAX_QUERY_PAGES });
    return items.map(toJob);
  }
}

/** Partition key of the finished-runs index: `<templateId>#full` or `<templateId>#rerun`. */
export function templateRunKey(templateId: string, rerun: boolean): string {
  return `${templateId}#${rerun ? 'rerun' : 'full'}`;
}

/**
 * The item this store writes for a job: the job without undefined values, plus the index
 * attributes that apply. Exported so capacity estimates (the memory store of the tests and
 * `npm run bench:polling`) size exactly what DynamoDB would store.
 */
export function toItem(job: Job): Record<string, unknown> {
  const item = withoutUndefined(job) as Record<string, unknown>;
  for (const attribute of DERIVED_ATTRIBUTES) delete item[attribute];
  if (!isTerminal(job.phase) && job.channelId) {
    item[JOBS_TABLE.indexes.activeInChannel.partitionKey] = job.channelId;
  }
  if (job.requester.userId) item[JOBS_TABLE.indexes.byUser.partitionKey] = job.requester.userId;
  if (job.phase === 'done' && job.templateId) {
    item[JOBS_TABLE.indexes.templateFinished.partitionKey] = templateRunKey(
      job.templateId,
      job.attempt >= 1,
    );
  }
  return item;
}

function toJob(item: Record<string, unknown>): Job {
  const job = { ...item };
  for (const attribute of DERIVED_ATTRIBUTES) delete job[attribute];
  return job as unknown as Job;
}

function badVersion(next: Job, problem: string): JobStoreError {
  return new JobStoreError('JOB_STORE_BAD_VERSION', `Job ${next.requestId}: ${problem}`);
}

/** True for DynamoDB's refusal of an item over its 400 KB ("Item size has exceeded …"). */
function isItemTooLarge(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /item size/i.test(error.message)
  );
}
