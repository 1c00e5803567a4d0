import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { TemplateEntry } from '../../core/requests/catalog';
import type { OpenView, StoredFile, StoredMessage } from '../slack-api/slack-api-server';
import {
  blockActionsBody,
  type SlackRequestOrigin,
  slashCommandBody,
  viewSubmissionBody,
} from '../slack-request-signing';
import { type HomeTabSlack, PlaygroundHomeTab } from './home-tab';
import { buttonAsDrawn, findButton } from './message-buttons';
import { modalAnswer, submittedValues } from './modal-submission';
import { refuseForeignRequest } from './same-origin';
import {
  type BotEndpoint,
  type DeliveryReport,
  deliverToBot,
  showAcknowledgement,
} from './slack-delivery';
import { StateStream } from './state-stream';
import { PLAYGROUND_WORKSPACE, type PlaygroundUser } from './workspace';

/** A message as the local Slack Web API stores it (what the playground draws). */
export type PlaygroundMessage = Pick<
  StoredMessage,
  'channel' | 'ts' | 'thread_ts' | 'text' | 'blocks' | 'ephemeralFor' | 'reply_broadcast' | 'edited'
> & { files?: StoredFile[] };

/** Where a `response_url` posts: the conversation, who sees ephemerals, the clicked message. */
export interface PlaygroundResponseTarget {
  channel: string;
  userId?: string;
  messageTs?: string;
}

/** The part of the local Slack Web API server the playground reads and writes through. */
export interface PlaygroundSlack {
  messages(): readonly PlaygroundMessage[];
  onChange(listener: () => void): () => void;
  /** A new `response_url` for one command or click. */
  responseUrl(id?: string, target?: PlaygroundResponseTarget): string;
  /** A new `trigger_id` for one action of `userId` (opens one modal within 3 s). */
  triggerFor(userId: string): string;
  /** Modals open now. */
  views(): readonly OpenView[];
  /** Closes a modal (submitted without errors, or cancelled). */
  closeView(id: string): boolean;
  /** Uploaded files (`files.uploadV2`), for image blocks that show one. */
  files?(): ReadonlyArray<{ id: string; mimetype: string; content: Buffer }>;
}

/** What the playground needs from local mode. */
export interface PlaygroundOptions {
  slack: PlaygroundSlack & HomeTabSlack;
  signingSecret: string;
  /** Full URL of this server's `/slack/events`, known once it listens. */
  eventsUrl: () => string;
  catalog: readonly TemplateEntry[];
  /** Directory of index.html, app.js, …; default `./playground/` next to this module. */
  staticDir?: string;
  /** Longest wait for the bot's answer to a command or click, in ms (Slack gives up at 3 s). */
  requestTimeoutMs?: number;
}

/** Slack's own limit for acknowledging a command or click. */
const SLACK_ACK_LIMIT_MS = 3_000;
const MAX_JSON_BYTES = 64 * 1024;

const STATIC_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

export type { DeliveryReport } from './slack-delivery';

/**
 * The browser playground: a Slack-like channel page (static files, no build step) and the
 * endpoints behind it. Commands and clicks typed in the page are turned into the exact form bodies
 * Slack sends, signed with the signing secret here on the server (the browser never holds it), and
 * posted to this server's own `/slack/events`; what the bot posts through the local Slack Web API
 * is pushed to the page live (server-sent events, with `/playground/state` for polling).
 */
