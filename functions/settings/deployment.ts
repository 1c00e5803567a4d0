import { DEFAULT_RETENTION_DAYS } from '../core/job';
import type { SettingRule, SettingSpec } from '../setting-spec';
import { TABLE_NAME_RULE } from './aws-name-rules';
import { option, stackValue, synthOption } from './rows';

// The rows of the settings table (`../settings.ts`) about the deployment itself: the stage, how long
// jobs and logs are kept, alarms, the secrets to reuse, what deleting the stack removes, and the
// names the stack hands its functions (the jobs table, the worker, each function's secret).
// `SETTINGS` lists them with the others.

/** A Secrets Manager secret's complete ARN (with the 6-character suffix Secrets Manager adds). */
const SECRET_COMPLETE_ARN_RULE = {
  kind: 'pattern',
  pattern:
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/,
  what: 'the complete secret ARN, ending in the 6-character suffix Secrets Manager adds',
} as const satisfies SettingRule;

/** The deployment rows of `SETTINGS`. */
export const DEPLOYMENT_SETTINGS = {
  stage: synthOption({
    rule: {
      kind: 'pattern',
      pattern: /^[a-z][a-z0-9-]{0,19}$/,
      what: 'a stage name: a lower-case letter, then at most 19 lower-case letters, digits or "-"',
    },
    default: 'prod',
    meaning:
      'Names the stack (`AtsSlackBot-<stage>`) and every named resource (table, secret, schedule group, functions, log groups, alarms, dashboard, metrics namespace), so stages deploy side by side in one account and region.',
  }),
  retentionDays: option('RETENTION_DAYS', {
    rule: { kind: 'integer', min: 1, max: 3650, unit: 'days' },
    default: DEFAULT_RETENTION_DAYS,
    meaning: 'Job items are deleted this many days after they were created (DynamoDB TTL).',
  }),
  // The one option the functions' logger reads itself (not `loadRuntimeConfig`): a row of its own.
  logLevel: {
    scope: 'deployment',
    env: 'POWERTOOLS_LOG_LEVEL',
    readBy: 'powertools',
    rule: { kind: 'choice', values: ['DEBUG', 'INFO', 'WARN', 'ERROR'] },
    default: 'INFO',
    meaning: "Level of the functions' JSON logs (Powertools and Lambda's log filter).",
  },
  logRetentionDays: synthOption({
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
  }),
  alarmEmail: synthOption({
    rule: { kind: 'email' },
    unsetMeans: 'no alarm topic',
    meaning: 'Address subscribed to the alarms; an SNS topic is created only when it is set.',
  }),
  existingIngressSecretArn: synthOption({
    rule: SECRET_COMPLETE_ARN_RULE,
    unsetMeans: 'the stack creates the ingress secret',
    meaning:
      "Use this Secrets Manager secret as the Slack ingress's (keys `slackSigningSecret`, `slackBotToken`) instead of creating one.",
  }),
  existingWorkerSecretArn: synthOption({
    rule: SECRET_COMPLETE_ARN_RULE,
    unsetMeans: 'the stack creates the worker secret',
    meaning:
      "Use this Secrets Manager secret as the job worker's (keys `slackBotToken`, `atsAppApiToken`, optional `atsUsername`, `atsPassword`) instead of creating one.",
  }),
  removalPolicy: synthOption({
    rule: { kind: 'choice', values: ['retain', 'destroy'] },
    default: 'retain',
    meaning:
      'What happens to the table, the created secrets and the log groups when the stack is deleted: `retain` keeps them (the table with deletion protection on), `destroy` deletes them (deletion protection off).',
  }),
  jobsTableName: stackValue('JOBS_TABLE_NAME', {
    rule: TABLE_NAME_RULE,
    required: ['ingress', 'worker'],
    meaning: 'The DynamoDB table of jobs.',
  }),
  workerFunctionName: stackValue('WORKER_FUNCTION_NAME', {
    rule: {
      kind: 'pattern',
      pattern:
        /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[a-zA-Z0-9_-]{1,64}(:[a-zA-Z0-9_$-]+)?$/,
      what: 'a Lambda function name or ARN',
    },
    required: ['ingress'],
    meaning: 'The worker function the ingress invokes asynchronously.',
  }),
  secretArn: stackValue('SECRET_ARN', {
    rule: {
      kind: 'pattern',
      pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
      what: 'a Secrets Manager secret ARN',
    },
    required: ['ingress', 'worker'],
    meaning:
      "The function's own Secrets Manager secret, holding the secret values it needs (JSON, keys named as the settings).",
  }),
} as const satisfies Record<string, SettingSpec>;
