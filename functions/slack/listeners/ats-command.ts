import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { RequestAnswer } from '../../core/requests/request-answer';
import type { JobRequests } from '../../core/requests/requests';
import { renderAnswer } from '../blocks/answer';
import { renderHistory } from '../blocks/history';
import type { SlackMessage } from '../blocks/job-card';
import { renderPlain } from '../blocks/notice';
import { renderRunPicker } from '../blocks/run-picker';
import { historyRunLinks } from '../history-links';

/** The answer when something unexpected broke (the store was unreachable, a bug). */
const APOLOGY =
  ':warning: Something went wrong on my side. Please try again in a minute; `/ats status` shows whether your job started.';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * The `/ats` listener: hands the text to the ingress use cases (which validate, check access,
 * record the job and invoke the worker) and acknowledges with an ephemeral answer. `/ats` alone
 * (or `/ats run` without a template) opens the run picker with the command's `trigger_id` before
 * acknowledging, within Slack's 3 s; when no modal can be opened the same templates come as a
 * message. It never waits on ATS, and any input, however odd, gets an answer rather than an error.
 */
export function atsCommandListener(requests: JobRequests, command = '/ats') {
  return async ({ command: payload, ack, client, logger }: CommandArgs): Promise<void> => {
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
      logger.info(`${command} handled: ${answer.kind}`);
      if (await openedPicker(answer, payload, client, logger)) {
        await ack();
        return;
      }
      message =
        answer.kind === 'history'
          ? renderHistory(answer, await historyRunLinks(client, answer.trend))
          : renderAnswer(answer, command);
    } catch (error) {
      logger.error(`${command} failed`, error instanceof Error ? error.message : String(error));
      message = renderPlain(APOLOGY);
    }
    await ack({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
  };
}

/** Opens the run picker for a `run_picker` answer with templates; false when it did not open. */
async function openedPicker(
  answer: RequestAnswer,
  payload: CommandArgs['command'],
  client: CommandArgs['client'],
  logger: CommandArgs['logger'],
): Promise<boolean> {
  if (answer.kind !== 'run_picker' || answer.choices.length === 0) return false;
  try {
    await client.views.open({
      trigger_id: payload.trigger_id,
      view: renderRunPicker(answer, {
        channelId: answer.channelId,
        ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
      }),
    });
    return true;
  } catch (error) {
    logger.warn('Could not open the run picker', error instanceof Error ? error.message : error);
    return false;
  }
}
