import { DEFAULT_SCHEDULE_SETTINGS } from '../core/schedules/schedule-settings';
import type { SettingSpec } from '../setting-spec';
import {
  QUEUE_ARN_RULE,
  ROLE_ARN_RULE,
  SCHEDULE_GROUP_NAME_RULE,
  TABLE_NAME_RULE,
} from './aws-name-rules';
import { option, stackValue } from './rows';

// The rows of the settings table (`../settings.ts`) about scheduled runs: their defaults and limits
// (`functions/core/schedules/schedule-settings.ts` holds the default values), and the table,
// schedule group and queue the stack creates for them. `SETTINGS` lists them with the others.

/** The scheduled-run rows of `SETTINGS`. */
export const SCHEDULE_SETTINGS = {
  scheduleDefaultTimeZone: option('SCHEDULE_DEFAULT_TIME_ZONE', {
    rule: { kind: 'timeZone' },
    default: DEFAULT_SCHEDULE_SETTINGS.defaultTimeZone,
    meaning:
      'Time zone of a schedule set without one (`/ats schedule smoke daily 02:00`) when Slack knows no time zone for the person.',
  }),
  scheduleMinIntervalHours: option('SCHEDULE_MIN_INTERVAL_HOURS', {
    rule: { kind: 'integer', min: 1, max: 24, unit: 'hours' },
    default: DEFAULT_SCHEDULE_SETTINGS.minIntervalHours,
    meaning: 'Shortest time between two runs of one schedule: `every N hours` below it is refused.',
  }),
  schedulesPerChannel: option('SCHEDULES_PER_CHANNEL', {
    rule: { kind: 'integer', min: 1, max: 100, unit: 'schedules' },
    default: DEFAULT_SCHEDULE_SETTINGS.maxPerChannel,
    meaning: 'Schedules one channel may have, paused ones included.',
  }),
  scheduleOverlap: option('SCHEDULE_OVERLAP', {
    rule: { kind: 'choice', values: ['skip', 'allow'] },
    default: DEFAULT_SCHEDULE_SETTINGS.allowOverlap ? 'allow' : 'skip',
    meaning:
      "A firing while the previous firing's job is still active: `skip` it (the channel is told once), or `allow` a second job to start.",
  }),
  schedulesTableName: stackValue('SCHEDULES_TABLE_NAME', {
    rule: TABLE_NAME_RULE,
    unsetMeans: 'scheduled runs are off',
    meaning: 'The DynamoDB table of schedules.',
  }),
  recurringScheduleGroupName: stackValue('RECURRING_SCHEDULE_GROUP_NAME', {
    rule: SCHEDULE_GROUP_NAME_RULE,
    unsetMeans: 'the worker fires no scheduled runs',
    meaning: 'EventBridge Scheduler group of the recurring schedules of scheduled runs.',
  }),
  recurringSchedulerRoleArn: stackValue('RECURRING_SCHEDULER_ROLE_ARN', {
    rule: ROLE_ARN_RULE,
    unsetMeans: 'the worker fires no scheduled runs',
    meaning: 'Role EventBridge Scheduler assumes to fire scheduled runs at the worker.',
  }),
  firingDlqArn: stackValue('SCHEDULE_FIRING_DLQ_ARN', {
    rule: QUEUE_ARN_RULE,
    unsetMeans: 'no dead-letter queue',
    meaning: 'Dead-letter queue of schedule firings that failed every retry.',
  }),
} as const satisfies Record<string, SettingSpec>;
