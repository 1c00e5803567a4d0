import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ScheduleAnswer, ScheduleChange } from '../../core/schedules/schedule-answer';
import type { ScheduleRequests } from '../../core/schedules/schedule-requests';
import type { SlackMessage } from '../blocks/job-card';
import { renderPlain } from '../blocks/notice';
import { renderScheduleAnswer, SCHEDULE_ACTIONS } from '../blocks/schedules';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

const CHANGE_OF: Record<string, ScheduleChange> = {
  [SCHEDULE_ACTIONS.pause]: 'pause',
  [SCHEDULE_ACTIONS.resume]: 'resume',
  [SCHEDULE_ACTIONS.remove]: 'remove',
};

/** The action ids the listener answers. */
export const SCHEDULE_ACTION_IDS = new RegExp(`^(${Object.values(SCHEDULE_ACTIONS).join('|')})$`);

/**
 * The **Pause**, **Resume** and **Remove** buttons of `/ats schedules`. Acknowledges, changes the
 * schedule (the same rule and hand-off as `/ats unschedule`), and replaces the list the person
 * clicked in by the list as it now stands, led by what changed; a refusal comes as a message of
 * its own, leaving the list in place.
 */
export function scheduleButtonListener(schedules: ScheduleRequests) {
  return async ({ ack, body, action, respond, logger }: ButtonArgs): Promise<void> => {
    await ack();
    const change = CHANGE_OF[action.action_id];
    const scheduleId = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
    let answer: ScheduleAnswer;
    let list: ScheduleAnswer | undefined;
    try {
      if (!change) throw new Error(`unknown schedule action ${action.action_id}`);
      answer = await schedules.change(change, scheduleId, {
        userId: body.user.id,
        channelId,
        triggerId: body.trigger_id,
      });
      if (answer.kind === 'schedule_changed') {
        list = await schedules.list({ channelId: answer.schedule.channelId });
      }
      logger.info(`schedule button handled: ${answer.kind}`);
    } catch (error) {
      logger.error(
        'schedule button failed',
        error instanceof Error ? error.message : String(error),
      );
      await tell(
        respond,
        renderPlain(
          ':warning: Something went wrong on my side; the schedule was not changed. Please try again.',
        ),
        logger,
        false,
      );
      return;
    }
    if (!list) {
      await tell(respond, renderScheduleAnswer(answer), logger, false);
      return;
    }
    const what = renderScheduleAnswer(answer);
    const refreshed = renderScheduleAnswer(list);
    await tell(
      respond,
      { text: what.text, blocks: [...what.blocks, ...refreshed.blocks].slice(0, 50) },
      logger,
      true,
    );
  };
}

async function tell(
  respond: ButtonArgs['respond'],
  message: SlackMessage,
  logger: ButtonArgs['logger'],
  replace: boolean,
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
