import { type AtsJobLinker, NO_ATS_LINKS } from '../../core/ats-links';
import type { RequestAnswer } from '../../core/requests/request-answer';
import type { JobRequests } from '../../core/requests/requests';
import { renderAnswer } from '../blocks/answer';
import { renderPlain } from '../blocks/notice';
import { renderOutcome } from '../blocks/outcome';
import { answerClick, type ButtonArgs } from './click-answer';

/**
 * The **Rerun not passed** listener. Acknowledges, claims the rerun (exactly once however many
 * clicks arrive) and invokes the worker. The clicker who won sees the button replaced by "Rerun
 * started by …" at once (through the click's `response_url`); a later click gets an ephemeral
 * "already rerunning" with the job id; anyone refused learns why.
 */
export function rerunButtonListener(requests: JobRequests, atsLinks: AtsJobLinker = NO_ATS_LINKS) {
  return async ({ ack, body, action, respond, logger }: ButtonArgs): Promise<void> => {
    await ack();
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    let answer: RequestAnswer;
    try {
      answer = await requests.rerunFromButton(value, {
        userId: body.user.id,
        channelId: body.channel?.id ?? body.container?.channel_id ?? '',
        triggerId: body.trigger_id,
        responseUrl: body.response_url,
      });
      logger.info(`rerun button handled: ${answer.kind}`);
    } catch (error) {
      logger.error('rerun button failed', error instanceof Error ? error.message : String(error));
      await answerClick(
        respond,
        renderPlain(
          ':warning: Something went wrong on my side; no rerun was started. Please try again.',
        ),
        logger,
      );
      return;
    }
    if (answer.kind === 'rerun_accepted') {
      if (!answer.duplicate) {
        // Replaces the clicked message: the button gives way to "Rerun started by …".
        const atsUrl = atsLinks(answer.of);
        const outcome = renderOutcome(answer.of, atsUrl ? { atsUrl } : {});
        await respond({ replace_original: true, text: outcome.text, blocks: outcome.blocks }).catch(
          (error: unknown) => logger.warn('Could not replace the rerun button', String(error)),
        );
      }
      return;
    }
    await answerClick(respond, renderAnswer(answer), logger);
  };
}
