import { signSlackRequest } from '../slack-request-signing';

/*
 * How the playground sends what the person did to the bot: a signed request to `/slack/events`,
 * timed as Slack times it, and the acknowledgement shown as Slack shows it.
 */

/** Outcome of a command or click sent to the bot, as the page shows it. */
export interface DeliveryReport {
  ok: boolean;
  /** HTTP status the bot answered with (0 when it did not answer). */
  status: number;
  /** Slack's words for what went wrong, when something did (`dispatch_failed`, …). */
  error?: string;
  elapsedMs: number;
}

/** Where the bot listens and how requests to it are signed. */
export interface BotEndpoint {
  /** Full URL of `/slack/events`, known once the server listens. */
  eventsUrl: () => string;
  signingSecret: string;
  /** Longest wait for the bot's answer, in ms. */
  timeoutMs: number;
}

/**
 * Posts a signed body to the bot (a form, or JSON for the Events API); reports how it answered
 * and its body when not empty.
 */
export async function deliverToBot(
  bot: BotEndpoint,
  body: string,
  contentType: 'form' | 'json' = 'form',
): Promise<{ delivery: DeliveryReport; ok: boolean; elapsedMs: number; ack?: string }> {
  const started = Date.now();
  try {
    const answer = await fetch(bot.eventsUrl(), {
      method: 'POST',
      headers: {
        ...signSlackRequest(bot.signingSecret, body),
        ...(contentType === 'json' ? { 'content-type': 'application/json' } : {}),
      },
      body,
      signal: AbortSignal.timeout(bot.timeoutMs),
    });
    const text = await answer.text();
    const elapsedMs = Date.now() - started;
    const delivery: DeliveryReport = answer.ok
      ? { ok: true, status: answer.status, elapsedMs }
      : { ok: false, status: answer.status, error: 'dispatch_failed', elapsedMs };
    return { delivery, ok: answer.ok, elapsedMs, ...(answer.ok && text ? { ack: text } : {}) };
  } catch {
    const elapsedMs = Date.now() - started;
    const delivery = { ok: false, status: 0, error: 'operation_timeout', elapsedMs };
    return { delivery, ok: false, elapsedMs };
  }
}

/** Slack shows a non-empty acknowledgement of a command as a message; the response_url does that. */
export async function showAcknowledgement(
  bot: BotEndpoint,
  ack: string,
  responseUrl: string,
): Promise<void> {
  let message: unknown;
  try {
    message = JSON.parse(ack);
  } catch {
    message = { text: ack };
  }
  if (!message || typeof message !== 'object') return;
  await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(bot.timeoutMs),
  }).catch(() => undefined);
}
