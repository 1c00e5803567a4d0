import { optionalString } from './http-io';
import { LOCAL_BOT, type MessageStore, type StoredMessage } from './message-store';
import { SlackApiError } from './slack-api-error';

/*
 * The answers of the read methods (`conversations.replies`/`history`): messages as Slack returns
 * them, in pages.
 */

/** Page size of `conversations.replies`/`history` when `limit` is not given, and its maximum. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1_000;

/**
 * One page of `conversations.replies`/`history`: `oldest`/`latest` bound the ts (exclusive
 * unless `inclusive`), `limit` and the opaque `cursor` page through, `has_more` and
 * `response_metadata.next_cursor` tell whether more follows, metadata only with
 * `include_all_metadata`. `root` is the thread's ts for `conversations.replies`.
 * @throws SlackApiError `invalid_cursor` for a cursor this server did not give.
 */
export function page(
  store: MessageStore,
  list: StoredMessage[],
  args: Record<string, unknown>,
  root?: string,
) {
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
    messages: slice.map((m) => asRead(store, m, includeMetadata, root)),
    has_more: more,
    ...(root === undefined ? { pin_count: 0 } : {}),
    response_metadata: { next_cursor: more ? encodeCursor(start + limit) : '' },
  };
}

/** A message as the read methods return it. */
function asRead(store: MessageStore, m: StoredMessage, includeMetadata: boolean, root?: string) {
  const replies = store.all.filter(
    (r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts,
  );
  return {
    type: 'message',
    ts: m.ts,
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.files ? { files: m.files } : {}),
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
