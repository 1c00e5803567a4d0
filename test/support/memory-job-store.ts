import { toItem } from '../../functions/aws/dynamo-job-store';
import { JobTooLargeError } from '../../functions/core/errors';
import { isTerminal, type Job } from '../../functions/core/job';
import type { AtsSlots, JobStore } from '../../functions/core/ports';
import { dynamoItemSize } from './dynamo-item-size';

/** Operation counts and the DynamoDB capacity the same calls would consume on the jobs table. */
export interface MemoryStoreStats {
  gets: number;
  queries: number;
  /** create + replace calls, including those whose condition failed. */
  writes: number;
  failedWrites: number;
  /** Read request units: strongly consistent gets, eventually consistent index queries. */
  readUnits: number;
  /** Write request units: the item, plus every index (projection ALL) the item is or was in. */
  writeUnits: number;
}

/**
 * In-memory {@link JobStore} with the port's conditional semantics: `create` refuses an existing
 * requestId, `replace` only succeeds on the expected version (and insists on `version + 1`), and
 * every read returns a copy, as a real database would. Counts operations and estimates the
 * DynamoDB request units they would cost, sizing the item the DynamoDB store would write by
 * DynamoDB's rules (`dynamo-item-size.ts`).
 */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly slots = new Map<string, AtsSlots>();
  readonly stats: MemoryStoreStats = emptyStats();
  /**
   * Largest item (its JSON in UTF-8) a write may store, like DynamoDB's 400 KB: a larger one
   * throws JobTooLargeError. No limit unless a test sets one.
   */
  maxItemBytes = Number.POSITIVE_INFINITY;

  /** Resolves false (and changes nothing) when the requestId exists. */
  async create(job: Job): Promise<boolean> {
    this.refuseTooLarge(job);
    this.countWrite(undefined, job);
    if (this.jobs.has(job.requestId)) {
      this.stats.failedWrites++;
      return false;
    }
    this.jobs.set(job.requestId, structuredClone(job));
    return true;
  }

  async get(requestId: string): Promise<Job | undefined> {
    this.stats.gets++;
    const job = this.jobs.get(requestId);
    this.stats.readUnits += job ? Math.max(1, Math.ceil(storedSize(job) / 4096)) : 1;
    return job ? structuredClone(job) : undefined;
  }

  /**
   * Replaces the job when the stored version is `expectedVersion`.
   * @throws Error when `next.version` is not `expectedVersion + 1` (a caller bug).
   */
  async replace(next: Job, expectedVersion: number): Promise<boolean> {
    if (next.version !== expectedVersion + 1) {
      throw new Error(`next.version must be ${expectedVersion + 1}, got ${next.version}`);
    }
    this.refuseTooLarge(next);
    const stored = this.jobs.get(next.requestId);
    this.countWrite(stored, next);
    if (!stored || stored.version !== expectedVersion) {
      this.stats.failedWrites++;
      return false;
    }
    this.jobs.set(next.requestId, structuredClone(next));
    return true;
  }

  async findByAtsJobId(atsJobId: string): Promise<Job | undefined> {
    const found = this.query((j) => j.atsJobId === atsJobId).sort(
      (a, b) => a.createdAt - b.createdAt || a.requestId.localeCompare(b.requestId),
    );
    return found[0];
  }

  async listActiveInChannel(channelId: string, limit = 25): Promise<Job[]> {
    return this.query((j) => j.channelId === channelId && !isTerminal(j.phase))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit);
  }

  async latestOfUser(userId: string, limit: number): Promise<string[]> {
    return this.query((j) => j.requester.userId === userId)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit)
      .map((j) => j.requestId);
  }

  async recentFinishedRuns(templateId: string, reruns: boolean, limit: number): Promise<Job[]> {
    return this.query(
      (j) =>
        j.phase === 'done' &&
        j.templateId === templateId &&
        (reruns ? j.attempt >= 1 : j.attempt === 0) &&
        j.finishedAt !== undefined,
    )
      .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0))
      .slice(0, limit);
  }

  async getSlots(app: string): Promise<AtsSlots> {
    this.stats.gets++;
    this.stats.readUnits += 1;
    const stored = this.slots.get(app);
    return stored ? structuredClone(stored) : { app, holders: [], waiting: [], version: 0 };
  }

  /** Writes when the stored version is `next.version - 1` (absent for 1). */
  async putSlots(next: AtsSlots): Promise<boolean> {
    this.stats.writes++;
    this.stats.writeUnits += 1;
    const storedVersion = this.slots.get(next.app)?.version ?? 0;
    if (storedVersion !== next.version - 1) {
      this.stats.failedWrites++;
      return false;
    }
    this.slots.set(next.app, structuredClone(next));
    return true;
  }

  /** Every stored job (copies), for assertions. */
  all(): Job[] {
    return [...this.jobs.values()].map((j) => structuredClone(j));
  }

  /** Stores a job as is, bypassing the conditions (test set-up). */
  seed(job: Job): void {
    this.jobs.set(job.requestId, structuredClone(job));
  }

  /** Clears the counters (e.g. after set-up). */
  resetStats(): void {
    Object.assign(this.stats, emptyStats());
  }

  private refuseTooLarge(job: Job): void {
    if (sizeOf(job) > this.maxItemBytes) throw new JobTooLargeError(job.requestId);
  }

  private query(match: (job: Job) => boolean): Job[] {
    this.stats.queries++;
    const found = [...this.jobs.values()].filter(match);
    const bytes = found.reduce((sum, j) => sum + storedSize(j), 0);
    this.stats.readUnits += Math.max(0.5, Math.ceil(bytes / 4096) * 0.5);
    return found.map((j) => structuredClone(j));
  }

  /**
   * A put is billed by the larger of the old and the new item; each projection-ALL index the job
   * is in after the write takes its new entry, one it leaves takes the removal of its old entry.
   */
  private countWrite(before: Job | undefined, after: Job): void {
    this.stats.writes++;
    const units = (job: Job) => Math.max(1, Math.ceil(storedSize(job) / 1024));
    let total = Math.max(before ? units(before) : 0, units(after));
    for (const inIndex of INDEXES) {
      if (inIndex(after)) total += units(after);
      else if (before && inIndex(before)) total += units(before);
    }
    // byUserCreated keeps every job's keys only: DynamoDB writes its entry (well under 1 KB) when
    // the job is created, and no later write changes it.
    if (!before || userEntryOf(before) !== userEntryOf(after)) total += 1;
    this.stats.writeUnits += total;
  }
}

/** Membership of the table's three sparse indexes of every attribute (see functions/aws/jobs-table.ts). */
const INDEXES: ((job: Job) => boolean)[] = [
  (j) => !isTerminal(j.phase),
  (j) => j.atsJobId !== undefined,
  (j) => j.phase === 'done' && j.templateId !== undefined,
];

/** A job's entry in the keys-only byUserCreated index. */
function userEntryOf(job: Job): string {
  return `${job.requestId} ${job.requester.userId} ${job.createdAt}`;
}

/** Bytes DynamoDB bills for the item the DynamoDB store writes for this job. */
function storedSize(job: Job): number {
  return dynamoItemSize(toItem(job));
}

function sizeOf(job: Job): number {
  return Buffer.byteLength(JSON.stringify(job), 'utf8');
}

function emptyStats(): MemoryStoreStats {
  return { gets: 0, queries: 0, writes: 0, failedWrites: 0, readUnits: 0, writeUnits: 0 };
}
