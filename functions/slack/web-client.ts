import {
  type Logger,
  type RetryOptions,
  type WebAPICallResult,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import { secretRedactor } from '../ats/secret-redaction';
import { escapeXmlText } from '../ats/xml-text';
import { escapeMrkdwn } from './blocks/mrkdwn';

/** How the worker's and local mode's Web API client behaves. */
export interface SlackWebClientOptions {
  /** Web API base URL; Slack's own by default, a local stand-in in tests and local mode. */
  slackApiUrl?: string;
  logger?: Logger;
  /** Retries after rate limits (waiting `Retry-After` first), 5xx answers and network errors. */
  retries?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  /**
   * Values never sent to Slack (the credentials the process holds): each is replaced by
   * `[redacted]`, as written and as mrkdwn or XML escapes it, in every text of every call's
   * arguments, the content of every uploaded file, and (through {@link slackRedaction}) every
   * `response_url` post.
   */
  redact?: readonly string[];
}

/**
 * Retries for a Lambda that has seconds, not Slack's default half hour: on 429 the client waits
 * `Retry-After`, then backs off a little more; on 5xx and network errors it backs off alone.
 */
export function retryPolicy(retries: number): RetryOptions {
  return { retries, factor: 2, minTimeout: 200, maxTimeout: 2_000, randomize: true };
}

/**
 * A Web API client for the bot token. `rejectRateLimitedCalls: false` makes rate-limited calls
 * wait for `Retry-After` and try again instead of failing. With `redact`, every call goes through
 * {@link RedactingWebClient}: whatever a message was built from (ATS's texts, errors), no
 * credential the process holds reaches Slack.
 */
export function createSlackWebClient(
  token: string,
  options: SlackWebClientOptions = {},
): WebClient {
  const clientOptions: WebClientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    retryConfig: retryPolicy(options.retries ?? 3),
    rejectRateLimitedCalls: false,
    timeout: options.timeoutMs ?? 10_000,
  };
  const secrets = (options.redact ?? []).filter((value) => value !== '');
  if (secrets.length === 0) return new WebClient(token, clientOptions);
  // XML's escapes too: a file the bot uploads (the JUnit result) is XML.
  const redact = secretRedactor(
    secrets.flatMap((value) => [value, escapeMrkdwn(value), escapeXmlText(value)]),
  );
  return new RedactingWebClient(token, clientOptions, redact);
}

/**
 * The redaction `client` applies to what it sends (none for a client made without `redact`), for
 * what reaches Slack outside the Web API: a `response_url` post.
 */
export function slackRedaction(client: WebClient): <T>(value: T) => T {
  if (client instanceof RedactingWebClient) return (value) => client.redactTexts(value);
  return (value) => value;
}

/**
 * A WebClient whose every call (each method of the client goes through `apiCall`) has its
 * arguments' texts redacted first: the one place all of the bot's messages, cards, updates and
 * ephemeral answers pass. A file's content, which `files.uploadV2` posts to a URL Slack gives
 * rather than as an argument, is redacted before the upload starts.
 */
class RedactingWebClient extends WebClient {
  constructor(
    token: string,
    options: WebClientOptions,
    private readonly redact: (text: string) => string,
  ) {
    super(token, options);
  }

  /** A copy of `value` with every text redacted. */
  redactTexts<T>(value: T): T {
    return redactTexts(value, this.redact) as T;
  }

  override apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    return super.apiCall(method, options && this.redactTexts(options));
  }

  override filesUploadV2(
    options: Parameters<WebClient['filesUploadV2']>[0],
  ): ReturnType<WebClient['filesUploadV2']> {
    return super.filesUploadV2(this.redactTexts(options));
  }
}

/** A copy of plain objects and arrays with every string redacted; anything else as it is. */
function redactTexts(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactTexts(item, redact));
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactTexts(item, redact)]),
    );
  }
  return value;
}
