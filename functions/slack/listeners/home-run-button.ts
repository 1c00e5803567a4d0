import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { HomePicker } from '../../core/home/home-picker';
import { readHomeMetadata } from '../blocks/app-home';
import { renderRunPicker } from '../blocks/run-picker';

type HomeRunArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * A **Run** button on the App Home: opens the run picker (`views.open` with the click's
 * `trigger_id`, within the 3 s it lasts) with the templates the person may run in at least one
 * channel, the clicked one chosen, and a channel to pick. The submission
 * (`run-picker-submission.ts`) runs it in that channel under the access rule and the quotas.
 * A click whose Home is not one the bot published, or a picker Slack refuses, is logged.
 */
export function homeRunButtonListener(picker: HomePicker) {
  return async ({ ack, body, action, client, logger }: HomeRunArgs): Promise<void> => {
    const homeChannelId = readHomeMetadata(body.view?.private_metadata);
    if (!homeChannelId) {
      await ack();
      logger.warn('Home Run click without the Home it came from: no picker opened');
      return;
    }
    const alias = 'value' in action && typeof action.value === 'string' ? action.value : undefined;
    try {
      const answer = await picker.choicesFor(body.user.id, homeChannelId);
      if (answer.choices.length === 0) {
        // The Home was older than a catalog or access change: it shows no button once reopened.
        logger.info('Home Run click: nothing this person may run any more');
        await ack();
        return;
      }
      await client.views.open({
        trigger_id: body.trigger_id,
        view: renderRunPicker(answer, { chooseChannel: true }, alias),
      });
    } catch (error) {
      logger.warn(
        'Could not open the run picker from the Home',
        error instanceof Error ? error.message : String(error),
      );
    }
    await ack();
  };
}
