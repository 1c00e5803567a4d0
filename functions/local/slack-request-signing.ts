import { createHmac, randomBytes } from 'node:crypto';

/** Headers Slack adds to every request it sends to an app. */
export interface SlackRequestHeaders {
  'content-type': 'application/x-www-form-urlencoded';
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
  'user-agent': string;
}

/**
 * Signs a request body the way Slack does: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`
 * with the app's signing secret.
 */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SlackRequestHeaders {
  const timestamp = String(nowSeconds);
  const signature = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': `v0=${signature}`,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
}

/** Who sends a request, from where: the parts of a Slack payload that identify context. */
export interface SlackRequestOrigin {
  teamId: string;
  teamDomain: string;
  appId: string;
  channelId: string;
  channelName: string;
  userId: string;
  userName: string;
  /** Where the app may answer (`response_url`). */
  responseUrl: string;
  /** The action's `trigger_id` (one the local Slack Web API handed out); a new one by default. */
  triggerId?: string;
}

/** A `trigger_id` in Slack's shape (opaque to the bot; only modals would use it). */
export function newTriggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
}

/**
 * The form body Slack posts for a slash command, fields in Slack's order:
 * `token`, `team_id`, `team_domain`, `channel_id`, `channel_name`, `user_id`, `user_name`,
 * `command`, `text`, `api_app_id`, `is_enterprise_install`, `response_url`, `trigger_id`.
 */
export function slashCommandBody(
  origin: SlackRequestOrigin,
  command: string,
  text: string,
): string {
  return new URLSearchParams([
    ['token', 'local-verification-token'],
    ['team_id', origin.teamId],
    ['team_domain', origin.teamDomain],
    ['channel_id', origin.channelId],
    ['channel_name', origin.channelName],
    ['user_id', origin.userId],
    ['user_name', origin.userName],
    ['command', command],
    ['text', text],
    ['api_app_id', origin.appId],
    ['is_enterprise_install', 'false'],
    ['response_url', origin.responseUrl],
    ['trigger_id', origin.triggerId ?? newTriggerId()],
  ]).toString();
}

/** A message as Slack puts it in `block_actions` payloads (the message the button is on). */
export interface ClickedMessage {
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  botId: string;
  botUserId: string;
}

/** The button as it is in the message's blocks. */
export interface ClickedButton {
  actionId: string;
  blockId: string;
  value?: string;
  text: string;
  style?: string;
}

/** The parts of a {@link SlackRequestOrigin} every interaction payload names. */
type InteractionOrigin = Pick<
  SlackRequestOrigin,
  'teamId' | 'teamDomain' | 'appId' | 'userId' | 'userName' | 'triggerId'
>;

/** The fields every interaction payload carries: its type, who acted, in which app and team. */
function interactionFields(type: string, origin: InteractionOrigin) {
  return {
    type,
    user: {
      id: origin.userId,
      username: origin.userName,
      name: origin.userName,
      team_id: origin.teamId,
    },
    api_app_id: origin.appId,
    token: 'local-verification-token',
    trigger_id: origin.triggerId ?? newTriggerId(),
    team: { id: origin.teamId, domain: origin.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
}

/** The clicked button as a `block_actions` payload lists it in `actions`. */
function buttonAction(button: ClickedButton, nowMs: number) {
  return {
    action_id: button.actionId,
    block_id: button.blockId,
    text: { type: 'plain_text', text: button.text, emoji: true },
    ...(button.value !== undefined ? { value: button.value } : {}),
    ...(button.style ? { style: button.style } : {}),
    type: 'button',
    action_ts: (nowMs / 1000).toFixed(6),
  };
}

/** An interaction's form body: `payload=<JSON>`, as Slack posts it. */
function payloadForm(payload: object): string {
  return new URLSearchParams([['payload', JSON.stringify(payload)]]).toString();
}

/**
 * The form body Slack posts when someone clicks a button in a message:
 * `payload=<JSON of a block_actions interaction>` with the user, channel, container, the whole
 * message and the clicked action.
 */
export function blockActionsBody(
  origin: SlackRequestOrigin,
  message: ClickedMessage,
  button: ClickedButton,
  nowMs: number = Date.now(),
): string {
  return payloadForm({
    ...interactionFields('block_actions', origin),
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: origin.channelId,
      is_ephemeral: false,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    },
    channel: { id: origin.channelId, name: origin.channelName },
    message: {
      type: 'message',
      subtype: 'bot_message',
      text: message.text ?? '',
      ts: message.ts,
      bot_id: message.botId,
      user: message.botUserId,
      app_id: origin.appId,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      blocks: message.blocks ?? [],
    },
    state: { values: {} },
    response_url: origin.responseUrl,
    actions: [buttonAction(button, nowMs)],
  });
}

/**
 * The form body Slack posts when someone submits a modal: `payload=<JSON of a view_submission>`
 * with the user, the view as it was opened (its id, `callback_id`, `private_metadata`, blocks) and
 * the values chosen in `view.state.values`.
 */
export function viewSubmissionBody(
  origin: SlackRequestOrigin,
  view: Record<string, unknown>,
  values: Record<string, Record<string, Record<string, unknown>>>,
): string {
  return payloadForm({
    ...interactionFields('view_submission', origin),
    view: { ...view, state: { values } },
    response_urls: [],
  });
}

/**
 * The JSON body Slack posts (Events API) when someone opens the bot's Home tab: an
 * `event_callback` wrapping `app_home_opened` with the person and their App Home conversation.
 */
export function appHomeOpenedBody(
  origin: Pick<SlackRequestOrigin, 'teamId' | 'appId' | 'userId'>,
  homeChannelId: string,
  botUserId: string,
  nowMs: number = Date.now(),
): string {
  return JSON.stringify({
    token: 'local-verification-token',
    team_id: origin.teamId,
    api_app_id: origin.appId,
    event: {
      type: 'app_home_opened',
      user: origin.userId,
      channel: homeChannelId,
      tab: 'home',
      event_ts: (nowMs / 1000).toFixed(6),
    },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      { team_id: origin.teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false },
    ],
  });
}

/**
 * The form body Slack posts when someone clicks a button on an App Home:
 * `payload=<JSON of a block_actions interaction>` whose container is the Home view, with the view
 * as published (its id, blocks, `private_metadata`), and no channel or `response_url`.
 */
export function homeBlockActionsBody(
  origin: InteractionOrigin,
  home: Record<string, unknown>,
  button: ClickedButton,
  nowMs: number = Date.now(),
): string {
  return payloadForm({
    ...interactionFields('block_actions', origin),
    container: { type: 'view', view_id: home.id },
    view: home,
    actions: [buttonAction(button, nowMs)],
  });
}
