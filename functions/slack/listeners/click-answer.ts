import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../blocks/job-card';

/** What Bolt hands a button listener. */
export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * Answers a click through its `response_url`, seen by the clicker alone: as a message of its own,
 * or with `replace` in place of the message clicked in. The click is acknowledged already, so a
 * failed answer is logged rather than thrown.
 */
export async function answerClick(
  respond: ButtonArgs['respond'],
  message: SlackMessage,
  logger: ButtonArgs['logger'],
  replace = false,
): Promise<void> {
  try {
    await respond({
      response_type: 'ephemeral',
      replace_original: replace,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (error) {
    logger.warn('Could not answer the click', String(error));
  }
}
