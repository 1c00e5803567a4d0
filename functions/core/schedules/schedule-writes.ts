import { rewriteVersioned } from '../versioned-update';
import type { ScheduleStore } from './ports';
import type { Schedule } from './schedule';

/** A schedule could not be written because other writers kept changing it. Retrying is safe. */
export class ScheduleUpdateError extends Error {
  readonly code = 'SCHEDULE_CONTENDED';

  constructor(message: string) {
    super(message);
    this.name = 'ScheduleUpdateError';
  }
}

/** Outcome of {@link updateSchedule}. */
export interface ScheduleUpdate {
  /** The schedule as stored afterwards; undefined when it no longer exists. */
  schedule: Schedule | undefined;
  /** True when this call wrote its change (false: nothing needed writing). */
  written: boolean;
}

/**
 * Read-modify-write that survives concurrent writers: `change` is asked again on the newest
 * version after a lost race, and returns undefined when nothing (more) needs writing.
 * @throws ScheduleUpdateError after `attempts` lost races; whatever the store throws.
 */
export async function updateSchedule(
  store: ScheduleStore,
  schedule: Schedule,
  change: (current: Schedule) => Partial<Schedule> | undefined,
  now: number,
  attempts = 5,
): Promise<ScheduleUpdate> {
  const update = await rewriteVersioned(
    schedule,
    change,
    {
      write: async (current, patch) => {
        const next: Schedule = {
          ...current,
          ...patch,
          updatedAt: now,
          version: current.version + 1,
        };
        return (await store.replace(next, current.version)) ? next : undefined;
      },
      reread: () => store.get(schedule.scheduleId),
    },
    attempts,
  );
  if (!update.contended) return { schedule: update.stored, written: update.written };
  throw new ScheduleUpdateError(
    `Schedule ${schedule.scheduleId} kept changing under ${attempts} attempts to update it`,
  );
}
