import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { JobRequests } from '../../core/requests/requests';
import { renderAnswer } from '../blocks/answer';
import type { SlackMessage } from '../blocks/job-card';
import { renderPlain } from '../blocks/notice';

/** The answer when something unexpected broke (the store was unreachable, a bug). */
const APOLOGY =
  ':warning: Something went wrong on my side. Please try again in a minute; `/ats status` shows whether your job started.';

/**
 * The `/ats` listener: hands the text to the ingress use cases (which validate, check access,
 * record the job and invoke the worker) and acknowledges with an ephemeral answer. It never waits
 * on ATS, and any input, however odd, gets an answer rather than an error.
 */
export function atsCommandListener(requests: JobRequests, command = '/ats') {
  return async ({
    command: payload,
    ack,
    logger,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    let message: SlackMessage;
    try {
      const answer = await requests.handleCommand(
        typeof payload.text === 'string' ? payload.text : '',
        {
          userId: payload.user_id,
          channelId: payload.channel_id,
          triggerId: payload.trigger_id,
          responseUrl: payload.response_url,
        },
      );
      message = renderAnswer(answer, command);
      logger.info(`${command} handled: ${answer.kind}`);
    } catch (error) {
      logger.error(`${command} failed`, error instanceof Error ? error.message : String(error));
      message = renderPlain(APOLOGY);
    }
    await ack({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
  };
}
