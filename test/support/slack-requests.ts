import { createHmac, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Signed Slack requests as Lambda Function URL events, built the way Slack sends them (and the way
 * bolt-js's own `createDummyAWSPayload` does): a form-encoded body, `x-slack-request-timestamp`,
 * and `x-slack-signature` = `v0=` + HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing
 * secret. Function URLs hand form bodies over base64-encoded; the builders do the same unless told.
 */

/** What every signed request builder accepts besides its payload. */
export interface SignedRequestOptions {
  signingSecret: string;
  /** Epoch seconds of the request; now by default. Older than 5 minutes is refused by Bolt. */
  timestamp?: number;
  /** Replaces the computed signature (to test refusals). */
  signature?: string;
  /** Base64-encode the body as Function URLs do for form posts (default true). */
  base64?: boolean;
  /** Extra headers (e.g. `x-slack-retry-num`). */
  headers?: Record<string, string>;
}

/** Fields of a slash command payload; sensible defaults for the rest. */
export interface SlashCommandFields {
  text: string;
  command?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
  /** Unique per invocation by default, like Slack's. */
  triggerId?: string;
  responseUrl?: string;
}

/** Fields of a `block_actions` payload for a button click. */
export interface BlockActionFields {
  actionId?: string;
  value: string;
  userId?: string;
  channelId?: string;
  /** ts of the message the button is on. */
  messageTs?: string;
  teamId?: string;
  triggerId?: string;
  responseUrl?: string;
  blockId?: string;
}

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`: Slack's request signature. */
export function signSlackRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** A `/ats` (or other) slash command, signed, as a Function URL event. */
export function signedSlashCommand(
  fields: SlashCommandFields,
  options: SignedRequestOptions,
): APIGatewayProxyEventV2 {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.teamId ?? 'T0LOCAL',
    team_domain: 'local',
    channel_id: fields.channelId ?? 'C0TESTS',
    channel_name: fields.channelName ?? 'tests',
    user_id: fields.userId ?? 'U0TESTER',
    user_name: fields.userName ?? 'tester',
    command: fields.command ?? '/ats',
    text: fields.text,
    api_app_id: 'A0LOCAL',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl ?? 'https://hooks.slack.com/commands/T0LOCAL/1/none',
    trigger_id: fields.triggerId ?? newTriggerId(),
  }).toString();
  return functionUrlEvent(body, options);
}

/** A click on a message button (`block_actions`), signed, as a Function URL event. */
export function signedBlockAction(
  fields: BlockActionFields,
  options: SignedRequestOptions,
): APIGatewayProxyEventV2 {
  const channelId = fields.channelId ?? 'C0TESTS';
  const messageTs = fields.messageTs ?? '1700000000.000100';
  const actionId = fields.actionId ?? 'rerun_not_passed';
  const payload = {
    type: 'block_actions',
    user: {
      id: fields.userId ?? 'U0TESTER',
      username: 'tester',
      name: 'tester',
      team_id: fields.teamId ?? 'T0LOCAL',
    },
    api_app_id: 'A0LOCAL',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channelId,
      is_ephemeral: false,
    },
    trigger_id: fields.triggerId ?? newTriggerId(),
    team: { id: fields.teamId ?? 'T0LOCAL', domain: 'local' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'tests' },
    message: { type: 'message', ts: messageTs, text: 'outcome', bot_id: 'B0LOCALBOT' },
    response_url: fields.responseUrl ?? 'https://hooks.slack.com/actions/T0LOCAL/1/none',
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: fields.blockId ?? 'rerun',
        text: { type: 'plain_text', text: 'Rerun not passed', emoji: true },
        value: fields.value,
        style: 'primary',
        action_ts: `${Math.floor(Date.now() / 1000)}.000001`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return functionUrlEvent(body, options);
}

/** Fields of a `view_submission` payload: the modal as opened, with the person's choices. */
export interface ViewSubmissionFields {
  /** The view as `views.open` answered it (id, callback_id, private_metadata, blocks). */
  view: Record<string, unknown>;
  /** `state.values`: block id → action id → the element's value. */
  values: Record<string, Record<string, unknown>>;
  userId?: string;
  teamId?: string;
  triggerId?: string;
}

/** A modal's submission (`view_submission`), signed, as a Function URL event. */
export function signedViewSubmission(
  fields: ViewSubmissionFields,
  options: SignedRequestOptions,
): APIGatewayProxyEventV2 {
  const teamId = fields.teamId ?? 'T0LOCAL';
  const payload = {
    type: 'view_submission',
    team: { id: teamId, domain: 'local' },
    user: { id: fields.userId ?? 'U0TESTER', username: 'tester', name: 'tester', team_id: teamId },
    api_app_id: 'A0LOCAL',
    token: 'deprecated-verification-token',
    trigger_id: fields.triggerId ?? newTriggerId(),
    view: { ...fields.view, state: { values: fields.values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return functionUrlEvent(body, options);
}

/** Wraps a form body in a signed Lambda Function URL event (payload format 2.0). */
export function functionUrlEvent(
  body: string,
  options: SignedRequestOptions,
): APIGatewayProxyEventV2 {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? signSlackRequest(options.signingSecret, timestamp, body);
  const base64 = options.base64 ?? true;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      host: 'abcdefghij.lambda-url.eu-west-1.on.aws',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      'x-forwarded-proto': 'https',
      ...options.headers,
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij',
      domainName: 'abcdefghij.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abcdefghij',
      http: {
        method: 'POST',
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: base64,
  };
}

let triggerCounter = 0;

/** A trigger id shaped like Slack's (`<n>.<n>.<hex>`), unique in this process. */
export function newTriggerId(): string {
  triggerCounter += 1;
  return `${Date.now()}.${triggerCounter}.${randomUUID().replaceAll('-', '')}`;
}
