import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Slack Web API, for tests, local mode's playground and the reliability
 * suite. It speaks the same HTTP as Slack for the methods the bot uses, keeps the messages as
 * Slack would show them (updates applied, threads, ephemerals), records every call, and checks
 * what Slack checks: the bot token, channel membership, and Block Kit limits.
 */

/** A fault the server answers with instead of handling a call. */
export type SlackFault =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'server_error'; status: number };

/** One Web API call as received, and how it was answered. */
export interface SlackApiCall {
  method: string;
  args: Record<string, unknown>;
  /** Epoch ms when it arrived. */
  at: number;
  ok: boolean;
  /** Slack error code when not ok (`not_in_channel`, `ratelimited`, …). */
  error?: string;
}

/** A message as it stands now (updates applied). */
export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  /** Set for ephemeral messages: the only user who sees it. */
  ephemeralFor?: string;
  reply_broadcast?: boolean;
  /** How many times `chat.update` (or a `replace_original` response) changed it. */
  edited?: number;
  /** Where it came from: the Web API or a `response_url`. */
  via?: 'web_api' | 'response_url';
  /** App metadata given to `chat.postMessage` / `chat.update` (`event_type`, `event_payload`). */
  metadata?: MessageMetadata;
}

/** Slack message metadata, as an app attaches it and reads it back. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** Options of {@link startSlackApiServer}. */
export interface SlackApiServerOptions {
  /** Port to listen on; 0 (any free port) by default. */
  port?: number;
  /** Host to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Channels the bot is not a member of: posting there answers `not_in_channel`. */
  notInChannel?: string[];
  /** Members of user groups for `usergroups.users.list`. */
  userGroups?: Record<string, string[]>;
  /** Decides, per call, to answer with a fault instead (`seq` counts Web API calls from 1). */
  faultInjector?: (call: { method: string; seq: number }) => SlackFault | undefined;
  /** Clock for `response_url` expiry (30 minutes, like Slack); wall clock by default. */
  now?: () => number;
  /**
   * Bot scopes granted besides `chat:write`, `commands` and `usergroups:read`; reading
   * (`conversations.replies`/`conversations.history`) answers `missing_scope` without
   * `channels:history` (public `C…` channels) or `groups:history` (private `G…` channels).
   * Both by default.
   */
  historyScopes?: Array<'channels:history' | 'groups:history'>;
}

/** Where a `response_url` posts its messages, like the conversation a command was typed in. */
export interface ResponseUrlTarget {
  channel: string;
  /** Who sees ephemeral responses. */
  userId?: string;
  /** The message a block action came from, for `replace_original` / `delete_original`. */
  messageTs?: string;
}

