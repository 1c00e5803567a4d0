import { DEFAULT_ATS_START_TIMEOUT_MS, DEFAULT_ATS_STATUS_TIMEOUT_MS } from './core/ats';
import { DEFAULT_RETENTION_DAYS } from './core/job';
import { parseCatalog, type TemplateEntry } from './core/requests/catalog';
import { type BotSecrets, ENV, SECRET_KEYS } from './env';

/** Which process reads the configuration: each needs a different part of it. */
export type RuntimeRole = 'ingress' | 'worker' | 'local';

/** Validated run-time settings with defaults filled in. */
export interface RuntimeConfig {
  role: RuntimeRole;
  /** ATS CI/CD base URL, always ending in `/`. */
  atsBaseUrl: string;
  atsAppId: string;
  /** Timeout of one GetJobStatus call. */
  atsTimeoutMs: number;
  /** Timeout of one RunJob or RerunNotPassed call; the worker function's timeout follows it. */
  atsStartTimeoutMs: number;
  templates: TemplateEntry[];
  pollLimitHours: number;
  unreachableAfterMinutes: number;
  /** Fixed poll interval replacing the polling policy (local mode, tests). */
  pollIntervalSeconds?: number;
  retentionDays: number;
  /** Slack Web API base URL ending in `/`; Slack's own when absent. */
  slackApiUrl?: string;
  jobsTableName?: string;
  workerFunctionName?: string;
  scheduleGroupName?: string;
  schedulerRoleArn?: string;
  pollDlqArn?: string;
  secretArn?: string;
}

/** What the ingress function is guaranteed to have. */
export interface IngressConfig extends RuntimeConfig {
  role: 'ingress';
  jobsTableName: string;
  workerFunctionName: string;
  secretArn: string;
}

/** What the worker function is guaranteed to have. */
export interface WorkerConfig extends RuntimeConfig {
  role: 'worker';
  jobsTableName: string;
  scheduleGroupName: string;
  schedulerRoleArn: string;
  secretArn: string;
}

/**
 * Longest start timeout: the worker function's timeout (this plus a margin) stays far below
 * Lambda's 15 minutes.
 */
export const MAX_ATS_START_TIMEOUT_MS = 300_000;

/** Default ATS CI/CD endpoint. */
export const DEFAULT_ATS_BASE_URL = 'https://ats100.mendixcloud.com/ws/';

/** Thrown when configuration is missing or malformed; lists every problem, not only the first. */
export class ConfigError extends Error {
  /** Machine-readable error code. */
  readonly code = 'CONFIG_INVALID';

