import type { ScheduleStore } from '../../functions/core/schedules/ports';
import type { Schedule } from '../../functions/core/schedules/schedule';

/**
 * In-memory {@link ScheduleStore} with the port's conditional semantics: `create` refuses an
 * existing id, `replace` only succeeds on the expected version (and insists on `version + 1`),
 * and every read returns a copy.
 */
export class MemoryScheduleStore implements ScheduleStore {
  private readonly schedules = new Map<string, Schedule>();
  /** Writes that were refused (lost races, existing ids). */
  failedWrites = 0;

  async create(schedule: Schedule): Promise<boolean> {
    if (this.schedules.has(schedule.scheduleId)) {
      this.failedWrites++;
      return false;
    }
    this.schedules.set(schedule.scheduleId, structuredClone(schedule));
    return true;
  }

  async get(scheduleId: string): Promise<Schedule | undefined> {
    const schedule = this.schedules.get(scheduleId);
    return schedule ? structuredClone(schedule) : undefined;
  }

  async replace(next: Schedule, expectedVersion: number): Promise<boolean> {
    if (next.version !== expectedVersion + 1) {
      throw new Error(`next.version must be ${expectedVersion + 1}, got ${next.version}`);
    }
    const stored = this.schedules.get(next.scheduleId);
    if (!stored || stored.version !== expectedVersion) {
      this.failedWrites++;
      return false;
    }
    this.schedules.set(next.scheduleId, structuredClone(withoutUndefined(next)));
    return true;
  }

  async listInChannel(channelId: string, limit: number): Promise<Schedule[]> {
    return [...this.schedules.values()]
      .filter((s) => s.channelId === channelId && s.state !== 'removed')
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit)
      .map((s) => structuredClone(s));
  }

  /** Every stored schedule, removed ones included. */
  all(): Schedule[] {
    return [...this.schedules.values()].map((s) => structuredClone(s));
  }
}

/** Keys set to undefined are dropped, as a whole-item put drops them. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
