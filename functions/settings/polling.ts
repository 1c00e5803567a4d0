import { DEFAULT_LIFECYCLE_SETTINGS } from '../core/lifecycle/lifecycle-context';
import type { SettingSpec } from '../setting-spec';
import { QUEUE_ARN_RULE, ROLE_ARN_RULE, SCHEDULE_GROUP_NAME_RULE } from './aws-name-rules';
import { inHours, inMinutes, localOverride, option, stackValue } from './rows';

// The rows of the settings table (`../settings.ts`) about following a running job: how long, when
// ATS counts as unreachable, the short hops' gaps, and the poll schedules and hop queue the stack
// creates for it. `SETTINGS` lists them with the others.
/** The polling rows of `SETTINGS`. */
export const POLLING_SETTINGS = {
  pollLimitHours: option('POLL_LIMIT_HOURS', {
    rule: { kind: 'decimal', min: 0.1, max: 48, unit: 'hours' },
    default: inHours(DEFAULT_LIFECYCLE_SETTINGS.pollLimitMs),
    meaning: 'Wall-clock limit of following one job, from when ATS accepted it.',
  }),
  unreachableAfterMinutes: option('ATS_UNREACHABLE_AFTER_MINUTES', {
    rule: { kind: 'integer', min: 1, max: 1440, unit: 'minutes' },
    default: inMinutes(DEFAULT_LIFECYCLE_SETTINGS.unreachableAfterMs),
    meaning: 'ATS failing for this long while a job is followed is told to the person, once.',
  }),
  hopWindowSeconds: option('HOP_WINDOW_SECONDS', {
    rule: { kind: 'integer', min: 5, max: 60, unit: 'seconds' },
    default: 10,
    meaning:
      "Gap between status checks of a running job where it is most likely to finish next (dense hops, from where a job still running would finish at 60 % a minute): short hops through the worker's SQS queue, to the second. Shorter tells sooner and asks ATS more (`npm run bench:polling`).",
  }),
  hopRampSeconds: option('HOP_RAMP_SECONDS', {
    rule: { kind: 'integer', min: 5, max: 120, unit: 'seconds' },
    default: 38,
    meaning:
      'Gap between the sparse hops before and after the dense ones, and of a job whose template has no history yet; at least `hopWindowSeconds`.',
  }),
  pollIntervalSeconds: localOverride('POLL_INTERVAL_SECONDS', {
    rule: { kind: 'integer', min: 1, unit: 'seconds' },
    unsetMeans: 'the polling policy',
    meaning:
      'A fixed poll interval replacing the polling policy; local mode sets a few seconds with its ATS simulator.',
  }),
  scheduleGroupName: stackValue('SCHEDULE_GROUP_NAME', {
    rule: SCHEDULE_GROUP_NAME_RULE,
    required: ['worker'],
    meaning: "EventBridge Scheduler group of the worker's poll schedules.",
  }),
  schedulerRoleArn: stackValue('SCHEDULER_ROLE_ARN', {
    rule: ROLE_ARN_RULE,
    required: ['worker'],
    meaning: 'Role EventBridge Scheduler assumes to invoke the worker.',
  }),
  pollDlqArn: stackValue('POLL_DLQ_ARN', {
    rule: QUEUE_ARN_RULE,
    unsetMeans: 'no dead-letter queue',
    meaning: 'Dead-letter queue of scheduled polls that failed every retry.',
  }),
  hopQueueUrl: stackValue('HOP_QUEUE_URL', {
    rule: {
      kind: 'pattern',
      pattern: /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/\d{12}\/[\w-]{1,80}$/,
      what: 'an SQS queue URL',
    },
    unsetMeans: 'no hops: every check is a scheduled poll',
    meaning: "The SQS queue that carries the worker's short hops back to it.",
  }),
} as const satisfies Record<string, SettingSpec>;