  constructor(
    /** One line per problem, each naming the variable (or secret key) and what is wrong. */
    readonly problems: readonly string[],
    what = 'configuration',
  ) {
    super(`Invalid ${what}: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment of one role (names in `functions/env.ts`). Empty values
 * count as unset, so a stack may pass `""` for an optional setting.
 *
 * Required: `ATS_APP_ID` everywhere; `JOBS_TABLE_NAME` and `SECRET_ARN` on AWS roles;
 * `WORKER_FUNCTION_NAME` for the ingress; `SCHEDULE_GROUP_NAME` and `SCHEDULER_ROLE_ARN` for the
 * worker. `ATS_TEMPLATES` defaults to an empty catalog.
 *
 * @throws ConfigError (`CONFIG_INVALID`) naming every missing or malformed variable.
 */
export function loadRuntimeConfig(env: Env, role: 'ingress'): IngressConfig;
export function loadRuntimeConfig(env: Env, role: 'worker'): WorkerConfig;
export function loadRuntimeConfig(env: Env, role: RuntimeRole): RuntimeConfig;
export function loadRuntimeConfig(env: Env, role: RuntimeRole): RuntimeConfig {
  const reader = new EnvReader(env);
  const onAws = role !== 'local';
  const config: RuntimeConfig = {
    role,
    atsBaseUrl: reader.url(ENV.atsBaseUrl, DEFAULT_ATS_BASE_URL) ?? DEFAULT_ATS_BASE_URL,
    atsAppId: reader.text(ENV.atsAppId, { required: true, max: 200 }) ?? '',
    atsTimeoutMs:
      reader.integer(ENV.atsTimeoutMs, { min: 1000, max: 60_000, unit: 'milliseconds' }) ??
      DEFAULT_ATS_STATUS_TIMEOUT_MS,
    atsStartTimeoutMs:
      reader.integer(ENV.atsStartTimeoutMs, {
        min: 1000,
        max: MAX_ATS_START_TIMEOUT_MS,
        unit: 'milliseconds',
      }) ?? DEFAULT_ATS_START_TIMEOUT_MS,
    templates: reader.catalog(ENV.templates),
    pollLimitHours: reader.decimal(ENV.pollLimitHours, { min: 0.1, max: 48, unit: 'hours' }) ?? 6,
    unreachableAfterMinutes:
      reader.integer(ENV.unreachableAfterMinutes, { min: 1, max: 1440, unit: 'minutes' }) ?? 15,
    pollIntervalSeconds: reader.integer(ENV.pollIntervalSeconds, { min: 1, unit: 'seconds' }),
    retentionDays:
      reader.integer(ENV.retentionDays, { min: 1, max: 3650, unit: 'days' }) ??
      DEFAULT_RETENTION_DAYS,
    slackApiUrl: reader.url(ENV.slackApiUrl),
    jobsTableName: reader.matching(ENV.jobsTable, {
      required: role !== 'local',
      pattern: /^[a-zA-Z0-9_.-]{3,255}$/,
      what: 'a DynamoDB table name (3-255 letters, digits, "_", "-", ".")',
    }),
    workerFunctionName: reader.matching(ENV.workerFunctionName, {
      required: role === 'ingress',
      pattern:
        /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[a-zA-Z0-9_-]{1,64}(:[a-zA-Z0-9_$-]+)?$/,
      what: 'a Lambda function name or ARN',
    }),
    scheduleGroupName: reader.matching(ENV.scheduleGroup, {
      required: role === 'worker',
      pattern: /^[0-9a-zA-Z_.-]{1,64}$/,
      what: 'a schedule group name (1-64 letters, digits, "_", "-", ".")',
    }),
    schedulerRoleArn: reader.matching(ENV.schedulerRoleArn, {
      required: role === 'worker',
      pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      what: 'an IAM role ARN',
    }),
    pollDlqArn: reader.matching(ENV.pollDlqArn, {
      pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/,
      what: 'an SQS queue ARN',
    }),
    secretArn: reader.matching(ENV.secretArn, {
      required: onAws,
      pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
      what: 'a Secrets Manager secret ARN',
    }),
  };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return withoutUnset(config);
}

/** Text that still stands in for a real secret value (the stack's placeholder). */
export const SECRET_PLACEHOLDER = 'REPLACE_ME';

const REQUIRED_SECRETS = ['slackSigningSecret', 'slackBotToken', 'atsAppApiToken'] as const;

/** Secrets that may be absent or empty: "not configured". */
const OPTIONAL_SECRETS = ['atsUsername', 'atsPassword'] as const;

/**
 * Validates the bot's secret values (the parsed JSON of the secret, or values gathered from the
 * environment). Problems name the keys (through `nameOf`), never the values.
 *
 * @param source - where the values came from, for the message ("secret arn:…", "environment").
 * @param nameOf - how to name a key in messages (the JSON key, or the environment variable).
 * @throws ConfigError (`CONFIG_INVALID`) when the input is not an object, a required key is
 * missing, empty or still `REPLACE_ME`, a value is not text, or only one of the ATS username and
 * password is set.
 */
export function parseBotSecrets(
  input: unknown,
  source: string,
  nameOf: (key: keyof BotSecrets) => string = (key) => key,
): BotSecrets {
  const what = `secrets from ${source}`;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(
      [`expected a JSON object with keys ${Object.keys(SECRET_KEYS).join(', ')}`],
      what,
    );
  }
  const values = input as Partial<Record<keyof BotSecrets, unknown>>;
  const problems: string[] = [];
  // Key by key in this order, as the schema this replaced reported them.
  for (const key of [...REQUIRED_SECRETS, ...OPTIONAL_SECRETS]) {
    const value = values[key];
    if (value !== undefined && typeof value !== 'string') {
      problems.push(`${nameOf(key)} must be text`);
    } else if (value === undefined && !OPTIONAL_SECRETS.some((optional) => optional === key)) {
      problems.push(`${nameOf(key)} is missing`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, what);
  // All text by now (String() changes nothing); unknown keys are left out.
  const secrets: BotSecrets = {
    slackSigningSecret: String(values.slackSigningSecret),
    slackBotToken: String(values.slackBotToken),
    atsAppApiToken: String(values.atsAppApiToken),
    atsUsername: configuredOrUndefined(values.atsUsername),
    atsPassword: configuredOrUndefined(values.atsPassword),
  };
  for (const key of REQUIRED_SECRETS) {
    // Tokens never carry surrounding blanks; a pasted trailing newline would break every call.
    const value = secrets[key].trim();
    secrets[key] = value;
    if (value === '') problems.push(`${nameOf(key)} is empty`);
    else if (value === SECRET_PLACEHOLDER) {
      problems.push(`${nameOf(key)} still holds the placeholder ${SECRET_PLACEHOLDER}`);
    }
  }
  if ((secrets.atsUsername === undefined) !== (secrets.atsPassword === undefined)) {
    problems.push(
      `${nameOf('atsUsername')} and ${nameOf('atsPassword')} must be set together or not at all`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems, what);
  return withoutUnset(secrets);
}

/** An optional secret's value, undefined when empty (the stack creates them empty). */
function configuredOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads the secret values from environment variables named in `SECRET_KEYS` (local mode and
 * tests; on AWS they come from Secrets Manager).
 * @throws ConfigError (`CONFIG_INVALID`) as {@link parseBotSecrets}, naming the variables.
 */
export function loadSecretsFromEnv(env: Env): BotSecrets {
  const values: Record<string, string | undefined> = {};
  for (const [key, variable] of Object.entries(SECRET_KEYS)) values[key] = env[variable];
  return parseBotSecrets(values, 'environment', (key) => SECRET_KEYS[key]);
}

/** Reads variables, recording a problem per bad value instead of stopping at the first. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  text(name: string, rules: { required?: boolean; max?: number }): string | undefined {
    const value = this.raw(name);
    if (value === undefined) {
      if (rules.required) this.problems.push(`${name} is required`);
      return undefined;
    }
    if (rules.max !== undefined && value.length > rules.max) {
      this.problems.push(`${name} must be at most ${rules.max} characters, got ${value.length}`);
      return undefined;
    }
    return value;
  }

  matching(
    name: string,
    rules: { required?: boolean; pattern: RegExp; what: string },
  ): string | undefined {
    const value = this.text(name, { required: rules.required });
    if (value === undefined) return undefined;
    if (!rules.pattern.test(value)) {
      this.problems.push(`${name} must be ${rules.what}, got ${quote(value)}`);
      return undefined;
    }
    return value;
  }

  url(name: string, fallback?: string): string | undefined {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      this.problems.push(`${name} must be an http(s) URL, got ${quote(value)}`);
      return undefined;
    }
    if (parsed.username || parsed.password) {
      // A URL with credentials would end up in logs and error messages.
      this.problems.push(`${name} must not contain a user name or password`);
      return undefined;
    }
    // Endpoints are joined with relative paths (`RunJob`, `chat.postMessage`).
    return value.endsWith('/') ? value : `${value}/`;
  }

  integer(name: string, rules: { min: number; max?: number; unit: string }): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < rules.min || (rules.max !== undefined && n > rules.max)) {
      this.problems.push(
        `${name} must be a whole number of ${rules.unit} ${range(rules.min, rules.max)}, got ${quote(value)}`,
      );
      return undefined;
    }
    return n;
  }

  decimal(name: string, rules: { min: number; max: number; unit: string }): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const n = /^\d+(\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isNaN(n) || n < rules.min || n > rules.max) {
      this.problems.push(
        `${name} must be a number of ${rules.unit} ${range(rules.min, rules.max)}, got ${quote(value)}`,
      );
      return undefined;
    }
    return n;
  }

  catalog(name: string): TemplateEntry[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch (error) {
      this.problems.push(`${name} must be a JSON array of templates: ${(error as Error).message}`);
      return [];
    }
    try {
      return parseCatalog(json);
    } catch (error) {
      this.problems.push(`${name}: ${(error as Error).message}`);
      return [];
    }
  }

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }
}

function range(min: number, max: number | undefined): string {
  return max === undefined ? `of at least ${min}` : `between ${min} and ${max}`;
}

/** Quotes a bad value for a message, shortened so a pasted blob cannot flood the log. */
function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** Drops keys whose value is undefined, so optional settings are absent rather than undefined. */
function withoutUnset<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
