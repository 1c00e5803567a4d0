import { page } from './conversation-pages';
import type { Files } from './files';
import type { HomeViews } from './home-views';
import { optionalString } from './http-io';
import { messageContent, messageMetadata } from './message-content';
import { LOCAL_BOT, type MessageStore } from './message-store';
import { SlackApiError } from './slack-api-error';
import type { Views } from './views';

/** A person of the local workspace, as `users.info` tells about them. */
export interface LocalUser {
  name: string;
  /** IANA time zone (`Europe/Amsterdam`); Slack has none for some people. */
  tz?: string;
}

/** One Web API method: its arguments in, the fields of its `ok: true` answer out. */
export type WebApiMethod = (args: Record<string, unknown>) => Record<string, unknown>;

/** What the methods read and change. */
export interface WebApiWorkspace {
  messages: MessageStore;
  /** Channels the bot is not a member of: posting there answers `not_in_channel`. */
  notInChannel: ReadonlySet<string>;
  /** Members of user groups for `usergroups.users.list`. */
  userGroups: Readonly<Record<string, string[]>>;
  /** People of the workspace for `users.info`, with their time zones. */
  users: Readonly<Record<string, LocalUser>>;
  /** History scopes the bot token has (`channels:history`, `groups:history`). */
  historyScopes: ReadonlySet<string>;
  /** The server's base URL (`http://127.0.0.1:PORT`), known once it listens. */
  baseUrl: () => string;
  /** Triggers and open modals (`views.open`). */
  views: Views;
  /** Each person's App Home tab (`views.publish`). */
  homes: HomeViews;
  /** Uploads (`files.getUploadURLExternal`, `files.completeUploadExternal`). */
  files: Files;
  /** False when the token lacks `files:write` (the upload methods answer `missing_scope`). */
  filesWrite: boolean;
}

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * The Web API methods the bot uses, by name, as Slack answers them: `auth.test`,
 * `chat.postMessage`, `chat.update`, `chat.postEphemeral`, `chat.getPermalink`,
 * `conversations.replies`, `conversations.history`, `users.info`, `usergroups.users.list`,
 * `views.open`, `views.publish`, `files.getUploadURLExternal`, `files.completeUploadExternal`. A method refuses a
 * call by throwing {@link SlackApiError} with Slack's error code.
 */
