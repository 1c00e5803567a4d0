import type { Job } from '../job';
import type { RunPermission } from '../requests/access';
import type { TemplateEntry } from '../requests/catalog';
import type { Schedule } from './schedule';

// What `/ats schedule`, `/ats schedules`, `/ats unschedule` and the schedule buttons answer
// (`./schedule-requests.ts`), for the Slack blocks that render it and the listeners that call it.

/** Who asks, where, and Slack's id of the request (stable across Slack's redeliveries). */
export interface ScheduleAsker {
  userId: string;
  channelId: string;
  triggerId: string;
}

/** What a person may do to a schedule from `/ats unschedule` or its buttons. */
export type ScheduleChange = 'pause' | 'resume' | 'remove';

/** Where the zone of a new schedule came from. */
export type ZoneSource = 'given' | 'slack' | 'default';

/** One row of `/ats schedules`. */
export interface ScheduleListEntry {
  schedule: Schedule;
  /** Next run, for an active schedule. */
  nextRun?: Date;
  /** The job of the latest firing that started one, if it is still stored. */
  lastJob?: Job;
}

/** What to tell the person; rendered in `functions/slack/blocks/schedules.ts`. */
export type ScheduleAnswer =
  | {
      kind: 'scheduled';
      schedule: Schedule;
      nextRuns: Date[];
      zoneSource: ZoneSource;
      /** Slack sent the same command again: the schedule it made is shown. */
      duplicate: boolean;
    }
  | { kind: 'schedule_list'; channelId: string; entries: ScheduleListEntry[]; max: number }
  | {
      kind: 'schedule_changed';
      schedule: Schedule;
      change: ScheduleChange;
      /** False when it already was so (paused twice, removed twice). */
      changed: boolean;
      nextRuns: Date[];
    }
  | {
      kind: 'schedule_not_allowed';
      template: TemplateEntry;
      permitted: RunPermission;
      what: 'schedule' | ScheduleChange;
    }
  /** The request cannot be carried out; `message` is written for the person. */
  | { kind: 'schedule_refused'; code: string; message: string };
