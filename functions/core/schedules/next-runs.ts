import type { RunCalendar } from './ports';
import type { Schedule } from './schedule';
import { cronOf, type ScheduleRule, timeOfDayOf } from './schedule-rule';
import { wallClockAt } from './time-zone';

/** The rule and zone of a schedule: all the next runs depend on. */
export type Timing = Pick<Schedule, 'rule' | 'timeZone'>;

/** The next `count` runs of a rule in its zone, strictly after `after`. */
export function nextRuns(
  calendar: RunCalendar,
  timing: Timing,
  after: Date,
  count: number,
): Date[] {
  return calendar.nextRuns(cronOf(timing.rule), timing.timeZone, after, count);
}

/**
 * True when a run of a time-of-day rule was moved off the rule's time because that time did not
 * exist that day (the hour skipped when daylight saving time starts): a recurring scheduler that
 * skips such times would not fire it.
 */
export function isMovedRun(rule: ScheduleRule, timeZone: string, at: Date): boolean {
  const time = timeOfDayOf(rule);
  if (!time) return false;
  const wall = wallClockAt(at, timeZone);
  return wall.hour !== time.hour || wall.minute !== time.minute;
}
