import { DEFAULT_LIFECYCLE_SETTINGS } from '../core/lifecycle/lifecycle-context';
import type { SettingSpec } from '../setting-spec';
import { QUEUE_ARN_RULE, ROLE_ARN_RULE, SCHEDULE_GROUP_NAME_RULE } from './aws-name-rules';

// The rows of the settings table (`../settings.ts`) about following a running job: how long, when
// ATS counts as unreachable, the short hops' gaps, and the poll schedules and hop queue the stack
// creates for it. `SETTINGS` lists them with the others.

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The polling rows of `SETTINGS`. */
export const POLLING_SETTINGS = {
  pollLimitHours: {
    scope: 'deployment',
    env: 'POLL_LIMIT_HOURS',
    readBy: 'config',
    rule: { kind: 'decimal', min: 0.1, max: 48, unit: 'hours' },
    default: DEFAULT_LIFECYCLE_SETTINGS.pollLimitMs / HOUR_MS,
    meaning: 'Wall-clock limit of following one job, from when ATS accepted it.',
  },
  unreachableAfterMinutes: {
    scope: 'deployment',
    env: 'ATS_UNREACHABLE_AFTER_MINUTES',
    readBy: 'config',
    rule: { kind: 'integer', min: 1, max: 1440, unit: 'minutes' },
    default: DEFAULT_LIFECYCLE_SETTINGS.unreachableAfterMs / MINUTE_MS,
    meaning: 'ATS failing for this long while a job is followed is told to the person, once.',
  },
  hopWindowSeconds: {
    scope: 'deployment',
    env: 'HOP_WINDOW_SECONDS',
    readBy: 'config',
    rule: { kind: 'integer', min: 5, max: 60, unit: 'seconds' },
    default: 10,
    meaning:
      "Gap between status checks of a running job where it is most likely to finish next (dense hops, from where a job still running would finish at 60 % a minute): short hops through the worker's SQS queue, to the second. Shorter tells sooner and asks ATS more (`npm run bench:polling`).",
  },
  hopRampSeconds: {
    scope: 'deployment',
    env: 'HOP_RAMP_SECONDS',
    readBy: 'config',
    rule: { kind: 'integer', min: 5, max: 120, unit: 'seconds' },
    default: 38,
    meaning:
      'Gap between the sparse hops before and after the dense ones, and of a job whose template has no history yet; at least `hopWindowSeconds`.',
  },
  pollIntervalSeconds: {
    scope: 'local',
    env: 'POLL_INTERVAL_SECONDS',
    readBy: 'config',
    rule: { kind: 'integer', min: 1, unit: 'seconds' },
    unsetMeans: 'the polling policy',
    meaning:
      'A fixed poll interval replacing the polling policy; local mode sets a few seconds with its ATS simulator.',
  },
  scheduleGroupName: {
    scope: 'stack',
    env: 'SCHEDULE_GROUP_NAME',
    readBy: 'config',
    rule: SCHEDULE_GROUP_NAME_RULE,
    required: ['worker'],
    meaning: "EventBridge Scheduler group of the worker's poll schedules.",
  },
  schedulerRoleArn: {
    scope: 'stack',
    env: 'SCHEDULER_ROLE_ARN',
    readBy: 'config',
    rule: ROLE_ARN_RULE,
    required: ['worker'],
    meaning: 'Role EventBridge Scheduler assumes to invoke the worker.',
  },
  pollDlqArn: {
    scope: 'stack',
    env: 'POLL_DLQ_ARN',
    readBy: 'config',
    rule: QUEUE_ARN_RULE,
    unsetMeans: 'no dead-letter queue',
    meaning: 'Dead-letter queue of scheduled polls that failed every retry.',
  },
  hopQueueUrl: {
    scope: 'stack',
    env: 'HOP_QUEUE_URL',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/\d{12}\/[\w-]{1,80}$/,
      what: 'an SQS queue URL',
    },
    unsetMeans: 'no hops: every check is a scheduled poll',
    meaning: "The SQS queue that carries the worker's short hops back to it.",
  },
} as const satisfies Record<string, SettingSpec>;
