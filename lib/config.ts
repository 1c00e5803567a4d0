import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { DEFAULT_ATS_BASE_URL, MAX_ATS_START_TIMEOUT_MS } from '../functions/config';
import { DEFAULT_ATS_START_TIMEOUT_MS, DEFAULT_ATS_STATUS_TIMEOUT_MS } from '../functions/core/ats';
import { DEFAULT_RETENTION_DAYS } from '../functions/core/job';
import { parseCatalog } from '../functions/core/requests/catalog';

/** The cdk.json context key that holds the whole deployment configuration. */
export const CONFIG_CONTEXT_KEY = 'atsBot';

/**
 * Upper bound for the catalog as JSON. Lambda allows 4 KB of environment variables per
 * function in total and the catalog travels in one of them (`ATS_TEMPLATES`); the rest is
 * left for names and ARNs.
 */
export const MAX_TEMPLATES_JSON_BYTES = 3072;

/** Log retention values CloudWatch Logs accepts (`RetentionDays` without "never expire"). */
const LOG_RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter(
  (v): v is number => typeof v === 'number' && v !== RetentionDays.INFINITE,
);

const templatesSchema = z.unknown().transform((raw, ctx) => {
  if (raw === undefined) {
    ctx.addIssue({ code: 'custom', message: 'required: the templates catalog (an array)' });
    return z.NEVER;
  }
  try {
    const entries = parseCatalog(raw);
    if (entries.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'add at least one catalog entry' });
      return z.NEVER;
    }
    const json = JSON.stringify(raw);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_TEMPLATES_JSON_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `the catalog is ${bytes} bytes as JSON, more than ${MAX_TEMPLATES_JSON_BYTES} (Lambda environment variables are limited to 4 KB per function): shorten names or drop entries`,
      });
      return z.NEVER;
    }
    return { entries, json };
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Schema of the `atsBot` context object; unknown options are rejected. */
export const botConfigSchema = z
  .object({
    /** ATS CI/CD web service base URL (the operation name is appended). */
    atsBaseUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .default(DEFAULT_ATS_BASE_URL),
    /** Mendix app id the ATS jobs belong to. */
    atsAppId: z.string({ message: 'required: the Mendix app id (a string)' }).trim().min(1),
    /** The templates catalog, validated by `parseCatalog`. */
    templates: templatesSchema,
    /** Wall-clock limit of polling one job, in hours. */
    pollLimitHours: z.number().positive().max(48).default(6),
    /** Minutes of ATS failures before people are told ATS is unreachable. */
    unreachableAfterMinutes: z.number().int().min(1).max(1440).default(15),
    /** Timeout of one GetJobStatus call. */
    atsTimeoutMs: z.number().int().min(1000).max(30000).default(DEFAULT_ATS_STATUS_TIMEOUT_MS),
    /** Timeout of one RunJob or RerunNotPassed call; the worker's timeout follows it. */
    atsStartTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(MAX_ATS_START_TIMEOUT_MS)
      .default(DEFAULT_ATS_START_TIMEOUT_MS),
    /** Days job items are kept (DynamoDB TTL). */
    retentionDays: z.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS),
    /** Powertools and Lambda application log level. */
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /** CloudWatch Logs retention of each function's log group. */
    logRetentionDays: z
      .number()
      .refine((d) => LOG_RETENTION_DAYS.includes(d), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** Where alarm notifications go (SNS email subscription); no topic without it. */
    alarmEmail: z.email({ message: 'must be an e-mail address' }).optional(),
    /** Use this Secrets Manager secret instead of creating one (complete ARN). */
    existingSecretArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/,
        'must be the complete secret ARN, ending in the 6-character suffix Secrets Manager adds',
      )
      .optional(),
    /** What happens to the table, secret and log groups when the stack is deleted. */
    removalPolicy: z.enum(['retain', 'destroy']).default('retain'),
  })
  .strict();

/** Validated deployment configuration with defaults filled in. */
export type BotConfig = Omit<z.output<typeof botConfigSchema>, 'templates' | 'logRetentionDays'> & {
  /** Validated catalog entries. */
  templates: ReturnType<typeof parseCatalog>;
  /** The catalog as given, serialized for the `ATS_TEMPLATES` environment variable. */
  templatesJson: string;
  logRetentionDays: RetentionDays;
};

/** Thrown when the `atsBot` configuration is missing or malformed; fails `cdk synth`. */
export class BotConfigError extends Error {
  /** Machine-readable error code. */
  readonly code = 'INVALID_BOT_CONFIG';

  constructor(
    message: string,
    /** One line per problem, each naming the option. */
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'BotConfigError';
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(botConfigSchema.shape).join(', ');
    return issue.keys.map((k) => `unknown option "${k}" (known options: ${known})`).join('; ');
  }
  const where = issue.path.length ? issue.path.join('.') : '(root)';
  return `${where}: ${issue.message}`;
}

/**
 * Validates the `atsBot` context value (an object, or its JSON text when given with
 * `cdk synth -c atsBot='{…}'`) and fills in defaults.
 *
 * @throws BotConfigError (`code` `INVALID_BOT_CONFIG`) naming every problem: a missing or
 *   malformed option, an unknown option, or an invalid templates catalog (entry and field).
 */
export function loadBotConfig(raw: unknown): BotConfig {
  let input = raw;
  if (typeof raw === 'string') {
    try {
      input = JSON.parse(raw);
    } catch {
      throw new BotConfigError(
        `Invalid configuration: context "${CONFIG_CONTEXT_KEY}" is a string that is not JSON`,
        ['(root): not JSON'],
      );
    }
  }
  if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new BotConfigError(
      `Invalid configuration: context "${CONFIG_CONTEXT_KEY}" must be an object (see cdk.json)`,
      ['(root): not an object'],
    );
  }
  const parsed = botConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(describeIssue);
    throw new BotConfigError(
      `Invalid configuration in context "${CONFIG_CONTEXT_KEY}" (cdk.json): ${problems.join('; ')}`,
      problems,
    );
  }
  const { templates, logRetentionDays, ...rest } = parsed.data;
  return {
    ...rest,
    templates: templates.entries,
    templatesJson: templates.json,
    logRetentionDays: logRetentionDays as RetentionDays,
  };
}
