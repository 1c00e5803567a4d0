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
  /** Files shared with the message (`files.completeUploadExternal`). */
  files?: StoredFile[];
}

/** A shared file as messages carry it. */
export interface StoredFile {
  id: string;
  name: string;
  title: string;
  size: number;
  mimetype: string;
  url_private: string;
}

/** Slack message metadata, as an app attaches it and reads it back. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** Bot identity reported by `auth.test`. */
export const LOCAL_BOT = { userId: 'U0LOCALBOT', botId: 'B0LOCALBOT', teamId: 'T0LOCAL' } as const;

/**
 * The messages of the local workspace as Slack would show them, in posting order, with the
 * timestamps Slack would give them. Callers change a found message in place (updates).
 */
export class MessageStore {
  /** Every message, in posting order. */
  readonly all: StoredMessage[] = [];
  private tsMicros = 0;

  constructor(private readonly now: () => number) {}

  /**
   * A new message ts. Like Slack's: epoch seconds with microseconds (so `oldest`/`latest` compare
   * with the clock), strictly increasing even for posts in the same microsecond.
   */
  private nextTs(): string {
    this.tsMicros = Math.max(Math.floor(this.now() * 1_000), this.tsMicros + 100);
    return `${Math.floor(this.tsMicros / 1_000_000)}.${String(this.tsMicros % 1_000_000).padStart(6, '0')}`;
  }

  /** The message (not an ephemeral one) at `ts` in `channel`. */
  find(channel: string, ts: string): StoredMessage | undefined {
    return this.all.find(
      (m) => m.channel === channel && m.ts === ts && m.ephemeralFor === undefined,
    );
  }

  /**
   * Posts a message at the next ts: `content` (text and blocks), in the thread of `threadTs` when
   * given, with what else the message is (`via`, ephemeral, broadcast, metadata).
   */
  post(
    channel: string,
    content: { text?: string; blocks?: unknown[] },
    threadTs: string | undefined,
    extra: Omit<StoredMessage, 'channel' | 'ts' | 'thread_ts' | 'text' | 'blocks'>,
  ): StoredMessage {
    const message: StoredMessage = {
      channel,
      ts: this.nextTs(),
      ...content,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...extra,
    };
    this.all.push(message);
    return message;
  }

  remove(message: StoredMessage): void {
    this.all.splice(this.all.indexOf(message), 1);
  }

  /**
   * Copies of the messages as they stand, in posting order. `channel` filters by channel;
   * `thread_ts` keeps the replies of that thread (not its parent).
   */
  list(filter?: { channel?: string; thread_ts?: string }): StoredMessage[] {
    return this.all
      .filter((m) => filter?.channel === undefined || m.channel === filter.channel)
      .filter(
        (m) =>
          filter?.thread_ts === undefined ||
          (m.thread_ts === filter.thread_ts && m.ts !== filter.thread_ts),
      )
      .map((m) => ({ ...m }));
  }
}
