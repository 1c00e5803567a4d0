import type { WebClient } from '@slack/web-api';
import type { ChannelDigest } from '../core/digest/channel-digest';
import type { DigestPoster } from '../core/digest/digest-firing';
import type { Schedule } from '../core/schedules/schedule';
import { chartAltText, type DigestChartFile, renderDigest } from './blocks/digest-message';
import { renderDigestChart } from './charts/digest-chart';
import type { RenderedPng } from './charts/png-renderer';
import { slackErrorCode, toChannelError } from './slack-errors';

/** Options of {@link SlackDigestPoster}. */
export interface SlackDigestPosterOptions {
  log: { warn(message: string, extra?: object): void };
  /** Renders the chart's SVG (resvg in WebAssembly by default). */
  renderPng?: (svg: string, scale: number) => Promise<RenderedPng>;
  /** Waits between posts Slack refuses because the new file is not ready yet. */
  sleep?: (ms: number) => Promise<void>;
}

/** Tries of the post while Slack still processes the new chart (it answers `invalid_blocks`). */
const POST_TRIES = 3;
const RETRY_WAIT_MS = 1_500;

/**
 * {@link DigestPoster} over the Slack Web API: renders the chart of daily pass rate per template
 * (SVG, then PNG), uploads it with `files.uploadV2` (not shared to a channel: the message's image
 * block shows it), and posts the digest message with it in the schedule's channel. A chart that
 * cannot be drawn or uploaded leaves the digest without it rather than without a digest.
 */
export class SlackDigestPoster implements DigestPoster {
  constructor(
    private readonly client: WebClient,
    private readonly options: SlackDigestPosterOptions,
  ) {}

  /** @throws SlackChannelError when the bot cannot post in the channel; other Web API errors. */
  async post(schedule: Schedule, digest: ChannelDigest): Promise<{ ts: string }> {
    const chart = await this.uploadChart(schedule, digest);
    for (let attempt = 1; ; attempt++) {
      const message = renderDigest(digest, chart);
      try {
        const posted = await this.client.chat.postMessage({
          channel: schedule.channelId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        return { ts: String(posted.ts) };
      } catch (error) {
        const notReady = chart && slackErrorCode(error) === 'invalid_blocks';
        if (!notReady) throw toChannelError(error, schedule.channelId);
        if (attempt >= POST_TRIES) {
          this.options.log.warn('Digest chart refused by Slack: posted without it', {
            scheduleId: schedule.scheduleId,
            fileId: chart.fileId,
          });
          return this.postWithout(schedule, digest);
        }
        await (this.options.sleep ?? wait)(RETRY_WAIT_MS * attempt);
      }
    }
  }

  private async postWithout(schedule: Schedule, digest: ChannelDigest): Promise<{ ts: string }> {
    const message = renderDigest(digest);
    try {
      const posted = await this.client.chat.postMessage({
        channel: schedule.channelId,
        text: message.text,
        blocks: message.blocks,
      });
      return { ts: String(posted.ts) };
    } catch (error) {
      throw toChannelError(error, schedule.channelId);
    }
  }

  /** The chart as an uploaded PNG, or undefined when there is nothing to draw or it failed. */
  private async uploadChart(
    schedule: Schedule,
    digest: ChannelDigest,
  ): Promise<DigestChartFile | undefined> {
    try {
      const png = await renderDigestChart(digest, this.options.renderPng);
      if (!png) return undefined;
      const altText = chartAltText(digest);
      const result = (await this.client.files.uploadV2({
        file: Buffer.from(png.png),
        filename: `digest-${schedule.channelId}-${digest.chart.days.at(-1)}.png`,
        title: 'Daily pass rate per template',
        alt_text: altText.slice(0, 1_000),
      })) as unknown as { files?: Array<{ files?: Array<{ id?: string }> }> };
      const fileId = result.files?.[0]?.files?.[0]?.id;
      if (!fileId) throw new Error('files.uploadV2 returned no file id');
      return { fileId, altText };
    } catch (error) {
      this.options.log.warn('Digest chart could not be drawn or uploaded: posted without it', {
        scheduleId: schedule.scheduleId,
        error: error instanceof Error ? error.message : String(error),
        slackError: slackErrorCode(error),
      });
      return undefined;
    }
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
