import type { IncomingMessage, ServerResponse } from 'node:http';
import { optionalString, parseBody, readBody, sendJson } from './http-io';
import { messageContent } from './message-content';
import type { MessageStore } from './message-store';
import { SlackApiError } from './slack-api-error';

/** Where a `response_url` posts its messages, like the conversation a command was typed in. */
export interface ResponseUrlTarget {
  channel: string;
  /** Who sees ephemeral responses. */
  userId?: string;
  /** The message a block action came from, for `replace_original` / `delete_original`. */
  messageTs?: string;
}

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

interface ResponseUrlState {
  target: ResponseUrlTarget | undefined;
  uses: number;
  createdAt: number;
}

/**
 * The `response_url`s handed out, answered like Slack's: 5 posts within 30 minutes, then 404.
 * Posts land in the message store: ephemeral by default, in the channel for
 * `response_type: in_channel`, replacing or deleting `target.messageTs` when asked.
 */
export class ResponseUrls {
  private readonly states = new Map<string, ResponseUrlState>();
  private counter = 0;

  constructor(
    private readonly messages: MessageStore,
    private readonly now: () => number,
  ) {}

  /**
   * Registers a `response_url` and returns its path (`/response/<id>`).
   * @throws Error when `id` is not URL-safe.
   */
  create(id: string | undefined, target: ResponseUrlTarget | undefined): string {
    this.counter += 1;
    const key = id ?? `r${this.counter}`;
    if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`response_url id must be URL-safe: ${key}`);
    this.states.set(key, { target, uses: 0, createdAt: this.now() });
    return `/response/${key}`;
  }

  /** Answers `POST /response/<id>`; `changed` is called when a message was posted or changed. */
  async handle(
    id: string,
    req: IncomingMessage,
    res: ServerResponse,
    changed: () => void,
  ): Promise<void> {
    const state = this.states.get(id);
    let payload: Record<string, unknown>;
    try {
      payload = parseBody(await readBody(req), req.headers['content-type']);
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    if (
      !state ||
      state.uses >= RESPONSE_URL_USES ||
      this.now() - state.createdAt > RESPONSE_URL_LIFETIME_MS
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
    const original = target?.messageTs ? this.messages.find(channel, target.messageTs) : undefined;
    if (payload.delete_original === true && original) {
      this.messages.remove(original);
    } else if (payload.replace_original === true && original) {
      original.text = content.text;
      original.blocks = content.blocks;
      original.edited = (original.edited ?? 0) + 1;
    } else {
      this.messages.post(channel, content, optionalString(payload.thread_ts), {
        ...(payload.response_type === 'in_channel'
          ? {}
          : { ephemeralFor: target?.userId ?? 'unknown' }),
        via: 'response_url',
      });
    }
    changed();
    sendJson(res, 200, { ok: true });
  }
}
