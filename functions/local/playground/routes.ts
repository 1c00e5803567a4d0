import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { TemplateEntry } from '../../core/requests/catalog';
import type { StoredMessage } from '../slack-api/slack-api-server';
import {
  blockActionsBody,
  type SlackRequestOrigin,
  signSlackRequest,
  slashCommandBody,
} from '../slack-request-signing';
import { findButton } from './message-buttons';
import { refuseForeignRequest } from './same-origin';
import { PLAYGROUND_WORKSPACE, type PlaygroundUser } from './workspace';

/** A message as the local Slack Web API stores it (what the playground draws). */
export type PlaygroundMessage = Pick<
  StoredMessage,
  'channel' | 'ts' | 'thread_ts' | 'text' | 'blocks' | 'ephemeralFor' | 'reply_broadcast' | 'edited'
>;

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
}

/** What the playground needs from local mode. */
export interface PlaygroundOptions {
  slack: PlaygroundSlack;
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
const HEARTBEAT_MS = 15_000;
const MAX_JSON_BYTES = 64 * 1024;

const STATIC_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Outcome of a command or click sent to the bot, as the page shows it. */
export interface DeliveryReport {
  ok: boolean;
  /** HTTP status the bot answered with (0 when it did not answer). */
  status: number;
  /** Slack's words for what went wrong, when something did (`dispatch_failed`, …). */
  error?: string;
  elapsedMs: number;
}

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
  private readonly streams = new Set<ServerResponse>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private pushTimer: NodeJS.Timeout | undefined;
  private version = 0;
  /**
   * When the page first saw each message (`channel/ts`): shown as its time, since the local Slack
   * numbers its timestamps from a fixed epoch rather than the clock.
   */
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly options: PlaygroundOptions) {
    this.staticDir = options.staticDir ?? fileURLToPath(new URL('./static/', import.meta.url));
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.unsubscribe = options.slack.onChange(() => this.schedulePush());
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.write(': ping\n\n');
    }, HEARTBEAT_MS);
    // The heartbeat only keeps idle proxies from closing streams; it must not keep the process up.
    this.heartbeat.unref();
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
        this.openStream(request, response);
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
        const input = parseJson(body);
        const report = await this.sendClick(input);
        sendJson(response, report ? 200 : 404, report ?? { ok: false, error: 'no such button' });
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
      version: this.version,
      workspace: PLAYGROUND_WORKSPACE,
      templates: this.options.catalog.map(({ alias, name }) => ({ alias, name })),
      messages,
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
    const report = await this.deliver(slashCommandBody(origin, command, text));
    if (report.ack) await this.showAcknowledgement(report.ack, responseUrl);
    if (report.ok && report.elapsedMs > SLACK_ACK_LIMIT_MS) {
      // Slack shows this instead of the answer when the app is too slow.
      return { ...report.delivery, ok: false, error: 'operation_timeout' };
    }
    return report.delivery;
  }

  /**
   * Sends a click on a button of a posted message, as a signed `block_actions` payload built from
   * the message as stored. Resolves undefined when no such message or button exists.
   */
  async sendClick(input: Record<string, unknown>): Promise<DeliveryReport | undefined> {
    const message = this.options.slack
      .messages()
      .find((m) => m.ts === input.ts && m.channel === PLAYGROUND_WORKSPACE.channel.id);
    if (!message) return undefined;
    const button = findButton(message.blocks, String(input.actionId ?? ''), input.blockId);
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
      origin,
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
    return (await this.deliver(body)).delivery;
  }

  /** Ends every open event stream and stops listening for changes. */
  close(): void {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  private async deliver(
    body: string,
  ): Promise<{ delivery: DeliveryReport; ok: boolean; elapsedMs: number; ack?: string }> {
    const started = Date.now();
    try {
      const answer = await fetch(this.options.eventsUrl(), {
        method: 'POST',
        headers: { ...signSlackRequest(this.options.signingSecret, body) },
        body,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      const text = await answer.text();
      const elapsedMs = Date.now() - started;
      const delivery: DeliveryReport = answer.ok
        ? { ok: true, status: answer.status, elapsedMs }
        : { ok: false, status: answer.status, error: 'dispatch_failed', elapsedMs };
      return { delivery, ok: answer.ok, elapsedMs, ...(answer.ok && text ? { ack: text } : {}) };
    } catch {
      const elapsedMs = Date.now() - started;
      const delivery = { ok: false, status: 0, error: 'operation_timeout', elapsedMs };
      return { delivery, ok: false, elapsedMs };
    }
  }

  /** Slack shows a non-empty acknowledgement of a command as a message; the response_url does that. */
  private async showAcknowledgement(ack: string, responseUrl: string): Promise<void> {
    let message: unknown;
    try {
      message = JSON.parse(ack);
    } catch {
      message = { text: ack };
    }
    if (!message || typeof message !== 'object') return;
    await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    }).catch(() => undefined);
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

  private openStream(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(`event: state\ndata: ${JSON.stringify(this.state())}\n\n`);
    this.streams.add(response);
    request.on('close', () => this.streams.delete(response));
  }

  /** Coalesces bursts of changes (post + update) into one push. */
  private schedulePush(): void {
    this.version += 1;
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      const data = `event: state\ndata: ${JSON.stringify(this.state())}\n\n`;
      for (const stream of this.streams) stream.write(data);
    }, 25);
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
