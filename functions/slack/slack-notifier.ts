import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { AtsTestCase } from '../core/ats';
import { type AtsJobLinker, NO_ATS_LINKS } from '../core/ats-links';
import type { Job } from '../core/job';
import type { Clock, JobNotice, MessageRef, Notifier } from '../core/ports';
import type { TemplateEntry } from '../core/requests/catalog';
import { findTemplate } from '../core/requests/catalog-lookup';
import type { JobMessageOptions } from './blocks/ats-button';
import { renderCompletionNotice } from './blocks/completion-notice';
import { renderJobCard, type SlackMessage } from './blocks/job-card';
import { outcomeOf } from './blocks/job-labels';
import { escapeMrkdwnKeepingMentions } from './blocks/mrkdwn';
import { renderNotice, renderPlain, renderRequesterOutcome } from './blocks/notice';
import { renderOutcome } from './blocks/outcome';
import { findOwnFile, uploadResultFile } from './files/result-file';
import { PrivateMessages } from './private-messages';
import { SlackChannelError, toChannelError } from './slack-errors';

/** Metadata `event_type` of an outcome message: how a retry recognises one already posted. */
export const OUTCOME_EVENT = 'ats_outcome';
/** Metadata `event_type` of a job card. */
export const CARD_EVENT = 'ats_job_card';

/**
 * Messages read per page, and pages read at most, when looking for a card or an outcome already
 * posted.
 */
const LOOKUP_PAGE = 200;
const LOOKUP_PAGES = 5;

/** Message metadata the bot attaches so that it can recognise its own messages on read. */
interface JobMetadata {
  event_type: string;
  event_payload: { request_id: string };
}

function jobMetadata(eventType: string, job: Job): JobMetadata {
  return { event_type: eventType, event_payload: { request_id: job.requestId } };
}

/** Where the notifier reports what it could not deliver but must not fail for. */
export interface NotifierLog {
  warn(message: string, ...details: unknown[]): void;
}

/** What {@link SlackNotifier} needs besides the Web API client. */
export interface SlackNotifierDeps {
  /** Templates catalog: notification channels and `broadcastFailures` per template. */
  catalog: TemplateEntry[];
  logger?: NotifierLog;
  /** Decides whether a `response_url` is still fresh; wall clock by default. */
  clock?: Clock;
  /** HTTP client for `response_url` posts; the global `fetch` by default. */
  fetch?: typeof fetch;
  /** Where each job's page in ATS is (**Open in ATS**); no links by default. */
  atsLinks?: AtsJobLinker;
}

/**
 * {@link Notifier} over the Slack Web API (`@slack/web-api` only, so the worker bundle carries no
 * Bolt). Messages after the acknowledgement go through the Web API on stored timestamps, never
 * through `response_url`, which lasts 30 minutes and 5 uses; only answers meant for one person
 * use a fresh `response_url`.
 *
 * Methods that post in the job's channel throw {@link SlackChannelError} (a `UserFacingError`,
 * code `BOT_NOT_IN_CHANNEL` or `CHANNEL_NOT_FOUND`) when the bot is not in it, and the Web API
 * error for anything else. Rate limits are waited out by the client (see `web-client.ts`).
 */
export class SlackNotifier implements Notifier {
  private readonly privately: PrivateMessages;
  private readonly atsLinks: AtsJobLinker;

