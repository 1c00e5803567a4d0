import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadRuntimeConfig,
  loadSecretsFromEnv,
  type RuntimeRole,
} from '../../functions/config';
import { SETTINGS } from '../../functions/settings';

const TABLE = 'ats-bot-jobs';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ats-bot-AbCdEf';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/ats-bot-scheduler';
const DLQ_ARN = 'arn:aws:sqs:eu-west-1:123456789012:ats-bot-poll-dlq';
const TEMPLATES = JSON.stringify([
  { alias: 'smoke', templateId: 'tpl-1', name: 'Smoke suite', autoReruns: 1 },
]);

const INGRESS_ENV = {
  ATS_APP_ID: 'app-123',
  JOBS_TABLE_NAME: TABLE,
  QUOTAS_TABLE_NAME: 'ats-bot-quotas',
  WORKER_FUNCTION_NAME: 'ats-bot-worker',
  SECRET_ARN,
};
const WORKER_ENV = {
  ATS_APP_ID: 'app-123',
  JOBS_TABLE_NAME: TABLE,
  SCHEDULE_GROUP_NAME: 'ats-bot-polls',
  SCHEDULER_ROLE_ARN: ROLE_ARN,
  SECRET_ARN,
};

/** The ConfigError thrown by `load` (fails the test when nothing is thrown). */
function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadRuntimeConfig defaults', () => {
  it('fills every default for the ingress', () => {
    // Act
    const config = loadRuntimeConfig(INGRESS_ENV, 'ingress');

    // Assess
    expect(config).toStrictEqual({
      role: 'ingress',
      atsBaseUrl: SETTINGS.atsBaseUrl.default,
      atsAppId: 'app-123',
      atsTimeoutMs: 10_000,
      atsStartTimeoutMs: 60_000,
      atsJobCap: 5,
      atsSlotHoldHours: 6,
      historyDays: 400,
      templates: [],
      pollLimitHours: 6,
      unreachableAfterMinutes: 15,
      hopWindowSeconds: 10,
      hopRampSeconds: 38,
      retentionDays: 90,
      admins: [],
      watchers: 'anyone',
      startsPerUser: 10,
      startWindowMinutes: 10,
      activeJobsPerChannel: 10,
      jobsTableName: TABLE,
      quotasTableName: 'ats-bot-quotas',
      workerFunctionName: 'ats-bot-worker',
      secretArn: SECRET_ARN,
      scheduleDefaultTimeZone: 'UTC',
      scheduleMinIntervalHours: 1,
      schedulesPerChannel: 10,
      scheduleOverlap: 'skip',
    });
  });

  it('reads every setting of the worker', () => {
    // Prepare
    const env = {
      ...WORKER_ENV,
      ATS_BASE_URL: 'https://ats.example.com/ws',
      ATS_TIMEOUT_MS: '15000',
      ATS_START_TIMEOUT_MS: '120000',
      ATS_JOB_CAP: '12',
      ATS_SLOT_HOLD_HOURS: '2.5',
      ATS_TEMPLATES: TEMPLATES,
      POLL_LIMIT_HOURS: '0.5',
      ATS_UNREACHABLE_AFTER_MINUTES: '30',
      POLL_INTERVAL_SECONDS: '20',
      HOP_WINDOW_SECONDS: '15',
      HOP_RAMP_SECONDS: '45',
      HOP_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ats-bot-hops',
      RETENTION_DAYS: '30',
      BOT_ADMINS: 'U0BOSS, S0OPS,U0BOSS',
      WATCHERS: 'admins',
      QUOTA_STARTS_PER_USER: '20',
      QUOTA_START_WINDOW_MINUTES: '15',
      QUOTA_ACTIVE_JOBS_PER_CHANNEL: '5',
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      POLL_DLQ_ARN: DLQ_ARN,
      SCHEDULE_DEFAULT_TIME_ZONE: 'europe/amsterdam',
      SCHEDULE_MIN_INTERVAL_HOURS: '4',
      SCHEDULES_PER_CHANNEL: '3',
      SCHEDULE_OVERLAP: 'allow',
      SCHEDULES_TABLE_NAME: 'ats-bot-schedules',
      RECURRING_SCHEDULE_GROUP_NAME: 'ats-bot-recurring',
      RECURRING_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/ats-bot-recurring',
      SCHEDULE_FIRING_DLQ_ARN: 'arn:aws:sqs:eu-west-1:123456789012:ats-bot-firing-dlq',
    };

    // Act
    const config = loadRuntimeConfig(env, 'worker');

    // Assess
    expect(config).toStrictEqual({
      role: 'worker',
      atsBaseUrl: 'https://ats.example.com/ws/',
      atsAppId: 'app-123',
      atsTimeoutMs: 15_000,
      atsStartTimeoutMs: 120_000,
      atsJobCap: 12,
      atsSlotHoldHours: 2.5,
      historyDays: 400,
      templates: [
        {
          alias: 'smoke',
          templateId: 'tpl-1',
          name: 'Smoke suite',
          notifyChannels: [],
          allowedUsers: [],
          allowedUserGroups: [],
          allowedChannels: [],
          autoReruns: 1,
          autoRerunRule: 'until-pass',
          broadcastFailures: false,
          quietPasses: true,
        },
      ],
      pollLimitHours: 0.5,
      unreachableAfterMinutes: 30,
      pollIntervalSeconds: 20,
      hopWindowSeconds: 15,
      hopRampSeconds: 45,
      hopQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ats-bot-hops',
      retentionDays: 30,
      admins: ['U0BOSS', 'S0OPS'],
      watchers: 'admins',
      startsPerUser: 20,
      startWindowMinutes: 15,
      activeJobsPerChannel: 5,
      slackApiUrl: 'http://127.0.0.1:4000/api/',
      jobsTableName: TABLE,
      scheduleGroupName: 'ats-bot-polls',
      schedulerRoleArn: ROLE_ARN,
      pollDlqArn: DLQ_ARN,
      secretArn: SECRET_ARN,
      scheduleDefaultTimeZone: 'Europe/Amsterdam',
      scheduleMinIntervalHours: 4,
      schedulesPerChannel: 3,
      scheduleOverlap: 'allow',
      schedulesTableName: 'ats-bot-schedules',
      recurringScheduleGroupName: 'ats-bot-recurring',
      recurringSchedulerRoleArn: 'arn:aws:iam::123456789012:role/ats-bot-recurring',
      firingDlqArn: 'arn:aws:sqs:eu-west-1:123456789012:ats-bot-firing-dlq',
    });
  });

  it('refuses hops around the window closer together than inside it, naming both variables', () => {
    // Act
    const error = configError(() =>
      loadRuntimeConfig(
        { ...INGRESS_ENV, HOP_WINDOW_SECONDS: '25', HOP_RAMP_SECONDS: '24' },
        'ingress',
      ),
    );

    // Assess
    expect(error.problems).toEqual([
      'HOP_RAMP_SECONDS must be at least HOP_WINDOW_SECONDS (25), got 24',
    ]);
  });

  it('names bad scheduled-run settings by what they accept', () => {
    // Prepare
    const env = {
      ...INGRESS_ENV,
      SCHEDULE_DEFAULT_TIME_ZONE: 'Europe/Amsterdan',
      SCHEDULE_MIN_INTERVAL_HOURS: '0',
      SCHEDULE_OVERLAP: 'yes',
      BOT_ADMINS: 'U0ADMIN01,alice',
    };

    // Act
    const error = configError(() => loadRuntimeConfig(env, 'ingress'));

    // Assess
    expect(error.problems).toEqual([
      'BOT_ADMINS must be a list of up to 10 Slack user ids (U…, W…) and user group ids (S…); in the variable, separated by commas, got "U0ADMIN01,alice"',
      'SCHEDULE_DEFAULT_TIME_ZONE must be an IANA time zone such as Europe/Amsterdam, got "Europe/Amsterdan"',
      'SCHEDULE_MIN_INTERVAL_HOURS must be a whole number of hours between 1 and 24, got "0"',
      'SCHEDULE_OVERLAP must be one of skip, allow, got "yes"',
    ]);
  });

  it('needs only the ATS app id in local mode', () => {
    // Act
    const config = loadRuntimeConfig({ ATS_APP_ID: 'app-1' }, 'local');

    // Assess
    expect(config.role).toBe('local');
    expect(config).not.toHaveProperty('secretArn');
    expect(config).not.toHaveProperty('jobsTableName');
  });

  it('treats empty and blank values as unset', () => {
    // Act
    const config = loadRuntimeConfig(
      { ...INGRESS_ENV, ATS_TIMEOUT_MS: '', POLL_DLQ_ARN: '  ', ATS_TEMPLATES: '' },
      'ingress',
    );

    // Assess
    expect(config.atsTimeoutMs).toBe(10_000);
    expect(config).not.toHaveProperty('pollDlqArn');
    expect(config.templates).toEqual([]);
  });

  it('accepts a worker function ARN with an alias', () => {
    // Prepare
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:ats-bot-worker:live';

    // Act
    const config = loadRuntimeConfig({ ...INGRESS_ENV, WORKER_FUNCTION_NAME: arn }, 'ingress');

    // Assess
    expect(config.workerFunctionName).toBe(arn);
  });
});

