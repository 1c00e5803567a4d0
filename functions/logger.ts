import { formatWithOptions } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';

/** What replaces a configured secret in log output. */
export const REDACTED = '[redacted]';

/**
 * Values shorter than this are not redacted: scrubbing two or three letters would mangle
 * ordinary words in every line, and no token, password or signing secret is that short.
 */
export const MIN_REDACTED_LENGTH = 4;

/** Every literal value to scrub, process-wide: one Lambda process holds one set of secrets. */
const secretValues = new Set<string>();
let secretPattern: RegExp | undefined;

/**
 * Registers secret values (tokens, passwords, signing secret) that must never appear in a log
 * line of any logger made by {@link createLogger}, including loggers created before this call.
 * Each value is also registered in the forms it takes in URLs and XML, since ATS credentials
 * travel in a SOAP body. Empty and undefined entries are ignored, as are values shorter than
 * {@link MIN_REDACTED_LENGTH}.
 */
export function redactSecrets(secrets: readonly (string | undefined)[]): void {
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_REDACTED_LENGTH) continue;
    for (const form of [secret, encodeURIComponent(secret), escapeXml(secret)]) {
      secretValues.add(form);
    }
  }
  // Longest first, so a secret containing another is replaced whole.
  const alternatives = [...secretValues]
    .sort((a, b) => b.length - a.length)
    .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  secretPattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined;
}

/** Forgets every registered secret (tests). */
export function clearRedactedSecrets(): void {
  secretValues.clear();
  secretPattern = undefined;
}

/** `text` with every registered secret replaced by {@link REDACTED}. */
export function scrubSecrets(text: string): string {
  return secretPattern ? text.replace(secretPattern, REDACTED) : text;
}

/**
 * Powertools calls this for every key and value while serializing a log line, messages,
 * appended keys and (after it has turned them into plain objects) errors with their stacks and
 * causes, so scrubbing here covers everything that gets printed.
 */
function redactingReplacer(_key: string, value: unknown): unknown {
  if (!secretPattern) return value;
  if (typeof value === 'string') return scrubSecrets(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (value instanceof Error) return value;
    const keys = Object.keys(value);
    if (keys.some((key) => scrubSecrets(key) !== key)) {
      return Object.fromEntries(
        keys.map((key) => [scrubSecrets(key), (value as Record<string, unknown>)[key]]),
      );
    }
  }
  return value;
}

/**
 * A Powertools JSON logger for one service that scrubs the values given to
 * {@link redactSecrets}. Without `level`, Powertools reads `POWERTOOLS_LOG_LEVEL` (or the Lambda
 * advanced logging level) and defaults to INFO.
 */
export function createLogger(serviceName: string, level?: LogLevel): Logger {
  return new Logger({
    serviceName,
    ...(level ? { logLevel: level } : {}),
    jsonReplacerFn: redactingReplacer,
  });
}

/** Objects in Bolt's arguments are printed on one line, so a log line stays one message. */
const ONE_LINE = { breakLength: Number.POSITIVE_INFINITY, depth: 4 };

const BOLT_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type BoltLevelName = (typeof BOLT_LEVELS)[number];

/** Powertools level → the nearest Bolt level (Bolt has no trace, critical or silent). */
function boltLevelOf(logger: Logger): BoltLevelName {
  switch (logger.getLevelName()) {
    case 'TRACE':
    case 'DEBUG':
      return 'debug';
    case 'INFO':
      return 'info';
    case 'WARN':
      return 'warn';
    default:
      return 'error';
  }
}

/**
 * Bolt's (and the Slack Web API client's) `Logger` on top of a Powertools logger, so their
 * lines are JSON, carry the Lambda context and are scrubbed of secrets.
 *
 * `setLevel` narrows this adapter only: Bolt calls it with its own `logLevel` option, which must
 * not change what the rest of the function logs. Text arguments are formatted like
 * `console.log`; the first Error goes in the `error` attribute with its stack; the name set by
 * `setName` goes in `logger`. Bolt and the Web API client rename the logger they are given, so
 * give each its own adapter.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level: BoltLevelName = boltLevelOf(logger);
  let name: string | undefined;
  const emit = (at: BoltLevelName, args: unknown[]) => {
    if (BOLT_LEVELS.indexOf(at) < BOLT_LEVELS.indexOf(level)) return;
    const error = args.find((a): a is Error => a instanceof Error);
    const rest = args.filter((a) => a !== error);
    const message = rest.length > 0 ? formatWithOptions(ONE_LINE, ...rest) : (error?.message ?? '');
    logger[at](message, {
      ...(name ? { logger: name } : {}),
      ...(error ? { error } : {}),
    });
  };
  return {
    debug: (...msg: unknown[]) => emit('debug', msg),
    info: (...msg: unknown[]) => emit('info', msg),
    warn: (...msg: unknown[]) => emit('warn', msg),
    error: (...msg: unknown[]) => emit('error', msg),
    setLevel(next: BoltLogLevel) {
      const wanted = String(next).toLowerCase();
      if ((BOLT_LEVELS as readonly string[]).includes(wanted)) level = wanted as BoltLevelName;
    },
    getLevel: () => level as BoltLogLevel,
    setName(next: string) {
      name = next;
    },
  };
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The logging shape the domain core asks for (`LifecycleLog`, `WorkerLog`). */
export interface DomainLog {
  info(message: string, extra?: object): void;
  warn(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
}

/** Lets the domain core log through the JSON logger without importing Powertools. */
export function domainLog(logger: Logger): DomainLog {
  return {
    info: (message, extra) => logger.info(message, { ...extra }),
    warn: (message, extra) => logger.warn(message, { ...extra }),
    error: (message, extra) => logger.error(message, { ...extra }),
  };
}
