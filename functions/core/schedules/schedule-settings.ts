import type { BotAdmins } from '../requests/access';

/** The bot's admins may pause and remove any schedule, besides those who may run its template. */
export type { BotAdmins };

/** Tunables of scheduled runs. */
export interface ScheduleSettings {
  /** Zone of a schedule set without one, when Slack does not know the person's zone. */
  defaultTimeZone: string;
  /** Shortest time between two runs of one schedule, in hours. */
  minIntervalHours: number;
  /** Schedules one channel may have (paused ones count). */
  maxPerChannel: number;
  /** Start a firing's job even when the previous firing's job is still running. */
  allowOverlap: boolean;
  admins: BotAdmins;
}

/** Defaults of {@link ScheduleSettings}: the one source the configuration and docs read. */
export const DEFAULT_SCHEDULE_SETTINGS: ScheduleSettings = {
  defaultTimeZone: 'UTC',
  minIntervalHours: 1,
  maxPerChannel: 10,
  allowOverlap: false,
  admins: { users: [], userGroups: [] },
};