/** A running local Slack Web API. */
export interface SlackApiServer {
  /** Web API base for `WebClient`'s `slackApiUrl`, e.g. `http://127.0.0.1:PORT/api/`. */
  url: string;
  /** Every Web API call, in order. */
  calls: SlackApiCall[];
  /**
   * Messages as they stand, in posting order. `channel` filters by channel; `thread_ts` keeps the
   * replies of that thread (not its parent).
   */
  messages(filter?: { channel?: string; thread_ts?: string }): StoredMessage[];
  /**
   * A `response_url` on this server. It accepts 5 posts within 30 minutes, then answers 404 like
   * Slack. Posts land in `messages()`: ephemeral by default, in the channel for
   * `response_type: in_channel`, replacing or deleting `target.messageTs` when asked.
   */
  responseUrl(id?: string, target?: ResponseUrlTarget): string;
  /** Calls the listener after every change of messages or calls; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Bot identity reported by `auth.test`. */
export const LOCAL_BOT = { userId: 'U0LOCALBOT', botId: 'B0LOCALBOT', teamId: 'T0LOCAL' } as const;

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** Largest request body accepted (Slack's own limit is of the same order). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Page size of `conversations.replies`/`history` when `limit` is not given, and its maximum. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1_000;

interface ResponseUrlState {
  target: ResponseUrlTarget | undefined;
  uses: number;
  createdAt: number;
}

class SlackApiError extends Error {
  constructor(
    readonly code: string,
    /** Extra fields of the error answer (`needed` for `missing_scope`). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(code);
  }
}

/**
 * Starts the local Slack Web API on 127.0.0.1 (a free port unless given). Methods:
 * `chat.postMessage`, `chat.update`, `chat.postEphemeral`, `chat.getPermalink`,
 * `conversations.replies`, `conversations.history`, `usergroups.users.list`, `auth.test`;
 * anything else answers `unknown_method`. Close it in
 * `afterAll`.
 *
 * @throws when the port cannot be bound.
 */
export async function startSlackApiServer(
  options: SlackApiServerOptions = {},
): Promise<SlackApiServer> {
  const now = options.now ?? (() => Date.now());
  const notInChannel = new Set(options.notInChannel ?? []);
  const userGroups = options.userGroups ?? {};
  const historyScopes = new Set(options.historyScopes ?? ['channels:history', 'groups:history']);
  const calls: SlackApiCall[] = [];
  const messages: StoredMessage[] = [];
  const responseUrls = new Map<string, ResponseUrlState>();
  const listeners = new Set<() => void>();
  let seq = 0;
  let tsMicros = 0;
  let responseUrlCounter = 0;
  let baseUrl = '';

  const changed = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A failing listener must not break the API the bot talks to.
      }
    }
  };

  // Like Slack's: epoch seconds with microseconds (so `oldest`/`latest` compare with the clock),
  // strictly increasing even for posts in the same microsecond.
  const nextTs = () => {
    tsMicros = Math.max(Math.floor(now() * 1_000), tsMicros + 100);
    return `${Math.floor(tsMicros / 1_000_000)}.${String(tsMicros % 1_000_000).padStart(6, '0')}`;
  };

  const findMessage = (channel: string, ts: string) =>
    messages.find((m) => m.channel === channel && m.ts === ts && m.ephemeralFor === undefined);

  const requireConversation = (channel: unknown, allowUser: boolean): string => {
    if (typeof channel !== 'string' || channel.length === 0)
      throw new SlackApiError('channel_not_found');
    if (allowUser && USER_ID.test(channel)) return channel;
    if (!CHANNEL_ID.test(channel)) throw new SlackApiError('channel_not_found');
    if (notInChannel.has(channel)) throw new SlackApiError('not_in_channel');
    return channel;
  };

  /** The conversation to read, if the token has the history scope for its kind. */
  const readableConversation = (channel: unknown): string => {
    const id = requireConversation(channel, false);
    const needed = id.startsWith('G') ? 'groups:history' : 'channels:history';
    if (!historyScopes.has(needed)) throw new SlackApiError('missing_scope', { needed });
    return id;
  };

  const methods: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({
      url: `${baseUrl}/`,
      team: 'Local',
      user: 'ats',
      team_id: LOCAL_BOT.teamId,
      user_id: LOCAL_BOT.userId,
      bot_id: LOCAL_BOT.botId,
    }),
    'chat.postMessage': (args) => {
      const channel = requireConversation(args.channel, true);
      const content = messageContent(args);
      const threadTs = optionalString(args.thread_ts);
      const metadata = messageMetadata(args.metadata);
      const message: StoredMessage = {
        channel,
        ts: nextTs(),
        ...content,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(threadTs && args.reply_broadcast === true ? { reply_broadcast: true } : {}),
        ...(metadata ? { metadata } : {}),
        via: 'web_api',
      };
      messages.push(message);
      return {
        channel,
        ts: message.ts,
        message: { ...content, ts: message.ts, bot_id: LOCAL_BOT.botId },
      };
    },
    'chat.update': (args) => {
      const channel = requireConversation(args.channel, true);
      const ts = optionalString(args.ts);
      const message = ts ? findMessage(channel, ts) : undefined;
      if (!message) throw new SlackApiError('message_not_found');
      const content = messageContent(args);
      const metadata = messageMetadata(args.metadata);
      message.text = content.text;
      message.blocks = content.blocks;
      // Like Slack: metadata given replaces the message's, none given keeps it.
      if (metadata) message.metadata = metadata;
      message.edited = (message.edited ?? 0) + 1;
      return { channel, ts: message.ts, text: content.text ?? '' };
    },
    'chat.postEphemeral': (args) => {
      const channel = requireConversation(args.channel, false);
      const user = optionalString(args.user);
      if (!user || !USER_ID.test(user)) throw new SlackApiError('user_not_found');
      const content = messageContent(args);
      const threadTs = optionalString(args.thread_ts);
      const message: StoredMessage = {
        channel,
        ts: nextTs(),
        ...content,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ephemeralFor: user,
        via: 'web_api',
      };
      messages.push(message);
      return { message_ts: message.ts };
    },
    'chat.getPermalink': (args) => {
      const channel = requireConversation(args.channel, true);
      const ts = optionalString(args.message_ts);
      const message = ts ? findMessage(channel, ts) : undefined;
      if (!message) throw new SlackApiError('message_not_found');
      const thread = message.thread_ts ? `?thread_ts=${message.thread_ts}&cid=${channel}` : '';
      return {
        channel,
        permalink: `${baseUrl}/archives/${channel}/p${message.ts.replace('.', '')}${thread}`,
      };
    },
    'conversations.replies': (args) => {
      const channel = readableConversation(args.channel);
      const ts = optionalString(args.ts);
      const parent = ts ? findMessage(channel, ts) : undefined;
      if (!parent || !ts) throw new SlackApiError('thread_not_found');
      // A reply's ts gives its whole thread, like Slack.
      const root = parent.thread_ts ?? ts;
      const thread = messages.filter(
        (m) =>
          m.channel === channel &&
          m.ephemeralFor === undefined &&
          (m.ts === root || m.thread_ts === root),
      );
      return page(thread, args, root);
    },
    'conversations.history': (args) => {
      const channel = readableConversation(args.channel);
      // Newest first; thread replies only when broadcast to the channel.
      const inChannel = messages
        .filter(
          (m) =>
            m.channel === channel &&
            m.ephemeralFor === undefined &&
            (m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast === true),
        )
        .reverse();
      return page(inChannel, args);
    },
    'usergroups.users.list': (args) => {
      const group = optionalString(args.usergroup);
      const members = group ? userGroups[group] : undefined;
      if (!members) throw new SlackApiError('no_such_subteam');
      return { users: [...members] };
    },
  };

