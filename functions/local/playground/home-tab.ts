import type { PublishedHome } from '../slack-api/slack-api-server';
import { appHomeOpenedBody, homeBlockActionsBody } from '../slack-request-signing';
import { findButton } from './message-buttons';
import { type BotEndpoint, type DeliveryReport, deliverToBot } from './slack-delivery';
import { PLAYGROUND_WORKSPACE, type PlaygroundUser } from './workspace';

/** The part of the local Slack Web API the Home tab reads. */
export interface HomeTabSlack {
  homes(): readonly PublishedHome[];
  /** A new `trigger_id` for one action of `userId` (opens one modal within 3 s). */
  triggerFor(userId: string): string;
}

/**
 * The person's App Home conversation with the bot, shaped like Slack's (D…): what
 * `app_home_opened` names as its channel.
 */
export function homeChannelOf(user: PlaygroundUser): string {
  return `D${user.id.slice(1)}`;
}

/**
 * The playground's Home tab: opening it sends the signed `app_home_opened` Slack sends (JSON, the
 * Events API) for the person; the bot publishes their Home with `views.publish`, which the page
 * draws from the local Slack Web API; a click on one of its buttons is the signed `block_actions`
 * Slack sends from a Home view.
 */
export class PlaygroundHomeTab {
  constructor(
    private readonly slack: HomeTabSlack,
    private readonly delivery: BotEndpoint,
  ) {}

  /**
   * The Home tab's endpoints (after the playground's same-origin checks): `POST /playground/home`
   * opens it for the person the page names, `POST /playground/home-action` clicks one of its
   * buttons. Resolves the answer to send, or undefined for another path.
   */
  async route(
    pathname: string,
    body: Buffer,
    userOf: (id: unknown) => PlaygroundUser,
  ): Promise<{ status: number; body: unknown } | undefined> {
    if (pathname !== '/playground/home' && pathname !== '/playground/home-action') return undefined;
    const input = jsonObject(body);
    if (!input) return { status: 400, body: { ok: false, error: 'expected a JSON object' } };
    const user = userOf(input.userId);
    if (pathname === '/playground/home') return { status: 200, body: await this.open(user) };
    const report = await this.click(user, input);
    return report
      ? { status: 200, body: report }
      : { status: 404, body: { ok: false, error: 'no such button' } };
  }

  /** Sends `app_home_opened` (tab `home`) for `user`, as Slack does when they open the tab. */
  async open(user: PlaygroundUser): Promise<DeliveryReport> {
    const { team, appId, bot } = PLAYGROUND_WORKSPACE;
    const body = appHomeOpenedBody(
      { teamId: team.id, appId, userId: user.id },
      homeChannelOf(user),
      bot.userId,
    );
    return (await deliverToBot(this.delivery, body, 'json')).delivery;
  }

  /**
   * Sends a click on a button of `user`'s published Home, found by its action id and block id.
   * Resolves undefined when they have no Home or no such button.
   */
  async click(
    user: PlaygroundUser,
    input: Record<string, unknown>,
  ): Promise<DeliveryReport | undefined> {
    const home = this.slack.homes().find((h) => h.userId === user.id);
    if (!home) return undefined;
    const blocks = home.view.blocks as unknown[] | undefined;
    const button = findButton(blocks, String(input.actionId ?? ''), input.blockId);
    if (!button) return undefined;
    const { team, appId } = PLAYGROUND_WORKSPACE;
    const body = homeBlockActionsBody(
      {
        teamId: team.id,
        teamDomain: team.domain,
        appId,
        userId: user.id,
        userName: user.name,
        triggerId: this.slack.triggerFor(user.id),
      },
      home.view,
      button,
    );
    // Slack ignores what an app answers to a click; only the status counts.
    return (await deliverToBot(this.delivery, body)).delivery;
  }
}

/** A small JSON object body, or undefined for anything else. */
function jsonObject(body: Buffer): Record<string, unknown> | undefined {
  if (body.length > 16 * 1024) return undefined;
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
