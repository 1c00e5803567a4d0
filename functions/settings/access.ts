import { DEFAULT_QUOTAS } from '../core/requests/quotas';
import type { SettingRule, SettingSpec } from '../setting-spec';
import { TABLE_NAME_RULE } from './aws-name-rules';
import { option, stackValue, synthOption } from './rows';

// The rows of the settings table (`../settings.ts`) about who may do what and how much: the access
// rule's admins and watchers (`functions/core/requests/access.ts`), the start quotas
// (`functions/core/requests/quotas.ts`) with the table the stack keeps their counters in, and the
// functions' reserved concurrency. `SETTINGS` lists them with the others.

/**
 * Most ids the `admins` setting takes: it travels in one environment variable, within Lambda's
 * 4 KB for all of them (a user group covers any number of people).
 */
const MAX_ADMINS = 10;

/** How many jobs a start quota may allow, per person or per channel. */
const QUOTA_JOBS_RULE = {
  kind: 'integer',
  min: 1,
  max: 1000,
  unit: 'jobs',
} as const satisfies SettingRule;

/** What the two reserved concurrency options accept, and what leaving one out means. */
const RESERVED_CONCURRENCY = {
  rule: { kind: 'integer', min: 1, max: 1000, unit: 'concurrent executions' },
  unsetMeans: "none: the account's shared pool",
} as const satisfies Partial<SettingSpec>;

/** The access and quota rows of `SETTINGS`. */
export const ACCESS_SETTINGS = {
  admins: option('BOT_ADMINS', {
    rule: {
      kind: 'slackIds',
      prefixes: 'UWS',
      maxItems: MAX_ADMINS,
      what: `a list of up to ${MAX_ADMINS} Slack user ids (U…, W…) and user group ids (S…); in the variable, separated by commas`,
    },
    default: [],
    meaning:
      "The bot's admins: they alone may rerun a job the catalog does not cover (one started outside the bot and watched), may watch when `watchers` is `admins`, and may manage any schedule. Refusals name them as the people to ask, and they get problems only they can fix (ATS refusing the bot's calls) as direct messages from the bot. Nobody by default.",
  }),
  watchers: option('WATCHERS', {
    rule: { kind: 'choice', values: ['anyone', 'admins'] },
    default: 'anyone',
    meaning:
      'Who may `/ats watch` an ATS job the bot does not follow yet: `anyone`, or only the `admins`. A job followed in one channel is never copied to another either way.',
  }),
  startsPerUser: option('QUOTA_STARTS_PER_USER', {
    rule: QUOTA_JOBS_RULE,
    default: DEFAULT_QUOTAS.startsPerUser,
    meaning:
      'Jobs one person may start (runs, reruns, watches, and the firings of the schedules they set) within `startWindowMinutes`; the next is refused with the time to try again (a refused firing is skipped and its channel told).',
  }),
  startWindowMinutes: option('QUOTA_START_WINDOW_MINUTES', {
    rule: { kind: 'integer', min: 1, max: 1440, unit: 'minutes' },
    default: DEFAULT_QUOTAS.startWindowMinutes,
    meaning: 'The sliding window `startsPerUser` counts in.',
  }),
  activeJobsPerChannel: option('QUOTA_ACTIVE_JOBS_PER_CHANNEL', {
    rule: QUOTA_JOBS_RULE,
    default: DEFAULT_QUOTAS.activeJobsPerChannel,
    meaning:
      'Jobs of one channel that may be unfinished at once; another start there is refused until one finishes.',
  }),
  ingressReservedConcurrency: synthOption({
    ...RESERVED_CONCURRENCY,
    meaning:
      "Reserved concurrency of the ingress function: a cap on how many requests it serves at once, and a share of the account's concurrency no other function can take. Reserving needs headroom: AWS keeps 100 of the account's limit unreserved, and new accounts often have a limit of 10 (ask for more first).",
  }),
  workerReservedConcurrency: synthOption({
    ...RESERVED_CONCURRENCY,
    meaning:
      'Reserved concurrency of the worker function, with the same trade-off; invocations beyond it are throttled and retried by Lambda and Scheduler.',
  }),
  quotasTableName: stackValue('QUOTAS_TABLE_NAME', {
    rule: TABLE_NAME_RULE,
    required: ['ingress'],
    meaning:
      "The DynamoDB table of quota counters: the ingress's commands and the worker's schedule firings take their places in it.",
  }),
} as const satisfies Record<string, SettingSpec>;