  /** A message as the read methods return it. */
  const asRead = (m: StoredMessage, includeMetadata: boolean, root?: string) => {
    const replies = messages.filter(
      (r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts,
    );
    return {
      type: 'message',
      ts: m.ts,
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.via === 'web_api' ? { user: LOCAL_BOT.userId, bot_id: LOCAL_BOT.botId } : {}),
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(m.thread_ts === undefined && replies.length > 0
        ? { thread_ts: m.ts, reply_count: replies.length }
        : {}),
      ...(root !== undefined && m.ts !== root ? { parent_user_id: LOCAL_BOT.userId } : {}),
      ...(m.reply_broadcast ? { subtype: 'thread_broadcast' } : {}),
      ...(m.edited ? { edited: { user: LOCAL_BOT.userId, ts: m.ts } } : {}),
      ...(includeMetadata && m.metadata ? { metadata: m.metadata } : {}),
    };
  };

  /**
   * One page of `conversations.replies`/`history`: `oldest`/`latest` bound the ts (exclusive
   * unless `inclusive`), `limit` and the opaque `cursor` page through, `has_more` and
   * `response_metadata.next_cursor` tell whether more follows, metadata only with
   * `include_all_metadata`.
   */
  const page = (list: StoredMessage[], args: Record<string, unknown>, root?: string) => {
    const inclusive = args.inclusive === true || args.inclusive === 'true';
    const oldest = tsNumber(args.oldest);
    const latest = tsNumber(args.latest);
    const inRange = list.filter((m) => {
      const ts = Number(m.ts);
      const afterOldest = oldest === undefined || (inclusive ? ts >= oldest : ts > oldest);
      const beforeLatest = latest === undefined || (inclusive ? ts <= latest : ts < latest);
      return afterOldest && beforeLatest;
    });
    const limit = Math.min(Math.max(positiveInt(args.limit) ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const cursor = optionalString(args.cursor);
    const start = cursor ? decodeCursor(cursor) : 0;
    const slice = inRange.slice(start, start + limit);
    const more = start + limit < inRange.length;
    const includeMetadata =
      args.include_all_metadata === true || args.include_all_metadata === 'true';
    return {
      messages: slice.map((m) => asRead(m, includeMetadata, root)),
      has_more: more,
      ...(root === undefined ? { pin_count: 0 } : {}),
      response_metadata: { next_cursor: more ? encodeCursor(start + limit) : '' },
    };
  };

  const handleApi = async (method: string, req: IncomingMessage, res: ServerResponse) => {
    seq += 1;
    const at = now();
    let args: Record<string, unknown> = {};
    try {
      args = parseBody(await readBody(req), req.headers['content-type']);
    } catch {
      return answerCall(res, calls, { method, args, at }, 200, {
        ok: false,
        error: 'invalid_form_data',
      });
    }
    const fault = options.faultInjector?.({ method, seq });
    if (fault?.kind === 'rate_limited') {
      res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      return answerCall(res, calls, { method, args, at }, 429, { ok: false, error: 'ratelimited' });
    }
    if (fault?.kind === 'server_error') {
      return answerCall(res, calls, { method, args, at }, fault.status, {
        ok: false,
        error: 'fatal_error',
      });
    }
    const token = bearerToken(req) ?? optionalString(args.token);
    if (!token)
      return answerCall(res, calls, { method, args, at }, 200, { ok: false, error: 'not_authed' });
    if (!token.startsWith('xoxb-')) {
      return answerCall(res, calls, { method, args, at }, 200, {
        ok: false,
        error: 'invalid_auth',
      });
    }
    const handler = methods[method];
    if (!handler)
      return answerCall(res, calls, { method, args, at }, 200, {
        ok: false,
        error: 'unknown_method',
      });
    try {
      const result = handler(args);
      return answerCall(res, calls, { method, args, at }, 200, { ok: true, ...result });
    } catch (error) {
      const code = error instanceof SlackApiError ? error.code : 'internal_error';
      const detail =
        error instanceof BlocksError
          ? { response_metadata: { messages: [error.message] } }
          : error instanceof SlackApiError
            ? (error.extra ?? {})
            : {};
      return answerCall(res, calls, { method, args, at }, 200, {
        ok: false,
        error: code,
        ...detail,
      });
    }
  };

  const handleResponseUrl = async (id: string, req: IncomingMessage, res: ServerResponse) => {
    const state = responseUrls.get(id);
    let payload: Record<string, unknown>;
    try {
      payload = parseBody(await readBody(req), req.headers['content-type']);
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    if (
      !state ||
      state.uses >= RESPONSE_URL_USES ||
      now() - state.createdAt > RESPONSE_URL_LIFETIME_MS
    ) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(state ? 'used_url' : 'no_such_url');
      return;
    }
    let content: ReturnType<typeof messageContent>;
    try {
      content = messageContent(payload);
    } catch (error) {
      return sendJson(res, 400, {
        ok: false,
        error: error instanceof SlackApiError ? error.code : 'invalid_payload',
      });
    }
    state.uses += 1;
    const target = state.target;
    const channel = target?.channel ?? `response:${id}`;
    const original = target?.messageTs ? findMessage(channel, target.messageTs) : undefined;
    if (payload.delete_original === true && original) {
      messages.splice(messages.indexOf(original), 1);
    } else if (payload.replace_original === true && original) {
      original.text = content.text;
      original.blocks = content.blocks;
      original.edited = (original.edited ?? 0) + 1;
    } else {
      const threadTs = optionalString(payload.thread_ts);
      messages.push({
        channel,
        ts: nextTs(),
        ...content,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(payload.response_type === 'in_channel'
          ? {}
          : { ephemeralFor: target?.userId ?? 'unknown' }),
        via: 'response_url',
      });
    }
    changed();
    sendJson(res, 200, { ok: true });
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    const response = /^\/response\/([A-Za-z0-9_-]+)$/.exec(path);
    const work =
      req.method !== 'POST'
        ? Promise.resolve(sendJson(res, 405, { ok: false, error: 'method_not_allowed' }))
        : api?.[1]
          ? handleApi(api[1], req, res).then(changed)
          : response?.[1]
            ? handleResponseUrl(response[1], req, res)
            : Promise.resolve(sendJson(res, 404, { ok: false, error: 'unknown_method' }));
    work.catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  return {
    url: `${baseUrl}/api/`,
    calls,
    messages(filter) {
      return messages
        .filter((m) => filter?.channel === undefined || m.channel === filter.channel)
        .filter(
          (m) =>
            filter?.thread_ts === undefined ||
            (m.thread_ts === filter.thread_ts && m.ts !== filter.thread_ts),
        )
        .map((m) => ({ ...m }));
    },
    responseUrl(id, target) {
      responseUrlCounter += 1;
      const key = id ?? `r${responseUrlCounter}`;
      if (!/^[A-Za-z0-9_-]+$/.test(key))
        throw new Error(`response_url id must be URL-safe: ${key}`);
      responseUrls.set(key, { target, uses: 0, createdAt: now() });
      return `${baseUrl}/response/${key}`;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
}

function answerCall(
  res: ServerResponse,
  calls: SlackApiCall[],
  call: { method: string; args: Record<string, unknown>; at: number },
  status: number,
  body: Record<string, unknown>,
): void {
  const ok = body.ok === true;
  calls.push({
    ...call,
    args: redactToken(call.args),
    ok,
    ...(ok ? {} : { error: String(body.error) }),
  });
  sendJson(res, status, body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Form fields that carry JSON (the Web API client stringifies nested values in forms). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);

/**
 * Parses JSON or form-encoded bodies as Slack does: in forms, nested values arrive as JSON
 * strings and booleans as `true`/`false`.
 */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.length === 0) return {};
  if ((contentType ?? '').includes('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  }
  const form = new URLSearchParams(raw);
  const args: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (key === 'payload') {
      Object.assign(args, JSON.parse(value));
    } else if (JSON_FIELDS.has(key)) {
      args[key] = JSON.parse(value);
    } else if (value === 'true' || value === 'false') {
      args[key] = value === 'true';
    } else {
      args[key] = value;
    }
  }
  return args;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Message metadata as Slack accepts it: an `event_type` and an object `event_payload`.
 * @throws SlackApiError `invalid_metadata_format` for anything else.
 */
function messageMetadata(value: unknown): MessageMetadata | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed: unknown = typeof value === 'string' ? safeJson(value) : value;
  const m = parsed as { event_type?: unknown; event_payload?: unknown } | undefined;
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.event_type !== 'string' ||
    m.event_type.length === 0 ||
    typeof m.event_payload !== 'object' ||
    m.event_payload === null ||
    Array.isArray(m.event_payload)
  ) {
    throw new SlackApiError('invalid_metadata_format');
  }
  return {
    event_type: m.event_type,
    event_payload: { ...(m.event_payload as Record<string, unknown>) },
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function tsNumber(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Slack's cursors are opaque base64; this one carries an offset. */
function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

/** @throws SlackApiError `invalid_cursor` for a cursor this server did not give. */
function decodeCursor(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match?.[1]) throw new SlackApiError('invalid_cursor');
  return Number(match[1]);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function redactToken(args: Record<string, unknown>): Record<string, unknown> {
  if (!('token' in args)) return args;
  const { token: _token, ...rest } = args;
  return rest;
}

/** A Block Kit payload Slack would refuse; the message explains which limit. */
class BlocksError extends SlackApiError {
  constructor(readonly detail: string) {
    super('invalid_blocks');
    this.message = detail;
  }
}

/** Slack's message limits, checked as Slack checks them. */
const LIMITS = {
  blocks: 50,
  text: 40_000,
  sectionText: 3_000,
  fields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
};

/**
 * The text and blocks of a message, validated against Slack's limits.
 * @throws SlackApiError `no_text` when both are missing, `msg_too_long`, or `invalid_blocks`.
 */
function messageContent(args: Record<string, unknown>): { text?: string; blocks?: unknown[] } {
  const text = typeof args.text === 'string' ? args.text : undefined;
  const blocks = Array.isArray(args.blocks) ? (args.blocks as unknown[]) : undefined;
  if ((text === undefined || text.length === 0) && (!blocks || blocks.length === 0)) {
    throw new SlackApiError('no_text');
  }
  if (text && text.length > LIMITS.text) throw new SlackApiError('msg_too_long');
  if (blocks) validateBlocks(blocks);
  return { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) };
}

function validateBlocks(blocks: unknown[]): void {
  if (blocks.length > LIMITS.blocks) throw new BlocksError(`more than ${LIMITS.blocks} blocks`);
  blocks.forEach((raw, i) => {
    const block = raw as Record<string, unknown>;
    const at = `blocks[${i}]`;
    switch (block.type) {
      case 'section': {
        const text = block.text as { text?: unknown } | undefined;
        const fields = block.fields as Array<{ text?: unknown }> | undefined;
        if (!text && !fields) throw new BlocksError(`${at}: section needs text or fields`);
        checkText(text?.text, LIMITS.sectionText, `${at}.text`);
        if (fields) {
          if (fields.length > LIMITS.fields)
            throw new BlocksError(`${at}.fields: more than ${LIMITS.fields}`);
          fields.forEach((f, j) => {
            checkText(f.text, LIMITS.fieldText, `${at}.fields[${j}]`);
          });
        }
        break;
      }
      case 'header': {
        const text = block.text as { type?: unknown; text?: unknown } | undefined;
        if (text?.type !== 'plain_text')
          throw new BlocksError(`${at}: header text must be plain_text`);
        checkText(text.text, LIMITS.headerText, `${at}.text`, true);
        break;
      }
      case 'context': {
        const elements = block.elements as Array<{ text?: unknown }> | undefined;
        if (!elements || elements.length === 0 || elements.length > LIMITS.contextElements) {
          throw new BlocksError(`${at}: context needs 1-${LIMITS.contextElements} elements`);
        }
        elements.forEach((e, j) => {
          checkText(e.text, LIMITS.sectionText, `${at}.elements[${j}]`);
        });
        break;
      }
      case 'actions': {
        const elements = block.elements as Array<Record<string, unknown>> | undefined;
        if (!elements || elements.length === 0 || elements.length > LIMITS.actionsElements) {
          throw new BlocksError(`${at}: actions needs 1-${LIMITS.actionsElements} elements`);
        }
        elements.forEach((e, j) => {
          const where = `${at}.elements[${j}]`;
          if (e.type === 'button') {
            checkText(
              (e.text as { text?: unknown } | undefined)?.text,
              LIMITS.buttonText,
              `${where}.text`,
              true,
            );
            if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue) {
              throw new BlocksError(`${where}.value: longer than ${LIMITS.buttonValue}`);
            }
          }
          if (typeof e.action_id === 'string' && e.action_id.length > LIMITS.actionId) {
            throw new BlocksError(`${where}.action_id: longer than ${LIMITS.actionId}`);
          }
        });
        break;
      }
      case 'divider':
      case 'image':
      case 'rich_text':
      case 'input':
      case 'file':
      case 'video':
        break;
      default:
        throw new BlocksError(`${at}: unknown block type ${String(block.type)}`);
    }
  });
}

function checkText(text: unknown, max: number, at: string, required = false): void {
  if (text === undefined && !required) return;
  if (typeof text !== 'string' || text.length === 0)
    throw new BlocksError(`${at}: text must be a non-empty string`);
  if (text.length > max) throw new BlocksError(`${at}: longer than ${max} characters`);
}
