import { AtsSoapClient } from '../../functions/ats/client';
import {
  type AtsSimulator,
  type SimTemplate,
  startAtsSimulator,
} from '../../functions/ats/simulator/simulator';
import { loadLocalConfig } from '../../functions/local/local-config';
import { type RunningLocalMode, startLocalMode } from '../../functions/local/local-mode';
import {
  type SlackApiServer,
  type StoredMessage,
  startSlackApiServer,
} from '../../functions/local/slack-api/slack-api-server';
import { createLogger } from '../../functions/logger';
import { RERUN_ACTION_ID } from '../../functions/slack/blocks/outcome';
import { signedBlockAction, signedSlashCommand } from './slack-requests';
import { waitFor } from './wait-for';

/** A public channel: where the member from outside works. */
export const CHANNEL_A = 'C0PUBLICAA';
/** A private channel (G…): its jobs must stay in it. */
export const CHANNEL_B = 'G0PRIVATEB';
/** Works in B, the private channel. */
export const ALICE = 'U0ALICE00';
/** Works in A, and tries everything on B's jobs. */
export const MALLORY = 'U0MALLORY';

const SIGNING_SECRET = 'two-channel-signing-secret';
const APP = { appId: 'workspace-app', appApiToken: 'workspace-token' };

/**
 * Templates that end in about two seconds, with failed cases (so there is something to rerun),
 * and one that stays queued for a minute (jobs that stay active).
 */
const TEMPLATES: SimTemplate[] = ['tpl-release', 'tpl-open'].map((templateId) => ({
  templateId,
  name: templateId === 'tpl-release' ? 'Release checks' : 'Open suite',
  queuedSeconds: 1,
  runningSeconds: 1,
  testCases: [
    { name: 'Log in', result: 'Passed', durationSeconds: 3 },
    {
      name: 'Pay by card',
      result: 'Failed',
      durationSeconds: 9,
      errorMessage: 'Card form rejected the private test card of channel B',
      onRerun: ['Failed'],
    },
  ],
}));
TEMPLATES.push({
  templateId: 'tpl-slow',
  name: 'Slow suite',
  queuedSeconds: 60,
  runningSeconds: 60,
  testCases: [{ name: 'Wait', result: 'Passed', durationSeconds: 60 }],
});

/**
 * `release` may be run only in B (a restricted template); `open` and `slow` anywhere. Any of them
 * may be started by CI too, outside the bot.
 */
const CATALOG = [
  {
    alias: 'release',
    templateId: 'tpl-release',
    name: 'Release checks',
    allowedChannels: [CHANNEL_B],
  },
  { alias: 'open', templateId: 'tpl-open', name: 'Open suite' },
  { alias: 'slow', templateId: 'tpl-slow', name: 'Slow suite' },
];

/** What the person sees as the immediate (ephemeral) answer: its text and its blocks' text. */
export interface Ack {
  status: number;
  text: string;
}

/**
 * The whole bot in local mode (in this process: the Lambda's ingress handler, the worker, the
 * embedded DynamoDB with its quotas table), an ATS simulator and the local Slack Web API, as a
 * workspace with a public channel A and a private channel B. Requests are signed as Slack signs
 * them and posted over HTTP to `/slack/events`.
 */
export class TwoChannelWorkspace {
  private clicks = 0;

  private constructor(
    readonly local: RunningLocalMode,
    readonly ats: AtsSimulator,
    readonly slack: SlackApiServer,
  ) {}

  /**
   * Starts everything; `env` adds settings (quotas, admins).
   * @throws what local mode throws at start-up.
   */
  static async start(env: Record<string, string> = {}): Promise<TwoChannelWorkspace> {
    const ats = await startAtsSimulator({ ...APP, templates: TEMPLATES });
    const slack = await startSlackApiServer();
    try {
      const local = await startLocalMode(
        loadLocalConfig({
          PORT: '0',
          ATS_BASE_URL: ats.baseUrl,
          ATS_APP_ID: APP.appId,
          ATS_APP_API_TOKEN: APP.appApiToken,
          ATS_TEMPLATES: JSON.stringify(CATALOG),
          SLACK_API_URL: slack.url,
          SLACK_BOT_TOKEN: 'xoxb-two-channel',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          POLL_INTERVAL_SECONDS: '1',
          ...env,
        }),
        { logger: createLogger('two-channel-workspace', 'SILENT') },
      );
      return new TwoChannelWorkspace(local, ats, slack);
    } catch (error) {
      await slack.close();
      await ats.close();
      throw error;
    }
  }

