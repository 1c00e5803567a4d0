import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { RequestAnswer } from '../../core/requests/request-answer';
import type { JobRequests } from '../../core/requests/requests';
import { renderAnswer } from '../blocks/answer';
import { RUN_PICKER_INPUT, readPickerMetadata } from '../blocks/run-picker';
import { PrivateMessages } from '../private-messages';

type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The run picker's submission (`view_submission`): runs the chosen template exactly as
 * `/ats run <alias>` would (same use case: access rule, record, hand-off). When it starts, the
 * modal closes and the person gets the same answer as for the command, privately; when it cannot,
 * the modal stays open with the reason under the template field.
 */
export function runPickerSubmission(requests: JobRequests, command = '/ats') {
  return async ({ ack, body, view, client, logger }: SubmissionArgs): Promise<void> => {
    const metadata = readPickerMetadata(view.private_metadata);
    const alias = view.state.values[RUN_PICKER_INPUT]?.[RUN_PICKER_INPUT]?.selected_option?.value;
    if (!metadata || !alias) {
      await refuse(ack, 'Pick a template to run.');
      return;
    }
    let answer: RequestAnswer;
    try {
      answer = await requests.run(alias, {
        userId: body.user.id,
        channelId: metadata.channelId,
        triggerId: body.trigger_id,
        ...(metadata.responseUrl ? { responseUrl: metadata.responseUrl } : {}),
      });
      logger.info(`run picker handled: ${answer.kind}`);
    } catch (error) {
      logger.error('run picker failed', error instanceof Error ? error.message : String(error));
      await refuse(ack, 'Something went wrong on my side; nothing was started. Please try again.');
      return;
    }
    if (answer.kind !== 'accepted') {
      await refuse(ack, refusalOf(answer));
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
          channelId: metadata.channelId,
          requestedAt: Date.now(),
          requestId: answer.job.requestId,
          ...(metadata.responseUrl ? { responseUrl: metadata.responseUrl } : {}),
        },
        renderAnswer(answer, command),
      )
      .catch((error: unknown) => logger.warn('Could not confirm the run', String(error)));
  };
}

/** Keeps the modal open with `message` under the template field. */
async function refuse(ack: SubmissionArgs['ack'], message: string): Promise<void> {
  await ack({ response_action: 'errors', errors: { [RUN_PICKER_INPUT]: message } });
}

/** Why a picked template did not start, in one plain sentence for the modal. */
function refusalOf(answer: RequestAnswer): string {
  switch (answer.kind) {
    case 'not_allowed':
      return `You may not run ${answer.template.name} here. Ask an admin for access.`;
    case 'refused':
      return answer.message.slice(0, 300);
    default:
      return 'That template is not in the catalog any more. Close this and type /ats again.';
  }
}
