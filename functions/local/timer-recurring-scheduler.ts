import type { ScheduleMessage } from '../core/ports';
import { nextRuns } from '../core/schedules/next-runs';
import type { RecurringScheduler, RunCalendar } from '../core/schedules/ports';
import type { Schedule } from '../core/schedules/schedule';
import { MAX_TIMER_MS, TimerStandIn, type TimerStandInOptions } from './timer-stand-in';

/** A firing, as the timers hand it to the worker. */
export type FiringMessage = Extract<ScheduleMessage, { type: 'fire_schedule' }>;

/** A schedule as the timers hold it: its next run while active. */
export interface TimedSchedule {
  schedule: Schedule;
  /** When it fires next (active schedules only). */
  nextRun?: Date;
}

/** Tuning of {@link TimerRecurringScheduler}. */
export type TimerRecurringSchedulerOptions = TimerStandInOptions<FiringMessage>;

/**
 * {@link RecurringScheduler} over timers in this process, standing in for EventBridge Scheduler's
 * recurring schedules in local mode. Each active schedule has one timer, set for its next run as
 * the {@link RunCalendar} reads the rule in the schedule's zone (croner), and set again for the
 * run after once it fired; a paused schedule keeps no timer, a removed one is forgotten. The
 * calendar moves a run out of a daylight-saving gap instead of skipping it, so
 * {@link skipsNonexistentTimes} is false. Timers die with the process: local mode applies the
 * stored schedules again at start-up.
 */
export class TimerRecurringScheduler
  extends TimerStandIn<FiringMessage>
  implements RecurringScheduler
{
  readonly skipsNonexistentTimes = false;
  private readonly entries = new Map<
    string,
    { schedule: Schedule; timer?: NodeJS.Timeout; nextRun?: Date }
  >();
  private readonly extra = new Set<NodeJS.Timeout>();

  constructor(
    private readonly calendar: RunCalendar,
    deliver: (firing: FiringMessage) => Promise<void> | void,
    options: TimerRecurringSchedulerOptions = {},
  ) {
    super(deliver, options);
  }

  /**
   * Arms the schedule's timer for its next run while it is active; clears it when paused or
   * removed. Applying the same state again re-arms the same run: nothing fires twice.
   * @throws LocalModeError `SCHEDULER_CLOSED` after {@link close}.
   */
  async apply(schedule: Schedule): Promise<void> {
    this.refuseWhenClosed('recurring scheduler');
    this.clear(schedule.scheduleId);
    if (schedule.state === 'removed') return;
    this.entries.set(schedule.scheduleId, { schedule: structuredClone(schedule) });
    if (schedule.state === 'active') this.armAfter(schedule.scheduleId, new Date(this.clock.now()));
  }

  /** Fires the schedule once at `at`. @throws LocalModeError `SCHEDULER_CLOSED` after close. */
  async bookExtraRun(scheduleId: string, at: Date): Promise<void> {
    this.refuseWhenClosed('recurring scheduler');
    const timer = setTimeout(
      () => {
        this.extra.delete(timer);
        this.fire(scheduleId, at);
      },
      Math.max(0, Math.min(at.getTime() - this.clock.now(), MAX_TIMER_MS)),
    );
    this.extra.add(timer);
  }

  /**
   * Fires an active schedule now, for the current minute, as if its timer had run (the
   * playground's "Post now"); its next timer stays as it was. The firing is idempotent per
   * minute like any other. @returns false when no active schedule of that id is held.
   */
  fireNow(scheduleId: string): boolean {
    const entry = this.entries.get(scheduleId);
    if (entry?.schedule.state !== 'active' || this.closed) return false;
    this.fire(scheduleId, new Date(Math.floor(this.clock.now() / 60_000) * 60_000));
    return true;
  }

  /** The schedules held, oldest first, with the next run of each active one. */
  list(): TimedSchedule[] {
    return [...this.entries.values()]
      .map(({ schedule, nextRun }) => ({
        schedule: structuredClone(schedule),
        ...(nextRun ? { nextRun } : {}),
      }))
      .sort((a, b) => a.schedule.createdAt - b.schedule.createdAt);
  }

  /** Clears every timer and refuses further schedules. */
  close(): void {
    this.closed = true;
    for (const id of [...this.entries.keys()]) this.clear(id);
    for (const timer of this.extra) clearTimeout(timer);
    this.extra.clear();
  }

  private armAfter(scheduleId: string, after: Date): void {
    const entry = this.entries.get(scheduleId);
    if (!entry || this.closed) return;
    const [next] = nextRuns(this.calendar, entry.schedule, after, 1);
    if (!next) return;
    entry.nextRun = next;
    this.wait(entry, next);
  }

  private wait(entry: { schedule: Schedule; timer?: NodeJS.Timeout }, at: Date): void {
    const delay = at.getTime() - this.clock.now();
    entry.timer = setTimeout(
      () => {
        if (delay > MAX_TIMER_MS) return this.wait(entry, at);
        this.fire(entry.schedule.scheduleId, at);
        this.armAfter(entry.schedule.scheduleId, at);
      },
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
  }

  private fire(scheduleId: string, at: Date): void {
    this.handOver({
      type: 'fire_schedule',
      scheduleId,
      scheduledTime: `${at.toISOString().slice(0, 19)}Z`,
    });
  }

  private clear(scheduleId: string): void {
    const entry = this.entries.get(scheduleId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.entries.delete(scheduleId);
  }
}