export class Playground {
  private readonly staticDir: string;
  private readonly requestTimeoutMs: number;
  private readonly stream: StateStream;
  private readonly delivery: BotEndpoint;
  private readonly homeTab: PlaygroundHomeTab;
  private readonly users = (id: unknown) => this.userOf(id);
  private readonly unsubscribe: () => void;
  /**
   * When the page first saw each message (`channel/ts`): shown as its time, since the local Slack
   * numbers its timestamps from a fixed epoch rather than the clock.
   */
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly options: PlaygroundOptions) {
    this.staticDir = options.staticDir ?? fileURLToPath(new URL('./static/', import.meta.url));
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.delivery = {
      eventsUrl: options.eventsUrl,
      signingSecret: options.signingSecret,
      timeoutMs: this.requestTimeoutMs,
    };
    this.homeTab = new PlaygroundHomeTab(options.slack, this.delivery);
    this.stream = new StateStream(() => this.state());
    this.unsubscribe = options.slack.onChange(() => this.stream.changed());
  }

  /**
   * Serves the request if it is one of the playground's (`/`, `/playground/…`); resolves false
   * otherwise so the caller can answer 404. Never rejects: failures become 4xx/5xx answers.
   */
  async handle(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<boolean> {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    try {
      if (method === 'GET' && (pathname === '/' || pathname === '/index.html')) {
        await this.sendStatic(response, 'index.html');
        return true;
      }
      if (method === 'GET' && pathname === '/playground/state') {
        sendJson(response, 200, this.state());
        return true;
      }
      if (method === 'GET' && pathname === '/playground/events') {
        this.stream.open(request, response);
        return true;
      }
      if (method === 'POST' && pathname.startsWith('/playground/')) {
        const refusal = refuseForeignRequest(request, new URL(this.options.eventsUrl()));
        if (refusal) {
          sendJson(response, refusal === 'not_json' ? 415 : 403, {
            ok: false,
            error: `Refused: only the playground page itself may send this (${refusal})`,
          });
          return true;
        }
      }
      if (method === 'POST' && pathname === '/playground/command') {
        const input = parseJson(body);
        sendJson(response, 200, await this.sendCommand(String(input.text ?? ''), input.userId));
        return true;
      }
      if (method === 'POST' && pathname === '/playground/action') {
        sendReport(response, await this.sendClick(parseJson(body)), 'no such message');
        return true;
      }
      const home = method === 'POST' && (await this.homeTab.route(pathname, body, this.users));
      if (home) {
        sendJson(response, home.status, home.body);
        return true;
      }
      if (method === 'POST' && pathname === '/playground/view') {
        sendReport(response, await this.submitView(parseJson(body)), 'no such view');
        return true;
      }
      if (method === 'POST' && pathname === '/playground/view-close') {
        const input = parseJson(body);
        const closed = this.closeOwnView(input);
        sendJson(response, closed ? 200 : 404, { ok: closed });
        return true;
      }
      const upload = /^\/playground\/files\/([A-Z0-9]{1,40})$/.exec(pathname)?.[1];
      if (method === 'GET' && upload) {
        // An image block's slack_file, as Slack's client would show it to channel members.
        const found = this.options.slack.files?.().find((f) => f.id === upload);
        if (!found) sendJson(response, 404, { ok: false, error: 'file_not_found' });
        else {
          response.writeHead(200, { 'content-type': found.mimetype, 'cache-control': 'no-cache' });
          response.end(found.content);
        }
        return true;
      }
      const file = /^\/playground\/([a-z][a-z0-9-]*\.(?:js|css|html))$/.exec(pathname)?.[1];
      if (method === 'GET' && file) {
        await this.sendStatic(response, file);
        return true;
      }
      return false;
    } catch (error) {
      const status = error instanceof BadRequest ? 400 : 500;
      sendJson(response, status, { ok: false, error: (error as Error).message });
      return true;
    }
  }

  /** What the page draws: the workspace, the templates and every message of the channel. */
  state() {
    const { channel } = PLAYGROUND_WORKSPACE;
    const messages = this.options.slack
      .messages()
      .filter((m) => m.channel === channel.id)
      .slice()
      .sort((a, b) => Number(a.ts) - Number(b.ts))
      .map((m) => ({ ...m, seenAt: this.firstSeen(m) }));
    return {
      version: this.stream.version,
      workspace: PLAYGROUND_WORKSPACE,
      templates: this.options.catalog.map(({ alias, name }) => ({ alias, name })),
      messages,
      // Each person sees only their own modals; the page picks the current person's.
      views: this.options.slack.views().map(({ id, userId, view }) => ({ id, userId, view })),
      homes: this.options.slack.homes().map(({ userId, view }) => ({ userId, view })),
    };
  }

  /**
   * Sends `/ats <text>` as `user` (default the first playground user) the way Slack does, and shows
   * the bot's immediate answer (the acknowledgement body) to that user only, as Slack does.
   * @throws BadRequest when the text names another slash command.
   */
  async sendCommand(typed: string, userId?: unknown): Promise<DeliveryReport> {
    const user = this.userOf(userId);
    const match = /^\s*(\/\S+)\s*([\s\S]*)$/.exec(typed);
    const command = match?.[1] ?? PLAYGROUND_WORKSPACE.command;
    const text = (match ? match[2] : typed)?.trim() ?? '';
    if (command !== PLAYGROUND_WORKSPACE.command) {
      throw new BadRequest(`${command} is not a valid command. In this playground, try /ats help`);
    }
    const responseUrl = this.options.slack.responseUrl(undefined, {
      channel: PLAYGROUND_WORKSPACE.channel.id,
      userId: user.id,
    });
    const origin = this.origin(user, responseUrl);
    const report = await deliverToBot(
      this.delivery,
      slashCommandBody(
        { ...origin, triggerId: this.options.slack.triggerFor(user.id) },
        command,
        text,
      ),
    );
    if (report.ack) await showAcknowledgement(this.delivery, report.ack, responseUrl);
    if (report.ok && report.elapsedMs > SLACK_ACK_LIMIT_MS) {
      // Slack shows this instead of the answer when the app is too slow.
      return { ...report.delivery, ok: false, error: 'operation_timeout' };
    }
    return report.delivery;
  }

  /**
   * Sends a click on a button of a posted message, as a signed `block_actions` payload built from
   * the message as stored. Like Slack, the click carries the button as the page drew it: a button
   * the message no longer has (replaced meanwhile, the page not yet redrawn) still reaches the bot,
   * which decides what a stale click means. Resolves undefined only when the message does not
   * exist or the page names no button at all.
   */
  async sendClick(input: Record<string, unknown>): Promise<DeliveryReport | undefined> {
    const message = this.options.slack
      .messages()
      .find((m) => m.ts === input.ts && m.channel === PLAYGROUND_WORKSPACE.channel.id);
    if (!message) return undefined;
    const button =
      findButton(message.blocks, String(input.actionId ?? ''), input.blockId) ??
      buttonAsDrawn(input);
    if (!button) return undefined;
    const user = this.userOf(input.userId);
    const responseUrl = this.options.slack.responseUrl(undefined, {
      channel: PLAYGROUND_WORKSPACE.channel.id,
      userId: user.id,
      messageTs: message.ts,
    });
    const origin = this.origin(user, responseUrl);
    const { bot } = PLAYGROUND_WORKSPACE;
    const body = blockActionsBody(
      { ...origin, triggerId: this.options.slack.triggerFor(user.id) },
      {
        ts: message.ts,
        text: message.text,
        blocks: message.blocks,
        thread_ts: message.thread_ts,
        botId: bot.botId,
        botUserId: bot.userId,
      },
      button,
    );
    // Slack ignores what an app answers to a click; only the status counts.
    return (await deliverToBot(this.delivery, body)).delivery;
  }

  /**
   * Submits a modal the current person has open, as Slack does: a signed `view_submission` with
   * the view and the values chosen on the page (`state.values`), posted to `/slack/events`. The
   * bot's answer decides what happens, as in Slack: an empty answer (or `clear`) closes the
   * modal; `response_action: errors` keeps it open and the page shows the errors by their field.
   * Resolves undefined when the person has no such view open.
   * @throws BadRequest when the values are not shaped like Slack's `state.values`.
   */
  async submitView(
    input: Record<string, unknown>,
  ): Promise<(DeliveryReport & { errors?: Record<string, string> }) | undefined> {
    const user = this.userOf(input.userId);
    const open = this.options.slack.views().find((v) => v.id === input.viewId);
    if (!open || open.userId !== user.id) return undefined;
    const values = submittedValues(input.values);
    if (!values) throw new BadRequest('values must be state.values: block id → action id → value');
    const origin = this.origin(user, '');
    const body = viewSubmissionBody(
      { ...origin, triggerId: this.options.slack.triggerFor(user.id) },
      open.view,
      values,
    );
    const report = await deliverToBot(this.delivery, body);
    if (!report.ok) return report.delivery;
    const answer = modalAnswer(report.ack);
    if (answer.close) this.options.slack.closeView(open.id);
    return { ...report.delivery, ...(answer.errors ? { errors: answer.errors } : {}) };
  }

  /** Cancel: closes the person's modal without telling the bot (no `notify_on_close`). */
  private closeOwnView(input: Record<string, unknown>): boolean {
    const user = this.userOf(input.userId);
    const open = this.options.slack.views().find((v) => v.id === input.viewId);
    return open?.userId === user.id ? this.options.slack.closeView(open.id) : false;
  }

  /** Ends every open event stream and stops listening for changes. */
  close(): void {
    this.unsubscribe();
    this.stream.close();
  }

  private firstSeen(message: PlaygroundMessage): number {
    const key = `${message.channel}/${message.ts}`;
    let at = this.seenAt.get(key);
    if (at === undefined) {
      at = Date.now();
      this.seenAt.set(key, at);
    }
    return at;
  }

  private origin(user: PlaygroundUser, responseUrl: string): SlackRequestOrigin {
    const { team, appId, channel } = PLAYGROUND_WORKSPACE;
    return {
      teamId: team.id,
      teamDomain: team.domain,
      appId,
      channelId: channel.id,
      channelName: channel.name,
      userId: user.id,
      userName: user.name,
      responseUrl,
    };
  }

  private userOf(userId: unknown): PlaygroundUser {
    const { users } = PLAYGROUND_WORKSPACE;
    return users.find((u) => u.id === userId) ?? (users[0] as PlaygroundUser);
  }

  private async sendStatic(response: ServerResponse, file: string): Promise<void> {
    const extension = file.slice(file.lastIndexOf('.') + 1);
    const content = await readFile(`${this.staticDir}/${file}`).catch(() => undefined);
    if (!content) {
      sendJson(response, 404, { ok: false, error: `no ${file}` });
      return;
    }
    response.writeHead(200, {
      'content-type': STATIC_TYPES[extension] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    response.end(content);
  }
}

/** A request the playground cannot make sense of. */
class BadRequest extends Error {
  readonly code = 'PLAYGROUND_BAD_REQUEST';
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length > MAX_JSON_BYTES) throw new BadRequest('request too large');
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new BadRequest('expected a JSON object');
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value));
}

/** Answers with what a delivery reported, or 404 saying `missing` when there was nothing to act on. */
function sendReport(response: ServerResponse, report: object | undefined, missing: string): void {
  sendJson(response, report ? 200 : 404, report ?? { ok: false, error: missing });
}
