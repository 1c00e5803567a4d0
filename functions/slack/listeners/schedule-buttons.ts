import type { ScheduleAnswer, ScheduleChange } from '../../core/schedules/schedule-answer';
import type { ScheduleRequests } from '../../core/schedules/schedule-requests';
import { renderPlain } from '../blocks/notice';
import { renderScheduleAnswer, SCHEDULE_ACTIONS } from '../blocks/schedules';
import { answerClick, type ButtonArgs } from './click-answer';

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
      await answerClick(
        respond,
        renderPlain(
          ':warning: Something went wrong on my side; the schedule was not changed. Please try again.',
        ),
        logger,
      );
      return;
    }
    if (!list) {
      await answerClick(respond, renderScheduleAnswer(answer), logger);
      return;
    }
    const what = renderScheduleAnswer(answer);
    const refreshed = renderScheduleAnswer(list);
    await answerClick(
      respond,
      { text: what.text, blocks: [...what.blocks, ...refreshed.blocks].slice(0, 50) },
      logger,
      true,
    );
  };
}
