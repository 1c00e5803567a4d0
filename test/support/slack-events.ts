import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { functionUrlEvent, type SignedRequestOptions } from './slack-requests';

/**
 * Signed Events API requests as Lambda Function URL events, the way Slack sends them: a JSON body
 * (`Content-Type: application/json`, handed over as text, not base64), signed like every other
 * request. Slack adds `X-Slack-Retry-Num` and `X-Slack-Retry-Reason` when it delivers again.
 */

/** What an `app_home_opened` event carries that the bot reads. */
export interface AppHomeOpenedFields {
  userId?: string;
  /** The person's App Home conversation with the bot (a D… id). */
  channelId?: string;
  /** `home` or `messages`: which tab was opened. */
  tab?: 'home' | 'messages';
  teamId?: string;
  eventId?: string;
  /** Slack's retry number (`X-Slack-Retry-Num`), when this is a redelivery. */
  retryNum?: number;
}

/** Slack's one-time `url_verification` request, signed, as a Function URL event. */
export function signedUrlVerification(
  challenge: string,
  options: SignedRequestOptions,
): APIGatewayProxyEventV2 {
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    challenge,
    type: 'url_verification',
  });
  return jsonEvent(body, options);
}

/** An `event_callback` wrapping `app_home_opened`, signed, as a Function URL event. */
export function signedAppHomeOpened(
  fields: AppHomeOpenedFields,
  options: SignedRequestOptions,
): APIGatewayProxyEventV2 {
  const teamId = fields.teamId ?? 'T0LOCAL';
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0LOCAL',
    event: {
      type: 'app_home_opened',
      user: fields.userId ?? 'U0TESTER',
      channel: fields.channelId ?? 'D0HOMETEST',
      tab: fields.tab ?? 'home',
      event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    },
    type: 'event_callback',
    event_id: fields.eventId ?? `Ev${Date.now().toString(36).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: teamId, user_id: 'U0LOCALBOT', is_bot: true, is_enterprise_install: false },
    ],
  });
  const retry: Record<string, string> =
    fields.retryNum === undefined
      ? {}
      : { 'x-slack-retry-num': String(fields.retryNum), 'x-slack-retry-reason': 'http_timeout' };
  return jsonEvent(body, { ...options, headers: { ...retry, ...options.headers } });
}

/** Wraps a JSON body in a signed Function URL event, as Slack posts the Events API. */
export function jsonEvent(body: string, options: SignedRequestOptions): APIGatewayProxyEventV2 {
  const event = functionUrlEvent(body, {
    base64: false,
    ...options,
    headers: { ...options.headers, 'content-type': 'application/json' },
  });
  return event;
}

/** A click on a button of a published App Home view (`block_actions` from a `home` view). */
export interface HomeClickFields {
  userId: string;
  /** The Home view as Slack holds it (what `views.publish` answered): id, blocks, metadata. */
  view: Record<string, unknown>;
  actionId: string;
  value?: string;
  triggerId: string;
}

/** A `block_actions` click on an App Home button, form-encoded and signed, as Slack posts it. */
export function signedHomeBlockAction(
  fields: HomeClickFields,
  options: SignedRequestOptions,
): APIGatewayProxyEventV2 {
  const payload = {
    type: 'block_actions',
    user: { id: fields.userId, username: 'tester', name: 'tester', team_id: 'T0LOCAL' },
    api_app_id: 'A0LOCAL',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: fields.view.id },
    trigger_id: fields.triggerId,
    team: { id: 'T0LOCAL', domain: 'local' },
    enterprise: null,
    is_enterprise_install: false,
    view: fields.view,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'home',
        text: { type: 'plain_text', text: 'Run', emoji: true },
        ...(fields.value !== undefined ? { value: fields.value } : {}),
        action_ts: `${Math.floor(Date.now() / 1000)}.000001`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return functionUrlEvent(body, options);
}
