import type { WebClient } from '@slack/web-api';
import { RESPONSE_URL_LIFETIME_MS } from '../core/job';
import type { Clock } from '../core/ports';
import type { SlackMessage } from './blocks/job-card';
import { slackRedaction } from './web-client';

/** The bot stops using a `response_url` a minute before Slack does, so a post never races it. */
const RESPONSE_URL_USABLE_MS = RESPONSE_URL_LIFETIME_MS - 60_000;

/** Where failed attempts are reported. */
interface PrivateMessageLog {
  warn(message: string, ...details: unknown[]): void;
}

/** Who gets the message, where, and the `response_url` of their request if any. */
export interface PrivateRecipient {
  userId: string;
  channelId: string;
  responseUrl?: string;
  /** When the request that gave the `response_url` came (epoch ms). */
  requestedAt: number;
  /** For the log. */
  requestId?: string;
}

/**
 * Messages only one person sees. Tries, in order: the request's `response_url` while fresh (works
 * even where the bot is not a member), `chat.postEphemeral` in the channel, then a direct message
 * from the bot.
 */
export class PrivateMessages {
  constructor(
    private readonly client: WebClient,
    private readonly deps: { clock: Clock; fetch: typeof fetch; logger?: PrivateMessageLog },
  ) {}

  /** @throws the last Web API error when none of the three worked. */
  async send(to: PrivateRecipient, message: SlackMessage): Promise<void> {
    const fresh = this.deps.clock.now() - to.requestedAt < RESPONSE_URL_USABLE_MS;
    if (to.responseUrl && fresh && (await this.postToResponseUrl(to.responseUrl, message))) return;
    try {
      await this.client.chat.postEphemeral({
        channel: to.channelId,
        user: to.userId,
        text: message.text,
        blocks: message.blocks,
      });
      return;
    } catch (error) {
      this.deps.logger?.warn('Ephemeral message not delivered; sending a direct message', {
        requestId: to.requestId,
        error: describe(error),
      });
    }
    await this.client.chat.postMessage({
      channel: to.userId,
      text: message.text,
      blocks: message.blocks,
    });
  }

  /** True when Slack accepted the post; false (never throws) so the caller can fall back. */
  private async postToResponseUrl(url: string, message: SlackMessage): Promise<boolean> {
    try {
      const response = await this.deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Not a Web API call: redacted here as the client redacts its calls.
        body: JSON.stringify(
          slackRedaction(this.client)({
            response_type: 'ephemeral',
            replace_original: false,
            ...message,
          }),
        ),
        signal: AbortSignal.timeout(5_000),
      });
      await response.text();
      return response.ok;
    } catch (error) {
      this.deps.logger?.warn('response_url post failed', { error: describe(error) });
      return false;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
