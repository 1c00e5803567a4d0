/**
 * Names of the environment variables the Lambda functions (and local mode) read. The CDK stack
 * sets them; `functions/config.ts` reads and validates them. Secret values are never in the
 * environment on AWS: only the ARN of the Secrets Manager secret that holds them.
 */
export const ENV = {
  /** DynamoDB table of jobs. */
  jobsTable: 'JOBS_TABLE_NAME',
  /** ATS CI/CD base URL, default `https://ats100.mendixcloud.com/ws/`. */
  atsBaseUrl: 'ATS_BASE_URL',
  atsAppId: 'ATS_APP_ID',
  /** Timeout of one GetJobStatus call in ms (default 10000). */
  atsTimeoutMs: 'ATS_TIMEOUT_MS',
  /** Timeout of one RunJob or RerunNotPassed call in ms (default 60000). */
  atsStartTimeoutMs: 'ATS_START_TIMEOUT_MS',
  /** Templates catalog, a JSON array (see `functions/core/requests/catalog.ts`). */
  templates: 'ATS_TEMPLATES',
  /** Wall-clock limit of polling in hours (default 6). */
  pollLimitHours: 'POLL_LIMIT_HOURS',
  /** Minutes of consecutive ATS failures before the person is told (default 15). */
  unreachableAfterMinutes: 'ATS_UNREACHABLE_AFTER_MINUTES',
  /** Fixed poll interval replacing the policy (local mode). */
  pollIntervalSeconds: 'POLL_INTERVAL_SECONDS',
  /** Job item retention in days (DynamoDB TTL, default 90). */
  retentionDays: 'RETENTION_DAYS',
  /** Slack Web API base URL (default Slack's own); local stand-ins in tests. */
  slackApiUrl: 'SLACK_API_URL',
  /** ARN of the Secrets Manager secret (JSON, keys in {@link SECRET_KEYS}). AWS only. */
  secretArn: 'SECRET_ARN',
  /** Ingress only: the worker function to invoke asynchronously. */
  workerFunctionName: 'WORKER_FUNCTION_NAME',
  /** Worker only: EventBridge Scheduler group for poll schedules. */
  scheduleGroup: 'SCHEDULE_GROUP_NAME',
  /** Worker only: role Scheduler assumes to invoke the worker. */
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  /** Worker only: dead-letter queue for scheduled polls that failed every retry. */
  pollDlqArn: 'POLL_DLQ_ARN',
} as const;

/**
 * Keys of the JSON secret. Locally (and in tests) the same values come from the environment
 * variables named alongside.
 */
export const SECRET_KEYS = {
  slackSigningSecret: 'SLACK_SIGNING_SECRET',
  slackBotToken: 'SLACK_BOT_TOKEN',
  atsAppApiToken: 'ATS_APP_API_TOKEN',
  atsUsername: 'ATS_USERNAME',
  atsPassword: 'ATS_PASSWORD',
} as const;

/** The secret values the bot needs at run time. */
export interface BotSecrets {
  slackSigningSecret: string;
  slackBotToken: string;
  atsAppApiToken: string;
  atsUsername?: string;
  atsPassword?: string;
}
