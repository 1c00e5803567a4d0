import { UserFacingError } from '../core/errors';
import { channelMention } from './blocks/mrkdwn';

/** Why the bot cannot post in a channel. */
export type SlackChannelErrorCode = 'BOT_NOT_IN_CHANNEL' | 'CHANNEL_NOT_FOUND';

/** Slack Web API error codes that mean "the bot is not in that conversation". */
const CHANNEL_ERRORS: Record<string, SlackChannelErrorCode> = {
  not_in_channel: 'BOT_NOT_IN_CHANNEL',
  channel_not_found: 'CHANNEL_NOT_FOUND',
};

/**
 * The bot cannot post in the job's channel: it was never invited (`not_in_channel`), or the
 * channel is private or a DM it cannot see (`channel_not_found`). A {@link UserFacingError}, so
 * the worker tells the person (through the command's `response_url`, which works without the
 * bot being in the channel) how to invite it.
 */
export class SlackChannelError extends UserFacingError {
  /** Set once the requester was told (by `SlackNotifier.postCard`), so nobody tells them twice. */
  requesterTold = false;

  constructor(
    code: SlackChannelErrorCode,
    readonly channelId: string,
    /** The Slack error code as returned (`not_in_channel`, `channel_not_found`). */
    readonly slackError: string,
    options?: { cause?: unknown },
  ) {
    super(
      code,
      `I can't post in ${channelMention(channelId)} because I'm not a member. Invite me with \`/invite @ATS\` in that channel, then try again.`,
    );
    this.name = 'SlackChannelError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The Slack error code (`not_in_channel`, `ratelimited`, …) of a Web API error, if it has one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Turns a Web API error about channel membership into a {@link SlackChannelError}; returns any
 * other error unchanged.
 */
export function toChannelError(error: unknown, channelId: string): unknown {
  const slackError = slackErrorCode(error);
  const code = slackError ? CHANNEL_ERRORS[slackError] : undefined;
  return code && slackError
    ? new SlackChannelError(code, channelId, slackError, { cause: error })
    : error;
}
