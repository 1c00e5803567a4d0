import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Files, type LocalFile, serveFile } from './files';
import { HomeViews, type PublishedHome } from './home-views';
import { sendJson } from './http-io';
import { MessageStore, type StoredMessage } from './message-store';
import { ResponseUrls, type ResponseUrlTarget } from './response-urls';
import { type OpenView, Views } from './views';
import { type SlackApiCall, type SlackFault, webApiCallHandler } from './web-api-calls';
import { type LocalUser, webApiMethods } from './web-api-methods';

/**
 * A local stand-in for the Slack Web API, for tests, local mode's playground and the reliability
 * suite. It speaks the same HTTP as Slack for the methods the bot uses, keeps the messages as
 * Slack would show them (updates applied, threads, ephemerals), records every call, and checks
 * what Slack checks: the bot token, channel membership, and Block Kit limits.
 *
 * This module is the HTTP server and its routes; the methods are in `web-api-methods.ts`, the
 * checks of message content in `message-content.ts`.
 */

export type { LocalFile } from './files';
export type { PublishedHome } from './home-views';
export {
  LOCAL_BOT,
  type MessageMetadata,
  type StoredFile,
  type StoredMessage,
} from './message-store';
export type { ResponseUrlTarget } from './response-urls';
export type { OpenView } from './views';
export type { SlackApiCall, SlackFault } from './web-api-calls';
export type { LocalUser } from './web-api-methods';

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
  /** People for `users.info` (with their time zones); anyone else is `user_not_found`. */
  users?: Record<string, LocalUser>;
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
  /** False when the bot token lacks `files:write`: uploads answer `missing_scope`. Default true. */
  filesWrite?: boolean;
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
  /**
   * A `trigger_id` for one action of `userId`, as Slack sends with a command, a click or a
   * submission: it opens one view (`views.open`) within 3 seconds.
   */
  triggerFor(userId: string): string;
  /** The modals open now (`views.open`), oldest first. */
  views(): OpenView[];
  /** The App Home tabs published (`views.publish`), one per person. */
  homes(): PublishedHome[];
  /** Closes a modal, as Slack does after a submission answered without errors, or on Cancel. */
  closeView(id: string): boolean;
  /** Files shared through `files.completeUploadExternal`, with their bytes. */
  files(): LocalFile[];
  /** Calls the listener after every change of messages or calls; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * Starts the local Slack Web API on 127.0.0.1 (a free port unless given). Methods:
 * `chat.postMessage`, `chat.update`, `chat.postEphemeral`, `chat.getPermalink`,
 * `conversations.replies`, `conversations.history`, `users.info`, `usergroups.users.list`,
 * `auth.test`, `views.open`, `views.publish`, `files.getUploadURLExternal`, `files.completeUploadExternal` (with
 * the upload URL at `/upload/<id>` and downloads at `/files/<id>/<name>`); anything else answers
 * `unknown_method`. Close it in `afterAll`.
 *
 * @throws when the port cannot be bound.
 */
export async function startSlackApiServer(
  options: SlackApiServerOptions = {},
): Promise<SlackApiServer> {
  const now = options.now ?? (() => Date.now());
  const calls: SlackApiCall[] = [];
  const messages = new MessageStore(now);
  const responseUrls = new ResponseUrls(messages, now);
  const views = new Views(now);
  const homes = new HomeViews(now);
  const files = new Files(messages, () => baseUrl);
  const listeners = new Set<() => void>();
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

  const handleApi = webApiCallHandler({
    methods: webApiMethods({
      messages,
      notInChannel: new Set(options.notInChannel ?? []),
      userGroups: options.userGroups ?? {},
      users: options.users ?? {},
      historyScopes: new Set(options.historyScopes ?? ['channels:history', 'groups:history']),
      baseUrl: () => baseUrl,
      views,
      homes,
      files,
      filesWrite: options.filesWrite ?? true,
    }),
    calls,
    now,
    ...(options.faultInjector ? { faultInjector: options.faultInjector } : {}),
  });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    const response = /^\/response\/([A-Za-z0-9_-]+)$/.exec(path);
    const upload = /^\/upload\/([A-Za-z0-9]+)$/.exec(path);
    const download = /^\/files\/([A-Za-z0-9]+)\/[^/]+$/.exec(path);
    if (req.method === 'GET' && download?.[1]) {
      serveFile(files, download[1], res);
      return;
    }
    const work =
      req.method !== 'POST'
        ? Promise.resolve(sendJson(res, 405, { ok: false, error: 'method_not_allowed' }))
        : api?.[1]
          ? handleApi(api[1], req, res).then(changed)
          : response?.[1]
            ? responseUrls.handle(response[1], req, res, changed)
            : upload?.[1]
              ? files.receive(upload[1], req, res)
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
    messages: (filter) => messages.list(filter),
    responseUrl: (id, target) => `${baseUrl}${responseUrls.create(id, target)}`,
    triggerFor: (userId) => views.issueTrigger(userId),
    views: () => views.list(),
    homes: () => homes.list(),
    closeView(id) {
      const closed = views.close(id);
      if (closed) changed();
      return closed;
    },
    files: () => files.list(),
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
