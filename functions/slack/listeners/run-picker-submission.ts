import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { RequestAnswer } from '../../core/requests/request-answer';
import type { JobRequests } from '../../core/requests/requests';
import { renderAnswer } from '../blocks/answer';
import {
  type PickerMetadata,
  RUN_PICKER_CHANNEL,
  RUN_PICKER_INPUT,
  readPickerMetadata,
} from '../blocks/run-picker';
import { PrivateMessages } from '../private-messages';

type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The run picker's submission (`view_submission`): runs the chosen template exactly as
 * `/ats run <alias>` would (same use case: access rule, quotas, record, hand-off) in the channel
 * `/ats` was typed in, or, for a picker opened from the App Home, in the channel chosen in it.
 * When it starts, the modal closes and the person gets the same answer as for the command,
 * privately; when it cannot, the modal stays open with the reason under the field it is about.
 */
export function runPickerSubmission(requests: JobRequests, command = '/ats') {
  return async ({ ack, body, view, client, logger }: SubmissionArgs): Promise<void> => {
    const metadata = readPickerMetadata(view.private_metadata);
    const alias = view.state.values[RUN_PICKER_INPUT]?.[RUN_PICKER_INPUT]?.selected_option?.value;
    if (!metadata || !alias) {
      await refuse(ack, 'Pick a template to run.');
      return;
    }
    const channelId = metadata.channelId ?? chosenChannel(view);
    if (!channelId) {
      await refuse(ack, 'Pick the channel to run it in.', RUN_PICKER_CHANNEL);
      return;
    }
    // From the App Home, Slack gives a response_url for the chosen channel (response_url_enabled).
    const responseUrl = metadata.responseUrl ?? body.response_urls?.[0]?.response_url;
    let answer: RequestAnswer;
    try {
      answer = await requests.run(alias, {
        userId: body.user.id,
        channelId,
        triggerId: body.trigger_id,
        ...(responseUrl ? { responseUrl } : {}),
      });
      logger.info(`run picker handled: ${answer.kind}`);
    } catch (error) {
      logger.error('run picker failed', error instanceof Error ? error.message : String(error));
      await refuse(ack, 'Something went wrong on my side; nothing was started. Please try again.');
      return;
    }
    if (answer.kind !== 'accepted') {
      await refuse(ack, refusalOf(answer, metadata), fieldOf(answer, metadata));
      return;
    }
    await ack();
    const privately = new PrivateMessages(client, {
      clock: { now: () => Date.now() },
      fetch: globalThis.fetch,
      logger,
    });
    await privately
      .send(
        {
          userId: body.user.id,
          channelId,
          requestedAt: Date.now(),
          requestId: answer.job.requestId,
          ...(responseUrl ? { responseUrl } : {}),
        },
        renderAnswer(answer, command),
      )
      .catch((error: unknown) => logger.warn('Could not confirm the run', String(error)));
  };
}

/** Keeps the modal open with `message` under the field `blockId` (the template's by default). */
async function refuse(
  ack: SubmissionArgs['ack'],
  message: string,
  blockId = RUN_PICKER_INPUT,
): Promise<void> {
  await ack({ response_action: 'errors', errors: { [blockId]: message } });
}

/** The channel chosen in a picker opened from the App Home. */
function chosenChannel(view: SubmissionArgs['view']): string | undefined {
  const chosen = view.state.values[RUN_PICKER_CHANNEL]?.[RUN_PICKER_CHANNEL]?.selected_conversation;
  return typeof chosen === 'string' && /^[CG][A-Z0-9]{2,}$/.test(chosen) ? chosen : undefined;
}

/** The field a refusal is about: the chosen channel for what depends on it, else the template. */
function fieldOf(answer: RequestAnswer, metadata: PickerMetadata): string {
  if (!metadata.chooseChannel) return RUN_PICKER_INPUT;
  const aboutChannel =
    answer.kind === 'not_allowed' ||
    (answer.kind === 'quota_exceeded' && answer.refusal.quota !== 'starts_per_user');
  return aboutChannel ? RUN_PICKER_CHANNEL : RUN_PICKER_INPUT;
}

/** Why a picked template did not start, in plain sentences for the modal (no mrkdwn there). */
function refusalOf(answer: RequestAnswer, metadata: PickerMetadata): string {
  switch (answer.kind) {
    case 'not_allowed':
      return metadata.chooseChannel
        ? `You may not run ${answer.template.name} in that channel. Pick a channel where it is allowed, or ask an admin for access.`
        : `You may not run ${answer.template.name} here. Ask an admin for access.`;
    case 'quota_exceeded':
      return answer.refusal.quota === 'starts_per_user'
        ? `You have started ${answer.refusal.limit} jobs in the last ${answer.refusal.windowMinutes} minutes, the most the bot takes from one person. Nothing was started; try again in ${answer.refusal.waitMinutes} min.`
        : `That channel already has ${answer.refusal.limit} active jobs, the most the bot follows at a time. Nothing was started; try again when one finishes.`;
    case 'refused':
      return answer.message.slice(0, 300);
    case 'help':
      return 'That template is not in the catalog any more. Close this and try again.';
    default:
      return 'It could not be started. Close this and try /ats run in the channel for the reason.';
  }
}
