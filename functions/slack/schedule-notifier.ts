import type { WebClient } from '@slack/web-api';
import type { ScheduleNotice, ScheduleNotifier } from '../core/schedules/ports';
import { renderScheduleNotice } from './blocks/schedules';
import { toChannelError } from './slack-errors';

/**
 * {@link ScheduleNotifier} over the Slack Web API: a skipped or refused firing is told in the
 * schedule's channel; a pause by the bot goes to the schedule's owner as a direct message from the bot,
 * which reaches them even when the bot left the channel.
 */
export class SlackScheduleNotifier implements ScheduleNotifier {
  constructor(private readonly client: WebClient) {}

  /** @throws SlackChannelError when the bot cannot post in the channel; other Web API errors. */
  async tell(notice: ScheduleNotice): Promise<void> {
    const message = renderScheduleNotice(notice);
    const channel =
      notice.kind === 'paused_by_bot' ? notice.schedule.ownerId : notice.schedule.channelId;
    try {
      await this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (error) {
      throw toChannelError(error, channel);
    }
  }
}