  constructor(
    private readonly client: WebClient,
    private readonly deps: SlackNotifierDeps,
  ) {
    this.privately = new PrivateMessages(client, {
      clock: deps.clock ?? { now: () => Date.now() },
      fetch: deps.fetch ?? globalThis.fetch,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    this.atsLinks = deps.atsLinks ?? NO_ATS_LINKS;
  }

  /**
   * Posts the job card: in the channel, or for a rerun in the first job's thread. The card is the
   * first thing a job posts, so when the bot is not in the channel this is where the person
   * learns it: they are told how to invite the bot (response_url) before the
   * {@link SlackChannelError} is thrown, with `requesterTold` set so the caller does not repeat it.
   *
   * Once per job across crashes, like the outcome: when an earlier claim may have posted the card
   * without the store recording it (`cardAttempts` above 1), the channel since the job was created
   * (for a rerun, the thread) is read first and the bot's card for this request found there is
   * updated with the current rendering and returned instead of posting another. A read that fails
   * (missing `channels:history`, Slack trouble) is logged and the card posted.
   */
  async postCard(job: Job): Promise<MessageRef> {
    const threadTs = job.attempt > 0 ? job.threadTs : undefined;
    const message = renderJobCard(job, this.optionsFor(job));
    const metadata = jobMetadata(CARD_EVENT, job);
    try {
      if ((job.cardAttempts ?? 0) > 1) {
        const earlier = await this.findOwnMessage(job, CARD_EVENT, threadTs);
        if (earlier) {
          await this.update(job.channelId, earlier, message, metadata);
          return { channelId: job.channelId, ts: earlier };
        }
      }
      return await this.post(job.channelId, message, threadTs, false, metadata);
    } catch (error) {
      if (error instanceof SlackChannelError) {
        try {
          await this.tellRequester(job, error.message);
          error.requesterTold = true;
        } catch (tellError) {
          this.deps.logger?.warn('Could not tell the requester the bot is not in the channel', {
            requestId: job.requestId,
            error: describe(tellError),
          });
        }
      }
      throw error;
    }
  }

  /**
   * The bot's card for this request, read from the channel since the job was created (for a
   * rerun, from the thread). A read that fails is logged and reads as no card.
   */
  async findCard(job: Job): Promise<MessageRef | undefined> {
    const threadTs = job.attempt > 0 ? job.threadTs : undefined;
    const ts = await this.findOwnMessage(job, CARD_EVENT, threadTs);
    return ts ? { channelId: job.channelId, ts } : undefined;
  }

  /** Updates the card in place; does nothing for a job whose card was never posted. */
  async updateCard(job: Job): Promise<void> {
    await this.rerender(job, job.cardTs, renderJobCard, CARD_EVENT);
  }

  /**
   * Posts the outcome as a reply in the job's thread (broadcast to the channel when the template
   * says `broadcastFailures` and it did not pass), then the completion notice with a link to it
   * in each notification channel. A notification channel that fails is logged and skipped: the
   * outcome itself was delivered.
   *
   * Exactly once across retries: every outcome carries metadata (`ats_outcome`, the request id).
   * When an earlier attempt may have posted without the store recording it (`outcomeAttempts`
   * above 1), the thread (or the channel since the job was created) is read first and the bot's
   * outcome found there is updated and returned instead of posting again; its completion notices
   * are not repeated. Reading needs `channels:history`/`groups:history`: without them, or when
   * the read fails, it is logged and the outcome posted (at-least-once, never lost).
   */
  async postOutcome(job: Job): Promise<MessageRef> {
    const entry = findTemplate(this.deps.catalog, job);
    const threadTs = job.threadTs ?? job.cardTs;
    const message = renderOutcome(job, this.optionsFor(job));
    const metadata = jobMetadata(OUTCOME_EVENT, job);
    if ((job.outcomeAttempts ?? 0) > 1) {
      const earlier = await this.findOwnMessage(job, OUTCOME_EVENT, threadTs);
      if (earlier) {
        await this.update(job.channelId, earlier, message, metadata);
        return { channelId: job.channelId, ts: earlier };
      }
    }
    const broadcast =
      threadTs !== undefined && entry?.broadcastFailures === true && outcomeOf(job) !== 'passed';
    const ref = await this.post(job.channelId, message, threadTs, broadcast, metadata);
    await this.sendCompletionNotices(job, ref);
    return ref;
  }

  /**
   * The outcome of a job its card tells alone (a quiet pass, a refused start): the notification
   * channels get their completion notice, linking to the card; with `tellRequester`, the person who
   * asked is told privately how it ended (the card's reason, once). Notices are at least once: a
   * retry after a crash between them and the record sends them again.
   */
  async announceOnCard(job: Job, tellRequester: boolean): Promise<void> {
    if (tellRequester) await this.tell(job, renderRequesterOutcome(job));
    if (job.cardTs)
      await this.sendCompletionNotices(job, { channelId: job.channelId, ts: job.cardTs });
  }

  /**
   * Uploads the JUnit XML of the job's test cases into its thread (`files.uploadV2`: the upload
   * URL, the bytes, then the completion that shares it in the thread). When an earlier attempt may
   * have uploaded it without the store recording it (`resultFileAttempts` above 1), the thread is
   * read first and the file found there by its name is returned instead.
   * @throws the Web API error when the upload fails (the lifecycle retries later).
   */
  async attachResultFile(job: Job, testCases: readonly AtsTestCase[]): Promise<string> {
    const threadTs = job.threadTs ?? job.cardTs;
    if (!threadTs) throw new Error(`Job ${job.requestId} has no thread to attach its result to`);
    if ((job.resultFileAttempts ?? 0) > 1) {
      const earlier = await findOwnFile(this.client, job, threadTs, this.deps.logger);
      if (earlier) return earlier;
    }
    return uploadResultFile(this.client, job, testCases, threadTs);
  }

  /** Re-renders the posted outcome (e.g. the rerun button becomes "Rerun started by …"). */
  async updateOutcome(job: Job): Promise<void> {
    await this.rerender(job, job.outcomeTs, renderOutcome, OUTCOME_EVENT);
  }

  /** Renders one of the job's messages at `ts` anew, with its metadata; nothing without `ts`. */
  private async rerender(
    job: Job,
    ts: string | undefined,
    render: (job: Job, options: JobMessageOptions) => SlackMessage,
    event: string,
  ): Promise<void> {
    if (!ts) return;
    await this.update(
      job.channelId,
      ts,
      render(job, this.optionsFor(job)),
      jobMetadata(event, job),
    );
  }

  /** Posts a notice in the job's thread (in the channel when there is no thread yet). */
  async postNotice(job: Job, notice: JobNotice): Promise<void> {
    await this.post(job.channelId, renderNotice(notice), job.threadTs ?? job.cardTs);
  }

  /**
   * Tells the requester something only they see. `text` may carry foreign words (ATS error
   * messages): everything but the bot's own mentions (`<#C…>`, `<@U…>`) is escaped. Tries, in
   * order: the request's `response_url` while fresh (works even where the bot is not a member),
   * `chat.postEphemeral` in the job's channel, then a direct message from the bot.
   *
   * @throws the last Web API error when none of the three worked.
   */
  async tellRequester(job: Job, text: string): Promise<void> {
    await this.tell(job, renderPlain(escapeMrkdwnKeepingMentions(text)));
  }

  /** Sends the requester a message only they see. */
  private async tell(job: Job, message: SlackMessage): Promise<void> {
    await this.privately.send(
      {
        userId: job.requester.userId,
        channelId: job.channelId,
        requestedAt: job.createdAt,
        requestId: job.requestId,
        ...(job.requester.responseUrl ? { responseUrl: job.requester.responseUrl } : {}),
      },
      message,
    );
  }

  /**
   * The ts of the bot's message with this metadata `event_type` for this job: in the thread when
   * there is one, else in the channel since the job was created. Bounded to a few pages; undefined
   * when not found or when reading failed (logged: missing scope, not in channel, Slack trouble).
   */
  private async findOwnMessage(
    job: Job,
    eventType: string,
    threadTs: string | undefined,
  ): Promise<string | undefined> {
    let cursor: string | undefined;
    try {
      for (let pageNo = 0; pageNo < LOOKUP_PAGES; pageNo++) {
        const common = {
          channel: job.channelId,
          include_all_metadata: true,
          limit: LOOKUP_PAGE,
          ...(cursor ? { cursor } : {}),
        };
        const answer = threadTs
          ? await this.client.conversations.replies({ ...common, ts: threadTs })
          : await this.client.conversations.history({
              ...common,
              oldest: (Math.floor(job.createdAt / 1_000) - 1).toString(),
            });
        const found = answer.messages?.find(
          (m) =>
            m.bot_id !== undefined &&
            m.metadata?.event_type === eventType &&
            (m.metadata.event_payload as { request_id?: unknown } | undefined)?.request_id ===
              job.requestId,
        );
        if (found?.ts) return found.ts;
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!answer.has_more || !cursor) return undefined;
      }
      this.deps.logger?.warn('Stopped looking for an earlier message after a few pages', {
        requestId: job.requestId,
        eventType,
      });
      return undefined;
    } catch (error) {
      this.deps.logger?.warn('Could not look for an earlier message; posting anew', {
        requestId: job.requestId,
        eventType,
        error: describe(error),
      });
      return undefined;
    }
  }

  private async post(
    channel: string,
    message: SlackMessage,
    threadTs?: string,
    broadcast = false,
    metadata?: JobMetadata,
  ): Promise<MessageRef> {
    let answer: Awaited<ReturnType<WebClient['chat']['postMessage']>>;
    try {
      const base = {
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(metadata ? { metadata } : {}),
      };
      const args: ChatPostMessageArguments = threadTs
        ? { ...base, thread_ts: threadTs, reply_broadcast: broadcast }
        : base;
      answer = await this.client.chat.postMessage(args);
    } catch (error) {
      throw toChannelError(error, channel);
    }
    if (!answer.ts) throw new Error(`chat.postMessage in ${channel} returned no ts`);
    return { channelId: answer.channel ?? channel, ts: answer.ts };
  }

  private async update(
    channel: string,
    ts: string,
    message: SlackMessage,
    metadata?: JobMetadata,
  ): Promise<void> {
    try {
      await this.client.chat.update({
        channel,
        ts,
        text: message.text,
        blocks: message.blocks,
        ...(metadata ? { metadata } : {}),
      });
    } catch (error) {
      throw toChannelError(error, channel);
    }
  }

  private async permalink(ref: MessageRef): Promise<string | undefined> {
    try {
      const answer = await this.client.chat.getPermalink({
        channel: ref.channelId,
        message_ts: ref.ts,
      });
      return answer.permalink;
    } catch (error) {
      this.deps.logger?.warn('No permalink for the outcome', { ...ref, error: describe(error) });
      return undefined;
    }
  }

  /**
   * Posts the completion notice, linking to `ref` (the outcome, or the card), in each notification
   * channel of the template but the job's own. A channel that fails is logged and skipped: the
   * outcome itself was delivered.
   */
  private async sendCompletionNotices(job: Job, ref: MessageRef): Promise<void> {
    const targets = (findTemplate(this.deps.catalog, job)?.notifyChannels ?? []).filter(
      (c) => c !== job.channelId,
    );
    if (targets.length === 0) return;
    const permalink = await this.permalink(ref);
    const notice = renderCompletionNotice(job, permalink);
    for (const channel of targets) {
      try {
        await this.client.chat.postMessage({ channel, text: notice.text, blocks: notice.blocks });
      } catch (error) {
        this.deps.logger?.warn('Completion notice not delivered', {
          channel,
          requestId: job.requestId,
          error: describe(error),
        });
      }
    }
  }

  private optionsFor(job: Job): JobMessageOptions {
    const atsUrl = this.atsLinks(job);
    return atsUrl ? { atsUrl } : {};
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
