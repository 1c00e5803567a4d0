import { isMovedRun, nextRuns } from '../../functions/core/schedules/next-runs';
import type { RecurringScheduler, RunCalendar } from '../../functions/core/schedules/ports';
import type { Schedule, ScheduleState } from '../../functions/core/schedules/schedule';

/** A recurring schedule as the stand-in holds it. */
export interface RecurringEntry {
  schedule: Schedule;
  /** `active` fires, `paused` is disabled; removed entries are deleted. */
  state: Exclude<ScheduleState, 'removed'>;
}

/**
 * A {@link RecurringScheduler} in memory, behaving as EventBridge Scheduler does: idempotent
 * apply, and (with `skipsNonexistentTimes`) no firing at a wall-clock time the zone skips that
 * day; one-off extra runs are kept apart. {@link firingsBetween} says when it would fire.
 */
export class RecordingRecurringScheduler implements RecurringScheduler {
  readonly entries = new Map<string, RecurringEntry>();
  readonly extraRuns: { scheduleId: string; at: number }[] = [];
  /** Every apply call, in order: the schedule id and the state applied. */
  readonly applied: { scheduleId: string; state: ScheduleState }[] = [];
  /** Calls of `apply` that throw before changing anything (a throttled Scheduler). */
  failApplies = 0;

  constructor(
    private readonly calendar: RunCalendar,
    readonly skipsNonexistentTimes = true,
  ) {}

  async apply(schedule: Schedule): Promise<void> {
    if (this.failApplies > 0) {
      this.failApplies--;
      throw new Error('ThrottlingException');
    }
    this.applied.push({ scheduleId: schedule.scheduleId, state: schedule.state });
    if (schedule.state === 'removed') this.entries.delete(schedule.scheduleId);
    else
      this.entries.set(schedule.scheduleId, {
        schedule: structuredClone(schedule),
        state: schedule.state,
      });
  }

  async bookExtraRun(scheduleId: string, at: Date): Promise<void> {
    if (this.extraRuns.some((r) => r.scheduleId === scheduleId && r.at === at.getTime())) return;
    this.extraRuns.push({ scheduleId, at: at.getTime() });
  }

  /**
   * When the enabled schedules fire in `(from, to]`, in time order: recurring firings (skipping
   * moved runs when this scheduler skips them) and the extra runs booked so far.
   */
  firingsBetween(from: number, to: number): { scheduleId: string; at: number }[] {
    const firings: { scheduleId: string; at: number }[] = [];
    for (const { schedule, state } of this.entries.values()) {
      if (state !== 'active') continue;
      for (const run of nextRuns(this.calendar, schedule, new Date(from), 1_000)) {
        if (run.getTime() > to) break;
        if (this.skipsNonexistentTimes && isMovedRun(schedule.rule, schedule.timeZone, run))
          continue;
        firings.push({ scheduleId: schedule.scheduleId, at: run.getTime() });
      }
    }
    // One-offs are schedules of their own: they fire whatever became of the recurring one.
    for (const extra of this.extraRuns) {
      if (extra.at > from && extra.at <= to) firings.push(extra);
    }
    return firings.sort((a, b) => a.at - b.at);
  }
}