export function webApiMethods(workspace: WebApiWorkspace): Record<string, WebApiMethod> {
  const { messages } = workspace;
  return {
    'auth.test': () => ({
      url: `${workspace.baseUrl()}/`,
      team: 'Local',
      user: 'ats',
      team_id: LOCAL_BOT.teamId,
      user_id: LOCAL_BOT.userId,
      bot_id: LOCAL_BOT.botId,
    }),
    'chat.postMessage': (args) => {
      const channel = requireConversation(workspace, args.channel, true);
      const content = messageContent(args);
      workspace.files.checkImageFiles(content.blocks);
      const threadTs = optionalString(args.thread_ts);
      const metadata = messageMetadata(args.metadata);
      const message = messages.post(channel, content, threadTs, {
        ...(threadTs && args.reply_broadcast === true ? { reply_broadcast: true } : {}),
        ...(metadata ? { metadata } : {}),
        via: 'web_api',
      });
      return {
        channel,
        ts: message.ts,
        message: { ...content, ts: message.ts, bot_id: LOCAL_BOT.botId },
      };
    },
    'chat.update': (args) => {
      const channel = requireConversation(workspace, args.channel, true);
      const ts = optionalString(args.ts);
      const message = ts ? messages.find(channel, ts) : undefined;
      if (!message) throw new SlackApiError('message_not_found');
      const content = messageContent(args);
      workspace.files.checkImageFiles(content.blocks);
      const metadata = messageMetadata(args.metadata);
      message.text = content.text;
      message.blocks = content.blocks;
      // Like Slack: metadata given replaces the message's, none given keeps it.
      if (metadata) message.metadata = metadata;
      message.edited = (message.edited ?? 0) + 1;
      return { channel, ts: message.ts, text: content.text ?? '' };
    },
    'chat.postEphemeral': (args) => {
      const channel = requireConversation(workspace, args.channel, false);
      const user = optionalString(args.user);
      if (!user || !USER_ID.test(user)) throw new SlackApiError('user_not_found');
      const content = messageContent(args);
      const threadTs = optionalString(args.thread_ts);
      const message = messages.post(channel, content, threadTs, {
        ephemeralFor: user,
        via: 'web_api',
      });
      return { message_ts: message.ts };
    },
    'chat.getPermalink': (args) => {
      const channel = requireConversation(workspace, args.channel, true);
      const ts = optionalString(args.message_ts);
      const message = ts ? messages.find(channel, ts) : undefined;
      if (!message) throw new SlackApiError('message_not_found');
      const thread = message.thread_ts ? `?thread_ts=${message.thread_ts}&cid=${channel}` : '';
      return {
        channel,
        permalink: `${workspace.baseUrl()}/archives/${channel}/p${message.ts.replace('.', '')}${thread}`,
      };
    },
    'conversations.replies': (args) => {
      const channel = readableConversation(workspace, args.channel);
      const ts = optionalString(args.ts);
      const parent = ts ? messages.find(channel, ts) : undefined;
      if (!parent || !ts) throw new SlackApiError('thread_not_found');
      // A reply's ts gives its whole thread, like Slack.
      const root = parent.thread_ts ?? ts;
      const thread = messages.all.filter(
        (m) =>
          m.channel === channel &&
          m.ephemeralFor === undefined &&
          (m.ts === root || m.thread_ts === root),
      );
      return page(messages, thread, args, root);
    },
    'conversations.history': (args) => {
      const channel = readableConversation(workspace, args.channel);
      // Newest first; thread replies only when broadcast to the channel.
      const inChannel = messages.all
        .filter(
          (m) =>
            m.channel === channel &&
            m.ephemeralFor === undefined &&
            (m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast === true),
        )
        .reverse();
      return page(messages, inChannel, args);
    },
    'users.info': (args) => {
      const id = optionalString(args.user);
      const user = id && USER_ID.test(id) ? workspace.users[id] : undefined;
      if (!id || !user) throw new SlackApiError('user_not_found');
      return {
        user: {
          id,
          team_id: LOCAL_BOT.teamId,
          name: user.name,
          deleted: false,
          is_bot: false,
          ...(user.tz ? { tz: user.tz } : {}),
        },
      };
    },
    'views.open': (args) => workspace.views.openView(args),
    'views.publish': (args) => workspace.homes.publish(args),
    'files.getUploadURLExternal': (args) => {
      requireFilesWrite(workspace);
      return workspace.files.uploadUrl(args);
    },
    'files.completeUploadExternal': (args) => {
      requireFilesWrite(workspace);
      const channelId = optionalString(args.channel_id);
      const channel = channelId ? requireConversation(workspace, channelId, false) : undefined;
      return workspace.files.complete(args, channel);
    },
    'usergroups.users.list': (args) => {
      const group = optionalString(args.usergroup);
      const members = group ? workspace.userGroups[group] : undefined;
      if (!members) throw new SlackApiError('no_such_subteam');
      return { users: [...members] };
    },
  };
}

/** The conversation a method writes to (or a user id, for a DM, when `allowUser`). */
function requireConversation(
  workspace: WebApiWorkspace,
  channel: unknown,
  allowUser: boolean,
): string {
  if (typeof channel !== 'string' || channel.length === 0)
    throw new SlackApiError('channel_not_found');
  if (allowUser && USER_ID.test(channel)) return channel;
  if (!CHANNEL_ID.test(channel)) throw new SlackApiError('channel_not_found');
  if (workspace.notInChannel.has(channel)) throw new SlackApiError('not_in_channel');
  return channel;
}

/** Uploads need `files:write`. */
function requireFilesWrite(workspace: WebApiWorkspace): void {
  if (!workspace.filesWrite) throw new SlackApiError('missing_scope', { needed: 'files:write' });
}

/** The conversation to read, if the token has the history scope for its kind. */
function readableConversation(workspace: WebApiWorkspace, channel: unknown): string {
  const id = requireConversation(workspace, channel, false);
  const needed = id.startsWith('G') ? 'groups:history' : 'channels:history';
  if (!workspace.historyScopes.has(needed)) throw new SlackApiError('missing_scope', { needed });
  return id;
}
