import type { Job } from '../../functions/core/job';
import { MemoryJobStore } from './memory-job-store';

/**
 * A {@link MemoryJobStore} where, once {@link contend} names a job, another writer changes that
 * job just before every write to it, so each of those writes loses its race: for checking that
 * read-modify-write loops give up after a bounded number of attempts.
 */
export class ContendedJobStore extends MemoryJobStore {
  /** Writes attempted on the contended job. */
  attempts = 0;
  private contended: string | undefined;

  /** From now on, every write to `requestId` loses to another writer. */
  contend(requestId: string): void {
    this.contended = requestId;
  }

  override async replace(next: Job, expectedVersion: number): Promise<boolean> {
    if (next.requestId === this.contended) {
      this.attempts += 1;
      const current = this.all().find((job) => job.requestId === next.requestId);
      if (current) this.seed({ ...current, version: current.version + 1 });
    }
    return super.replace(next, expectedVersion);
  }
}
