import type { Clock } from '../ports';
import { isMovedRun, nextRuns } from './next-runs';
import type { RecurringScheduler, RunCalendar, ScheduleStore } from './ports';
import type { Schedule } from './schedule';
import { updateSchedule } from './schedule-writes';

/** What {@link applySchedule} works with. */
export interface ScheduleSyncDeps {
  schedules: ScheduleStore;
  recurring: RecurringScheduler;
  calendar: RunCalendar;
  clock: Clock;
  log: { warn(message: string, extra?: object): void };
}

/** Rounds of read-apply-record before giving the state to a later message. */
const SYNC_ROUNDS = 3;

/**
 * Brings the recurring scheduler to the schedule's stored state (worker side of `sync_schedule`)
 * and records it as applied. Idempotent: applying twice changes nothing. When the state changed
 * while it was being applied (a pause racing a resume), the newer state is applied too, so the
 * scheduler always ends at the state stored last.
 * @returns the schedule as stored afterwards, or undefined when it does not exist.
 * @throws whatever the store or the scheduler throws (the message is then retried).
 */
export async function applySchedule(
  deps: ScheduleSyncDeps,
  scheduleId: string,
): Promise<Schedule | undefined> {
  let schedule = await deps.schedules.get(scheduleId);
  for (let round = 0; round < SYNC_ROUNDS && schedule; round++) {
    const applying = schedule;
    await deps.recurring.apply(applying);
    const extraRunAt =
      applying.state === 'active'
        ? await bookMovedRun(deps, applying, deps.clock.now())
        : undefined;
    const { schedule: stored } = await updateSchedule(
      deps.schedules,
      applying,
      (current) => {
        if (current.state !== applying.state) return undefined;
        const booked = extraRunAt !== undefined && current.extraRunAt !== extraRunAt;
        if (current.appliedState === applying.state && !booked) return undefined;
        return { appliedState: applying.state, ...(booked ? { extraRunAt } : {}) };
      },
      deps.clock.now(),
    );
    if (!stored || stored.state === applying.state) return stored;
    schedule = stored;
  }
  if (schedule) deps.log.warn('Schedule kept changing while applied', { scheduleId });
  return schedule;
}

/**
 * Books the schedule's next run as a one-off when the recurring scheduler would skip it: its
 * wall-clock time does not exist that day and the calendar moved it past the gap.
 * @returns the time booked, or undefined when the next run needs nothing.
 */
export async function bookMovedRun(
  deps: Pick<ScheduleSyncDeps, 'recurring' | 'calendar'>,
  schedule: Schedule,
  after: number,
): Promise<number | undefined> {
  if (!deps.recurring.skipsNonexistentTimes) return undefined;
  const [next] = nextRuns(deps.calendar, schedule, new Date(after), 1);
  if (!next || !isMovedRun(schedule.rule, schedule.timeZone, next)) return undefined;
  if (schedule.extraRunAt === next.getTime()) return next.getTime();
  await deps.recurring.bookExtraRun(schedule.scheduleId, next);
  return next.getTime();
}
