import { ACCESS_SETTINGS, QUOTAS_TABLE_SETTING } from './access-settings';
import { DEFAULT_ATS_BASE_URL } from './ats/cicd-api';
import { DEFAULT_ATS_START_TIMEOUT_MS, DEFAULT_ATS_STATUS_TIMEOUT_MS } from './core/ats';
import { DEFAULT_RETENTION_DAYS } from './core/job';
import { DEFAULT_LIFECYCLE_SETTINGS } from './core/lifecycle/lifecycle-context';
import type { TemplateEntry } from './core/requests/catalog';
import { DEFAULT_SCHEDULE_SETTINGS } from './core/schedules/schedule-settings';
import { LIFECYCLE_SETTINGS } from './lifecycle-settings';
import type { RuntimeRole, SettingSpec } from './setting-spec';

// The one table of the bot's settings: what each is called in cdk.json and in the environment,
// its default, the values it accepts and what it means. `lib/config.ts` checks cdk.json with it
// at synth, `functions/config.ts` checks the functions' environment with it at start-up, the
// secrets and local-mode loaders take their names from it, and docs/configuration.md is
// generated from it (`npm run docs:config`). It imports no package, so the Lambda bundles and
// the CDK app can both load it.
//
// A new setting is one row here (or in a module of rows of one concern spread in below:
// `access-settings.ts`, `lifecycle-settings.ts`) plus the code that uses its value. Its default is written in
// the row; core code gets the value from its assembly. The few defaults core has its own use for
// (the lifecycle's limits, the ATS call timeout, job retention) are core constants the rows
// read, so that each number is written once.

const HOUR_MS = 3_600_000;

/** A Secrets Manager secret's complete ARN (with the 6-character suffix Secrets Manager adds). */
const SECRET_COMPLETE_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
const MINUTE_MS = 60_000;