describe('loadRuntimeConfig required settings', () => {
  it.each<[RuntimeRole, string[]]>([
    [
      'ingress',
      ['ATS_APP_ID', 'JOBS_TABLE_NAME', 'WORKER_FUNCTION_NAME', 'SECRET_ARN', 'QUOTAS_TABLE_NAME'],
    ],
    [
      'worker',
      ['ATS_APP_ID', 'JOBS_TABLE_NAME', 'SECRET_ARN', 'SCHEDULE_GROUP_NAME', 'SCHEDULER_ROLE_ARN'],
    ],
    ['local', ['ATS_APP_ID']],
  ])('lists everything the %s is missing at once', (role, missing) => {
    // Act
    const error = configError(() => loadRuntimeConfig({}, role));

    // Assess
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.problems).toStrictEqual(missing.map((name) => `${name} is required`));
    for (const name of missing) expect(error.message).toContain(`${name} is required`);
  });
});

describe('loadRuntimeConfig malformed values', () => {
  it.each([
    [
      'ATS_TIMEOUT_MS',
      'abc',
      'ATS_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 30000, got "abc"',
    ],
    [
      'ATS_TIMEOUT_MS',
      '999',
      'ATS_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 30000, got "999"',
    ],
    [
      'ATS_TIMEOUT_MS',
      '30001',
      'ATS_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 30000, got "30001"',
    ],
    [
      'ATS_TIMEOUT_MS',
      '1500.5',
      'ATS_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 30000, got "1500.5"',
    ],
    [
      'ATS_START_TIMEOUT_MS',
      '300001',
      'ATS_START_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 300000, got "300001"',
    ],
    [
      'POLL_LIMIT_HOURS',
      '0.05',
      'POLL_LIMIT_HOURS must be a number of hours between 0.1 and 48, got "0.05"',
    ],
    [
      'POLL_LIMIT_HOURS',
      '49',
      'POLL_LIMIT_HOURS must be a number of hours between 0.1 and 48, got "49"',
    ],
    [
      'POLL_LIMIT_HOURS',
      '6h',
      'POLL_LIMIT_HOURS must be a number of hours between 0.1 and 48, got "6h"',
    ],
    [
      'POLL_LIMIT_HOURS',
      '-1',
      'POLL_LIMIT_HOURS must be a number of hours between 0.1 and 48, got "-1"',
    ],
    [
      'ATS_UNREACHABLE_AFTER_MINUTES',
      '0',
      'ATS_UNREACHABLE_AFTER_MINUTES must be a whole number of minutes between 1 and 1440, got "0"',
    ],
    [
      'POLL_INTERVAL_SECONDS',
      '0',
      'POLL_INTERVAL_SECONDS must be a whole number of seconds of at least 1, got "0"',
    ],
    [
      'POLL_INTERVAL_SECONDS',
      '1e3',
      'POLL_INTERVAL_SECONDS must be a whole number of seconds of at least 1, got "1e3"',
    ],
    [
      'RETENTION_DAYS',
      '0',
      'RETENTION_DAYS must be a whole number of days between 1 and 3650, got "0"',
    ],
    [
      'ATS_BASE_URL',
      'ats100.mendixcloud.com/ws/',
      'ATS_BASE_URL must be an http(s) URL, got "ats100.mendixcloud.com/ws/"',
    ],
    [
      'ATS_BASE_URL',
      'ftp://ats.example.com/',
      'ATS_BASE_URL must be an http(s) URL, got "ftp://ats.example.com/"',
    ],
    [
      'ATS_BASE_URL',
      'https://user:pw@ats.example.com/',
      'ATS_BASE_URL must not contain a user name or password',
    ],
    ['SLACK_API_URL', 'not a url', 'SLACK_API_URL must be an http(s) URL, got "not a url"'],
    [
      'JOBS_TABLE_NAME',
      'a b',
      'JOBS_TABLE_NAME must be a DynamoDB table name (3-255 letters, digits, "_", "-", "."), got "a b"',
    ],
    [
      'WORKER_FUNCTION_NAME',
      'worker fn',
      'WORKER_FUNCTION_NAME must be a Lambda function name or ARN, got "worker fn"',
    ],
    ['SECRET_ARN', 'my-secret', 'SECRET_ARN must be a Secrets Manager secret ARN, got "my-secret"'],
    [
      'POLL_DLQ_ARN',
      'arn:aws:sns:eu-west-1:123456789012:topic',
      'POLL_DLQ_ARN must be an SQS queue ARN, got "arn:aws:sns:eu-west-1:123456789012:topic"',
    ],
  ])('refuses %s=%s', (name, value, message) => {
    // Act
    const error = configError(() =>
      loadRuntimeConfig({ ...INGRESS_ENV, [name]: value }, 'ingress'),
    );

    // Assess
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.problems).toStrictEqual([message]);
  });

  it.each([
    [
      'SCHEDULE_GROUP_NAME',
      'polls/group',
      'SCHEDULE_GROUP_NAME must be a schedule group name (1-64 letters, digits, "_", "-", "."), got "polls/group"',
    ],
    [
      'SCHEDULER_ROLE_ARN',
      'ats-bot-scheduler',
      'SCHEDULER_ROLE_ARN must be an IAM role ARN, got "ats-bot-scheduler"',
    ],
  ])('refuses worker %s=%s', (name, value, message) => {
    // Act
    const error = configError(() => loadRuntimeConfig({ ...WORKER_ENV, [name]: value }, 'worker'));

    // Assess
    expect(error.problems).toStrictEqual([message]);
  });

  it('refuses a templates catalog that is not JSON', () => {
    // Act
    const error = configError(() =>
      loadRuntimeConfig({ ...INGRESS_ENV, ATS_TEMPLATES: '[{alias:' }, 'ingress'),
    );

    // Assess
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^ATS_TEMPLATES must be a JSON array of templates: /);
  });

  it('refuses a templates catalog that does not validate, naming the entry', () => {
    // Prepare
    const catalog = JSON.stringify([{ alias: 'Smoke!', templateId: 't', name: 'n' }]);

    // Act
    const error = configError(() =>
      loadRuntimeConfig({ ...INGRESS_ENV, ATS_TEMPLATES: catalog }, 'ingress'),
    );

    // Assess
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^ATS_TEMPLATES: Invalid templates catalog at \[0\.alias\]/);
  });

  it('shortens a long bad value in the message', () => {
    // Act
    const error = configError(() =>
      loadRuntimeConfig({ ...INGRESS_ENV, SECRET_ARN: 'x'.repeat(500) }, 'ingress'),
    );

    // Assess
    expect(error.problems[0]).toBe(
      `SECRET_ARN must be a Secrets Manager secret ARN, got "${'x'.repeat(77)}..."`,
    );
  });

  it('collects every problem, not just the first', () => {
    // Prepare
    const env = { ATS_TIMEOUT_MS: 'abc', RETENTION_DAYS: '-3', ATS_BASE_URL: 'nope' };

    // Act
    const error = configError(() => loadRuntimeConfig(env, 'local'));

    // Assess
    expect(error.problems).toStrictEqual([
      'ATS_BASE_URL must be an http(s) URL, got "nope"',
      'ATS_APP_ID is required',
      'ATS_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 30000, got "abc"',
      'RETENTION_DAYS must be a whole number of days between 1 and 3650, got "-3"',
    ]);
  });
});

