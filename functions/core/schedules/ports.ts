import type { Job } from '../job';
import type { QuotaRefusal } from '../requests/quotas';
import type { PauseReason, Schedule } from './schedule';

/** Persistence of schedules. Every write is conditional on `version`. */
export interface ScheduleStore {
  /** Stores a new schedule. Resolves false (and changes nothing) when the id exists. */
  create(schedule: Schedule): Promise<boolean>;
  get(scheduleId: string): Promise<Schedule | undefined>;
  /**
   * Replaces the stored schedule with `next` only if the stored `version` equals
   * `expectedVersion` (`next.version` must be `expectedVersion + 1`). Resolves false on a lost race.
   */
  replace(next: Schedule, expectedVersion: number): Promise<boolean>;
  /** Schedules of a channel that are not removed, oldest first, at most `limit`. */
  listInChannel(channelId: string, limit: number): Promise<Schedule[]>;
}

/**
 * The recurring scheduler that fires a schedule's runs (EventBridge Scheduler on AWS, timers
 * locally). Each firing reaches the worker as `{ type: 'fire_schedule', scheduleId,
 * scheduledTime }`. Every method is idempotent.
 */
export interface RecurringScheduler {
  /**
   * Brings the schedule's recurring schedule to its state: created or updated and enabled while
   * `active`, disabled while `paused`, deleted once `removed`.
   */
  apply(schedule: Schedule): Promise<void>;
  /**
   * True when the scheduler skips a run whose wall-clock time does not exist that day (the hour
   * clocks skip when daylight saving time starts), as EventBridge Scheduler does. The domain then
   * books that run with {@link bookExtraRun}, at the time {@link RunCalendar} moved it to.
   */
  readonly skipsNonexistentTimes: boolean;
  /** Fires the schedule once at `at` (a one-off, deleted once it fired). */
  bookExtraRun(scheduleId: string, at: Date): Promise<void>;
}

/** Evaluates five-field cron expressions in a time zone (a cron library behind it). */
export interface RunCalendar {
  /**
   * The next `count` run times strictly after `after`. A run whose wall-clock time does not exist
   * that day (daylight saving time starts) moves to the first minute after the gap; a time that
   * happens twice (it ends) runs once, at the first.
   */
  nextRuns(cron: string, timeZone: string, after: Date, count: number): Date[];
}

/** People's time zones as Slack knows them (`users.info`). */
export interface UserTimeZones {
  /**
   * The person's IANA zone, or undefined when Slack has none for them.
   * @throws when Slack cannot be asked (the caller falls back to the default zone).
   */
  timeZoneOf(userId: string): Promise<string | undefined>;
}

/** What the schedules tell people, rendered to Slack messages by the adapter. */
export type ScheduleNotice =
  /** A firing was skipped because the previous firing's job still runs (told in the channel). */
  | { kind: 'firing_skipped'; schedule: Schedule; scheduledFor: number; running: Job }
  /**
   * A start quota refused a firing: its owner started as many jobs as one person may in the
   * window, or the channel has as many active jobs as it may (told in the channel).
   */
  | { kind: 'firing_refused'; schedule: Schedule; scheduledFor: number; refusal: QuotaRefusal }
  /** The bot paused the schedule because a firing could not start a run (told to the owner). */
  | { kind: 'paused_by_bot'; schedule: Schedule; reason: Exclude<PauseReason, 'by_person'> };

/** Delivers {@link ScheduleNotice}s. Methods may throw; callers log and go on. */
export interface ScheduleNotifier {
  tell(notice: ScheduleNotice): Promise<void>;
}