  /** `/ats <text>` typed by `user` in `channel`; `triggerId` repeats a delivery. */
  async command(user: string, channel: string, text: string, triggerId?: string): Promise<Ack> {
    const event = signedSlashCommand(
      {
        text,
        userId: user,
        channelId: channel,
        ...(triggerId ? { triggerId } : {}),
        responseUrl: this.slack.responseUrl(undefined, { channel, userId: user }),
      },
      { signingSecret: SIGNING_SECRET, base64: false },
    );
    const response = await this.post(event.body ?? '', event.headers);
    return { status: response.status, text: ackText(response.body) };
  }

  /**
   * A click on **Rerun not passed** with `value` by `user`, as Slack sends it from a message in
   * `channel`; resolves what the clicker was told (the ephemeral answers of its response_url).
   */
  async click(user: string, channel: string, value: string, messageTs: string): Promise<string[]> {
    this.clicks += 1;
    const responseId = `click-${this.clicks}`;
    const event = signedBlockAction(
      {
        value,
        userId: user,
        channelId: channel,
        messageTs,
        responseUrl: this.slack.responseUrl(responseId, { channel, userId: user, messageTs }),
      },
      { signingSecret: SIGNING_SECRET, base64: false },
    );
    const before = this.slack.messages().length;
    await this.post(event.body ?? '', event.headers);
    // The listener answers through the response_url after the ack: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return this.slack
      .messages()
      .slice(before)
      .filter((m) => m.ephemeralFor === user)
      .map((m) => m.text ?? '');
  }

  /** Messages everyone in `channel` sees (not ephemeral ones), threads included. */
  visibleIn(channel: string): StoredMessage[] {
    return this.slack.messages({ channel }).filter((m) => !m.ephemeralFor);
  }

  /** Starts a job outside the bot, as CI does; resolves its ATS job id. */
  async startByCi(templateId: string): Promise<string> {
    const client = new AtsSoapClient({ baseUrl: this.ats.baseUrl, ...APP });
    return (await client.runJob(templateId)).jobId;
  }

  /** The posted outcome of the job whose card is `cardTs` in `channel` (waits for it). */
  async outcomeOf(channel: string, cardTs: string): Promise<StoredMessage> {
    return waitFor('the outcome in the thread', 30, () =>
      this.slack
        .messages({ channel, thread_ts: cardTs })
        .find((m) => !m.ephemeralFor && rerunButtonValue(m) !== undefined),
    );
  }

  /** The first card in `channel` (waits for it). */
  async firstCard(channel: string): Promise<StoredMessage> {
    return waitFor(`a job card in ${channel}`, 20, () =>
      this.visibleIn(channel).find((m) => !m.thread_ts),
    );
  }

  /** Operations the bot sent to ATS, by name. */
  atsCalls(operation: 'RunJob' | 'RerunNotPassed' | 'GetJobStatus'): number {
    return this.ats.requests.filter((r) => r.operation === operation).length;
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.slack.close();
    await this.ats.close();
  }

  private async post(
    body: string,
    headers: Record<string, string | undefined>,
  ): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.local.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': headers['content-type'] ?? 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': headers['x-slack-request-timestamp'] ?? '',
        'x-slack-signature': headers['x-slack-signature'] ?? '',
      },
      body,
    });
    return { status: response.status, body: await response.text() };
  }
}

/** The value of a message's **Rerun not passed** button, if it has one. */
export function rerunButtonValue(message: StoredMessage): string | undefined {
  for (const block of (message.blocks ?? []) as { type: string; elements?: unknown[] }[]) {
    if (block.type !== 'actions') continue;
    const button = (block.elements ?? []).find(
      (e) => (e as { action_id?: string }).action_id === RERUN_ACTION_ID,
    ) as { value?: string } | undefined;
    if (button?.value) return button.value;
  }
  return undefined;
}

/** The answer's blocks' text, or its text when it has no blocks. */
function ackText(body: string): string {
  if (body === '') return '';
  let answer: { text?: unknown; blocks?: { text?: { text?: unknown } }[] };
  try {
    answer = JSON.parse(body);
  } catch {
    return body;
  }
  const inBlocks = (answer.blocks ?? []).map((b) => b.text?.text).filter((t) => t !== undefined);
  return inBlocks.length > 0 ? inBlocks.map(String).join('\n') : String(answer.text ?? '');
}
