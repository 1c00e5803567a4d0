import { randomBytes } from 'node:crypto';
import { optionalString } from './http-io';
import { BlocksError, validateBlocks } from './message-content';
import { SlackApiError } from './slack-api-error';
import { ViewError } from './views';

/*
 * App Home tabs, as Slack keeps them: `views.publish` sets one person's Home view, replacing the
 * one before (idempotent), checked against Slack's rules for Home views.
 */

/** Slack's limits of a Home tab view. */
const HOME_LIMITS = { blocks: 100, callbackId: 255, privateMetadata: 3_000, externalId: 255 };

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** One person's published Home, as the playground draws it. */
export interface PublishedHome {
  userId: string;
  /** The view as Slack answers `views.publish`: with its id, hash and an empty state. */
  view: Record<string, unknown>;
  publishedAt: number;
  /** How many times it was published (each `views.publish` replaces the view). */
  publishes: number;
}

/** The Home tab of every person of the local workspace. */
export class HomeViews {
  private readonly homes = new Map<string, PublishedHome>();

  constructor(private readonly now: () => number) {}

  /**
   * `views.publish`: sets `args.user_id`'s Home to `args.view`, keeping its view id.
   * @throws SlackApiError `invalid_arguments` (no user, a view Slack refuses, with
   * `response_metadata.messages`), `user_not_found`, `invalid_blocks`, `hash_conflict` (a `hash`
   * that is not the current view's).
   */
  publish(args: Record<string, unknown>): { view: Record<string, unknown> } {
    const userId = optionalString(args.user_id);
    if (!userId) throw new ViewError('user_id is required');
    if (!USER_ID.test(userId)) throw new SlackApiError('user_not_found');
    const view = viewArgument(args.view);
    validateHomeView(view);
    const before = this.homes.get(userId);
    const hash = optionalString(args.hash);
    if (hash !== undefined && before && before.view.hash !== hash) {
      throw new SlackApiError('hash_conflict');
    }
    const published = {
      ...view,
      id: before?.view.id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`,
      team_id: 'T0LOCAL',
      state: { values: {} },
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    };
    this.homes.set(userId, {
      userId,
      view: published,
      publishedAt: this.now(),
      publishes: (before?.publishes ?? 0) + 1,
    });
    return { view: published };
  }

  /** The person's Home, when one was published. */
  of(userId: string): PublishedHome | undefined {
    const home = this.homes.get(userId);
    return home ? { ...home } : undefined;
  }

  /** Every published Home. */
  list(): PublishedHome[] {
    return [...this.homes.values()].map((h) => ({ ...h }));
  }
}

/**
 * Checks a Home view as Slack does: type `home`; no title or buttons of a modal; at most 100
 * valid blocks; `callback_id` up to 255, `private_metadata` up to 3,000 and `external_id` up to
 * 255 characters.
 * @throws ViewError (`invalid_arguments`) or BlocksError (`invalid_blocks`).
 */
export function validateHomeView(view: Record<string, unknown>): void {
  if (view.type !== 'home') throw new ViewError('view.type must be home [json-pointer:/view/type]');
  for (const modalOnly of ['submit', 'close']) {
    if (view[modalOnly] !== undefined) {
      throw new ViewError(
        `a home view has no ${modalOnly} button [json-pointer:/view/${modalOnly}]`,
      );
    }
  }
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) throw new ViewError('view.blocks must be an array');
  if (blocks.some((b) => (b as { type?: unknown }).type === 'input')) {
    throw new ViewError('a home view cannot hold input blocks [json-pointer:/view/blocks]');
  }
  try {
    validateBlocks(blocks, HOME_LIMITS.blocks);
  } catch (error) {
    if (error instanceof BlocksError) throw error;
    throw new ViewError(`invalid blocks: ${String(error)}`);
  }
  maxLength(view.callback_id, HOME_LIMITS.callbackId, '/view/callback_id');
  maxLength(view.private_metadata, HOME_LIMITS.privateMetadata, '/view/private_metadata');
  maxLength(view.external_id, HOME_LIMITS.externalId, '/view/external_id');
}

function maxLength(value: unknown, max: number, pointer: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw new ViewError(`must be a string [json-pointer:${pointer}]`);
  if (value.length > max) {
    throw new ViewError(`must be less than ${max + 1} characters [json-pointer:${pointer}]`);
  }
}

function viewArgument(raw: unknown): Record<string, unknown> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ViewError('view must be an object');
  }
  return value as Record<string, unknown>;
}