/** Every setting, by name (the cdk.json option name for deployment options). */
export const SETTINGS = {
  atsBaseUrl: {
    scope: 'deployment',
    env: 'ATS_BASE_URL',
    readBy: 'config',
    rule: { kind: 'url' },
    default: DEFAULT_ATS_BASE_URL,
    meaning: 'ATS CI/CD web service base URL; on-premises installs have their own.',
  },
  atsAppId: {
    scope: 'deployment',
    env: 'ATS_APP_ID',
    readBy: 'config',
    rule: { kind: 'text', maxLength: 200 },
    required: ['deployment', 'ingress', 'worker', 'local'],
    meaning: 'Mendix app id the ATS jobs belong to.',
  },
  atsTimeoutMs: {
    scope: 'deployment',
    env: 'ATS_TIMEOUT_MS',
    readBy: 'config',
    // The worker's 60 s beyond the start timeout hold a poll's status call, the outcome and the
    // Slack and DynamoDB calls before an automatic rerun's RerunNotPassed: at most half of it.
    rule: { kind: 'integer', min: 1000, max: 30_000, unit: 'milliseconds' },
    default: DEFAULT_ATS_STATUS_TIMEOUT_MS,
    meaning:
      'Timeout of one GetJobStatus call (connect, send, read the whole answer); a poll that times out is retried later.',
  },
  atsStartTimeoutMs: {
    scope: 'deployment',
    env: 'ATS_START_TIMEOUT_MS',
    readBy: 'config',
    // The worker function's timeout is this plus 60 s: it stays far below Lambda's 15 minutes.
    rule: { kind: 'integer', min: 1000, max: 300_000, unit: 'milliseconds' },
    default: DEFAULT_ATS_START_TIMEOUT_MS,
    meaning:
      "Timeout of one RunJob or RerunNotPassed call; the worker function's timeout is this plus 60 s. Generous because a start that times out may have started a job nobody can find again.",
  },
  atsJobCap: {
    scope: 'deployment',
    env: 'ATS_JOB_CAP',
    readBy: 'config',
    rule: { kind: 'integer', min: 1, max: 100, unit: 'jobs' },
    default: DEFAULT_LIFECYCLE_SETTINGS.atsJobCap,
    meaning:
      'Runs and reruns the bot lets be queued or running in ATS at once; further ones wait in line on their card. ATS cancels jobs beyond five per app (release notes 2.17.1); an on-premises ATS may allow more.',
  },
  templates: {
    scope: 'deployment',
    env: 'ATS_TEMPLATES',
    readBy: 'config',
    // Of any size: on AWS the stack bundles the checked catalog with the functions as
    // catalog.json and passes only that file's name (an environment variable holds 4 KB).
    rule: { kind: 'catalog' },
    default: [],
    required: ['deployment'],
    meaning:
      'The templates catalog: a JSON array of `{"alias", "templateId", "name"}` with optional `notifyChannels`, `allowedUsers`, `allowedUserGroups`, `allowedChannels`, `autoReruns`, `autoRerunRule` and `broadcastFailures`, or the path of a JSON file holding one (relative to where the bot runs: the project root for `cdk`, the function code on Lambda). cdk.json ships `"catalog.json"`; the stack checks the catalog at synth and bundles it with the functions as `catalog.json`. A mistake is named by entry and field; a deployment needs at least one entry.',
  },
  stage: {
    scope: 'deployment',
    rule: {
      kind: 'pattern',
      pattern: /^[a-z][a-z0-9-]{0,19}$/,
      what: 'a stage name: a lower-case letter, then at most 19 lower-case letters, digits or "-"',
    },
    default: 'prod',
    meaning:
      'Names the stack (`AtsSlackBot-<stage>`) and every named resource (table, secret, schedule group, functions, log groups, alarms, dashboard, metrics namespace), so stages deploy side by side in one account and region.',
  },
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
    default: 18,
    meaning:
      "Gap between status checks of a running job inside the window where earlier runs of its template finished: short hops through the worker's SQS queue, to the second. Shorter tells sooner and asks ATS more (`npm run bench:polling`).",
  },
  hopRampSeconds: {
    scope: 'deployment',
    env: 'HOP_RAMP_SECONDS',
    readBy: 'config',
    rule: { kind: 'integer', min: 5, max: 120, unit: 'seconds' },
    default: 30,
    meaning:
      'Gap between the hops just before and after that window, and of a job whose template has no history yet; at least `hopWindowSeconds`.',
  },
  retentionDays: {
    scope: 'deployment',
    env: 'RETENTION_DAYS',
    readBy: 'config',
    rule: { kind: 'integer', min: 1, max: 3650, unit: 'days' },
    default: DEFAULT_RETENTION_DAYS,
    meaning: 'Job items are deleted this many days after they were created (DynamoDB TTL).',
  },
  ...ACCESS_SETTINGS,
  logLevel: {
    scope: 'deployment',
    env: 'POWERTOOLS_LOG_LEVEL',
    readBy: 'powertools',
    rule: { kind: 'choice', values: ['DEBUG', 'INFO', 'WARN', 'ERROR'] },
    default: 'INFO',
    meaning: "Level of the functions' JSON logs (Powertools and Lambda's log filter).",
  },
  logRetentionDays: {
    scope: 'deployment',
    // The values CloudWatch Logs accepts (CDK's RetentionDays without "never expire").
    rule: {
      kind: 'choice',
      values: [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
        3288, 3653,
      ],
    },
    default: 30,
    meaning: "Days CloudWatch Logs keeps each function's log group.",
  },
  alarmEmail: {
    scope: 'deployment',
    rule: { kind: 'email' },
    unsetMeans: 'no alarm topic',
    meaning: 'Address subscribed to the alarms; an SNS topic is created only when it is set.',
  },
  existingIngressSecretArn: {
    scope: 'deployment',
    rule: {
      kind: 'pattern',
      pattern: SECRET_COMPLETE_ARN,
      what: 'the complete secret ARN, ending in the 6-character suffix Secrets Manager adds',
    },
    unsetMeans: 'the stack creates the ingress secret',
    meaning:
      "Use this Secrets Manager secret as the Slack ingress's (keys `slackSigningSecret`, `slackBotToken`) instead of creating one.",
  },
  existingWorkerSecretArn: {
    scope: 'deployment',
    rule: {
      kind: 'pattern',
      pattern: SECRET_COMPLETE_ARN,
      what: 'the complete secret ARN, ending in the 6-character suffix Secrets Manager adds',
    },
    unsetMeans: 'the stack creates the worker secret',
    meaning:
      "Use this Secrets Manager secret as the job worker's (keys `slackBotToken`, `atsAppApiToken`, optional `atsUsername`, `atsPassword`) instead of creating one.",
  },
  removalPolicy: {
    scope: 'deployment',
    rule: { kind: 'choice', values: ['retain', 'destroy'] },
    default: 'retain',
    meaning:
      'What happens to the table, the created secrets and the log groups when the stack is deleted: `retain` keeps them (the table with deletion protection on), `destroy` deletes them (deletion protection off).',
  },
  scheduleDefaultTimeZone: {
    scope: 'deployment',
    env: 'SCHEDULE_DEFAULT_TIME_ZONE',
    readBy: 'config',
    rule: { kind: 'timeZone' },
    default: DEFAULT_SCHEDULE_SETTINGS.defaultTimeZone,
    meaning:
      'Time zone of a schedule set without one (`/ats schedule smoke daily 02:00`) when Slack knows no time zone for the person.',
  },
  scheduleMinIntervalHours: {
    scope: 'deployment',
    env: 'SCHEDULE_MIN_INTERVAL_HOURS',
    readBy: 'config',
    rule: { kind: 'integer', min: 1, max: 24, unit: 'hours' },
    default: DEFAULT_SCHEDULE_SETTINGS.minIntervalHours,
    meaning: 'Shortest time between two runs of one schedule: `every N hours` below it is refused.',
  },
  schedulesPerChannel: {
    scope: 'deployment',
    env: 'SCHEDULES_PER_CHANNEL',
    readBy: 'config',
    rule: { kind: 'integer', min: 1, max: 100, unit: 'schedules' },
    default: DEFAULT_SCHEDULE_SETTINGS.maxPerChannel,
    meaning: 'Schedules one channel may have, paused ones included.',
  },
  scheduleOverlap: {
    scope: 'deployment',
    env: 'SCHEDULE_OVERLAP',
    readBy: 'config',
    rule: { kind: 'choice', values: ['skip', 'allow'] },
    default: DEFAULT_SCHEDULE_SETTINGS.allowOverlap ? 'allow' : 'skip',
    meaning:
      "A firing while the previous firing's job is still active: `skip` it (the channel is told once), or `allow` a second job to start.",
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
  slackApiUrl: {
    scope: 'local',
    env: 'SLACK_API_URL',
    readBy: 'config',
    rule: { kind: 'url' },
    unsetMeans: "Slack's own (`https://slack.com/api/`)",
    meaning:
      'Slack Web API base URL: the local stand-in in tests; in local mode setting it turns the playground off.',
  },
  jobsTableName: {
    scope: 'stack',
    env: 'JOBS_TABLE_NAME',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^[a-zA-Z0-9_.-]{3,255}$/,
      what: 'a DynamoDB table name (3-255 letters, digits, "_", "-", ".")',
    },
    required: ['ingress', 'worker'],
    meaning: 'The DynamoDB table of jobs.',
  },
  ...QUOTAS_TABLE_SETTING,
  workerFunctionName: {
    scope: 'stack',
    env: 'WORKER_FUNCTION_NAME',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern:
        /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[a-zA-Z0-9_-]{1,64}(:[a-zA-Z0-9_$-]+)?$/,
      what: 'a Lambda function name or ARN',
    },
    required: ['ingress'],
    meaning: 'The worker function the ingress invokes asynchronously.',
  },
  scheduleGroupName: {
    scope: 'stack',
    env: 'SCHEDULE_GROUP_NAME',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^[0-9a-zA-Z_.-]{1,64}$/,
      what: 'a schedule group name (1-64 letters, digits, "_", "-", ".")',
    },
    required: ['worker'],
    meaning: "EventBridge Scheduler group of the worker's poll schedules.",
  },
  schedulerRoleArn: {
    scope: 'stack',
    env: 'SCHEDULER_ROLE_ARN',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      what: 'an IAM role ARN',
    },
    required: ['worker'],
    meaning: 'Role EventBridge Scheduler assumes to invoke the worker.',
  },
  pollDlqArn: {
    scope: 'stack',
    env: 'POLL_DLQ_ARN',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/,
      what: 'an SQS queue ARN',
    },
    unsetMeans: 'no dead-letter queue',
    meaning: 'Dead-letter queue of scheduled polls that failed every retry.',
  },
  schedulesTableName: {
    scope: 'stack',
    env: 'SCHEDULES_TABLE_NAME',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^[a-zA-Z0-9_.-]{3,255}$/,
      what: 'a DynamoDB table name (3-255 letters, digits, "_", "-", ".")',
    },
    unsetMeans: 'scheduled runs are off',
    meaning: 'The DynamoDB table of schedules.',
  },
  recurringScheduleGroupName: {
    scope: 'stack',
    env: 'RECURRING_SCHEDULE_GROUP_NAME',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^[0-9a-zA-Z_.-]{1,64}$/,
      what: 'a schedule group name (1-64 letters, digits, "_", "-", ".")',
    },
    unsetMeans: 'the worker fires no scheduled runs',
    meaning: 'EventBridge Scheduler group of the recurring schedules of scheduled runs.',
  },
  recurringSchedulerRoleArn: {
    scope: 'stack',
    env: 'RECURRING_SCHEDULER_ROLE_ARN',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      what: 'an IAM role ARN',
    },
    unsetMeans: 'the worker fires no scheduled runs',
    meaning: 'Role EventBridge Scheduler assumes to fire scheduled runs at the worker.',
  },
  firingDlqArn: {
    scope: 'stack',
    env: 'SCHEDULE_FIRING_DLQ_ARN',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/,
      what: 'an SQS queue ARN',
    },
    unsetMeans: 'no dead-letter queue',
    meaning: 'Dead-letter queue of schedule firings that failed every retry.',
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
  secretArn: {
    scope: 'stack',
    env: 'SECRET_ARN',
    readBy: 'config',
    rule: {
      kind: 'pattern',
      pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
      what: 'a Secrets Manager secret ARN',
    },
    required: ['ingress', 'worker'],
    meaning:
      "The function's own Secrets Manager secret, holding the secret values it needs (JSON, keys named as the settings).",
  },
  slackSigningSecret: {
    scope: 'secret',
    env: 'SLACK_SIGNING_SECRET',
    readBy: 'secrets',
    rule: { kind: 'secret' },
    secretOf: ['ingress'],
    required: ['ingress', 'local'],
    unsetMeans: 'locally: random at each start',
    meaning: "Slack's signing secret: every request must carry a valid signature.",
  },
  slackBotToken: {
    scope: 'secret',
    env: 'SLACK_BOT_TOKEN',
    readBy: 'secrets',
    rule: { kind: 'secret' },
    secretOf: ['ingress', 'worker'],
    required: ['ingress', 'worker', 'local'],
    unsetMeans: "locally: the playground's token (setting it turns the playground off)",
    meaning: 'Bot token (`xoxb-…`) for the Slack Web API.',
  },
  atsAppApiToken: {
    scope: 'secret',
    env: 'ATS_APP_API_TOKEN',
    readBy: 'secrets',
    rule: { kind: 'secret' },
    secretOf: ['worker'],
    required: ['worker', 'local'],
    unsetMeans: "locally: the simulator's token",
    meaning: "The CI/CD API key from the ATS app's settings.",
  },
  atsUsername: {
    scope: 'secret',
    env: 'ATS_USERNAME',
    readBy: 'secrets',
    rule: { kind: 'secret' },
    secretOf: ['worker'],
    unsetMeans: 'none',
    meaning:
      'Optional ATS web-service user (ATS 2.25 and later need none); set with the password or not at all.',
  },
  atsPassword: {
    scope: 'secret',
    env: 'ATS_PASSWORD',
    readBy: 'secrets',
    rule: { kind: 'secret' },
    secretOf: ['worker'],
    unsetMeans: 'none',
    meaning: "The ATS web-service user's password.",
  },
  port: {
    scope: 'local',
    env: 'PORT',
    readBy: 'local',
    rule: { kind: 'integer', min: 0, max: 65_535, what: 'a port number' },
    default: 3000,
    meaning: 'Port of the local server; 0 picks a free one and prints it.',
  },
  host: {
    scope: 'local',
    env: 'HOST',
    readBy: 'local',
    rule: {
      kind: 'pattern',
      pattern: /^(?:[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/,
      what: 'a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
    },
    default: '127.0.0.1',
    meaning:
      'Address the local server listens on: this machine only by default; `0.0.0.0` in a container whose port is published.',
  },
  playground: {
    scope: 'local',
    env: 'PLAYGROUND',
    readBy: 'local',
    rule: { kind: 'choice', values: ['on', 'off'] },
    unsetMeans: 'on with the embedded ATS simulator, off with a real `ATS_BASE_URL`',
    meaning:
      'The browser playground (a local Slack stand-in). With a real ATS any page you visit could reach it, so it needs `on` then; a Slack token or `SLACK_API_URL` turns it off.',
  },
  dataDir: {
    scope: 'local',
    env: 'DATA_DIR',
    readBy: 'local',
    rule: { kind: 'text', what: 'a directory path' },
    unsetMeans: 'in memory',
    meaning:
      'Directory of the embedded DynamoDB: jobs survive restarts and unfinished ones resume.',
  },
  slackAppToken: {
    scope: 'local',
    env: 'SLACK_APP_TOKEN',
    readBy: 'local',
    rule: {
      kind: 'pattern',
      pattern: /^xapp-/,
      what: 'an app-level token starting with "xapp-"',
      hidden: true,
    },
    unsetMeans: 'no Socket Mode',
    meaning: 'App-level token: connect through Socket Mode instead of serving `/slack/events`.',
  },
  ...LIFECYCLE_SETTINGS,
} as const satisfies Record<string, SettingSpec>;

type Table = typeof SETTINGS;

/** The name of a setting. */
export type SettingName = keyof Table;

/** Names of the settings whose rows match `Shape`. */
type NamesWhere<Shape> = { [K in SettingName]: Table[K] extends Shape ? K : never }[SettingName];

/** Settings in cdk.json `atsBot`. */
export type DeploymentSettingName = NamesWhere<{ scope: 'deployment' }>;
/** Settings `loadRuntimeConfig` reads from the environment. */
export type RuntimeSettingName = NamesWhere<{ readBy: 'config' }>;
/** Secret values (JSON keys of the secret). */
export type SecretName = NamesWhere<{ scope: 'secret' }>;
/** Variables only `loadLocalConfig` reads. */
export type LocalSettingName = NamesWhere<{ readBy: 'local' }>;

/** The value a checked setting has: a number, one of its choices, the catalog, or text. */
export type SettingValue<N extends SettingName> = Table[N]['rule'] extends {
  kind: 'integer' | 'decimal';
}
  ? number
  : Table[N]['rule'] extends { kind: 'choice'; values: readonly (infer V)[] }
    ? V
    : Table[N]['rule'] extends { kind: 'catalog' }
      ? TemplateEntry[]
      : Table[N]['rule'] extends { kind: 'slackIds' }
        ? string[]
        : string;

/** Settings whose value is always there for `where`: it has a default, or must be set there. */
export type SettingsAlwaysSetIn<Where extends 'deployment' | RuntimeRole> = {
  [K in SettingName]: Table[K] extends { default: unknown }
    ? K
    : Table[K] extends { required: readonly (infer W)[] }
      ? Where extends W
        ? K
        : never
      : never;
}[SettingName];

/** The row of a setting, as a {@link SettingSpec}. */
export function settingSpec(name: SettingName): SettingSpec {
  return SETTINGS[name];
}

/** Names of the settings whose row passes `test`, in table order. */
export function settingNames(test: (spec: SettingSpec) => boolean): SettingName[] {
  return (Object.keys(SETTINGS) as SettingName[]).filter((name) => test(SETTINGS[name]));
}

/** `{ name: ENV_VAR }` for the settings whose row passes `test`. */
export function envNamesOf<N extends SettingName>(
  names: readonly N[],
): { readonly [K in N]: Table[K] extends { env: infer E } ? E : never } {
  const entries = names.map((name) => [name, (SETTINGS[name] as SettingSpec).env]);
  return Object.fromEntries(entries);
}