describe('loadSecretsFromEnv', () => {
  it('reads the secret values from their environment variables', () => {
    // Prepare
    const env = {
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      SLACK_BOT_TOKEN: 'xoxb-local-token',
      ATS_APP_API_TOKEN: 'ats-local-token',
      ATS_USERNAME: 'ci',
      ATS_PASSWORD: 'ci-password',
    };

    // Act
    const secrets = loadSecretsFromEnv(env);

    // Assess
    expect(secrets).toStrictEqual({
      slackSigningSecret: 'signing-secret-value',
      slackBotToken: 'xoxb-local-token',
      atsAppApiToken: 'ats-local-token',
      atsUsername: 'ci',
      atsPassword: 'ci-password',
    });
  });

  it('names the missing environment variables along with every other problem', () => {
    // Act
    const error = configError(() =>
      loadSecretsFromEnv({ SLACK_BOT_TOKEN: 'REPLACE_ME', ATS_USERNAME: 'ci' }),
    );

    // Assess
    expect(error.problems).toStrictEqual([
      'SLACK_SIGNING_SECRET is missing',
      'SLACK_BOT_TOKEN still holds the placeholder REPLACE_ME',
      'ATS_APP_API_TOKEN is missing',
      'ATS_USERNAME and ATS_PASSWORD must be set together or not at all',
    ]);
  });

  it('names placeholders, empty values and a lone username', () => {
    // Act
    const error = configError(() =>
      loadSecretsFromEnv({
        SLACK_SIGNING_SECRET: ' ',
        SLACK_BOT_TOKEN: 'REPLACE_ME',
        ATS_APP_API_TOKEN: 'token-1',
        ATS_USERNAME: 'ci',
      }),
    );

    // Assess
    expect(error.problems).toStrictEqual([
      'SLACK_SIGNING_SECRET is empty',
      'SLACK_BOT_TOKEN still holds the placeholder REPLACE_ME',
      'ATS_USERNAME and ATS_PASSWORD must be set together or not at all',
    ]);
  });
});
