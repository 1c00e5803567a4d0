import { type Logger, type RetryOptions, WebClient } from '@slack/web-api';

/** How the worker's and local mode's Web API client behaves. */
export interface SlackWebClientOptions {
  /** Web API base URL; Slack's own by default, a local stand-in in tests and local mode. */
  slackApiUrl?: string;
  logger?: Logger;
  /** Retries after rate limits (waiting `Retry-After` first), 5xx answers and network errors. */
  retries?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
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
 * wait for `Retry-After` and try again instead of failing.
 */
export function createSlackWebClient(
  token: string,
  options: SlackWebClientOptions = {},
): WebClient {
  return new WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    retryConfig: retryPolicy(options.retries ?? 3),
    rejectRateLimitedCalls: false,
    timeout: options.timeoutMs ?? 10_000,
  });
}
