import { randomBytes } from 'node:crypto';
import { optionalString } from './http-io';
import { BlocksError, validateBlocks } from './message-content';
import { SlackApiError } from './slack-api-error';

/*
 * Modals, as Slack opens them: `views.open` with a `trigger_id` Slack gave for one action of one
 * person (usable once, for 3 seconds), and a view checked against Slack's limits.
 */

/** How long a `trigger_id` can open a view, as Slack documents. */
export const TRIGGER_LIFETIME_MS = 3_000;

/** Slack's limits of a modal view. */
const VIEW_LIMITS = {
  blocks: 100,
  titleText: 24,
  buttonText: 24,
  callbackId: 255,
  privateMetadata: 3_000,
  externalId: 255,
};

/** A modal open for a person, as the playground draws it. */
export interface OpenView {
  id: string;
  /** Who the trigger belonged to: the only person who sees the modal. */
  userId: string;
  /** The view as given to `views.open`, with the id and an empty state, like Slack's answer. */
  view: Record<string, unknown>;
  openedAt: number;
}

/** A view Slack would refuse; the message says which rule (`response_metadata.messages`). */
export class ViewError extends SlackApiError {
  constructor(readonly detail: string) {
    super('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${detail}`] } });
    this.message = detail;
  }
}

interface Trigger {
  userId: string;
  issuedAt: number;
  used: boolean;
}

/** The triggers handed out with actions and the modals they opened. */
export class Views {
  private readonly triggers = new Map<string, Trigger>();
  private readonly open = new Map<string, OpenView>();

  constructor(private readonly now: () => number) {}

  /**
   * A new `trigger_id` for one action of `userId` (a command, a click, a submission), shaped like
   * Slack's. Only triggers handed out here open views.
   */
  issueTrigger(userId: string): string {
    const id = `${this.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { userId, issuedAt: this.now(), used: false });
    return id;
  }

  /**
   * `views.open`: opens `args.view` for the person the trigger belongs to.
   * @throws SlackApiError `invalid_trigger_id` (not handed out here), `expired_trigger_id` (older
   * than 3 s), `exchanged_trigger_id` (used already), `invalid_arguments` (a view Slack refuses,
   * `response_metadata.messages` saying why), `invalid_blocks`.
   */
  openView(args: Record<string, unknown>): { view: Record<string, unknown> } {
    const triggerId = optionalString(args.trigger_id);
    const trigger = triggerId ? this.triggers.get(triggerId) : undefined;
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (this.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) {
      throw new SlackApiError('expired_trigger_id');
    }
    if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
    const view = viewArgument(args.view);
    validateView(view);
    trigger.used = true;
    const id = `V${randomBytes(5).toString('hex').toUpperCase()}`;
    const opened = {
      ...view,
      id,
      team_id: 'T0LOCAL',
      state: { values: {} },
      hash: randomBytes(8).toString('hex'),
    };
    this.open.set(id, { id, userId: trigger.userId, view: opened, openedAt: this.now() });
    return { view: opened };
  }

  /** Views open now, oldest first. */
  list(): OpenView[] {
    return [...this.open.values()].map((v) => ({ ...v }));
  }

  /** The open view with this id. */
  find(id: string): OpenView | undefined {
    return this.open.get(id);
  }

  /** Closes a view (the person submitted or cancelled it); false when it was not open. */
  close(id: string): boolean {
    return this.open.delete(id);
  }
}

/** The `view` argument: an object, or JSON of one as form posts carry it. */
function viewArgument(raw: unknown): Record<string, unknown> {
  const value = typeof raw === 'string' ? safeJson(raw) : raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ViewError('view must be an object');
  }
  return value as Record<string, unknown>;
}

/**
 * Checks a modal as Slack does: type `modal`; a plain_text title of 1-24 characters; submit and
 * close buttons of 1-24 (a submit button whenever there is an input); at most 100 valid blocks;
 * `callback_id` up to 255 and `private_metadata` up to 3,000 characters.
 * @throws ViewError (`invalid_arguments`) or BlocksError (`invalid_blocks`).
 */
export function validateView(view: Record<string, unknown>): void {
  if (view.type !== 'modal') throw new ViewError('view.type must be modal');
  plainText(view.title, VIEW_LIMITS.titleText, '/view/title', true);
  plainText(view.submit, VIEW_LIMITS.buttonText, '/view/submit', false);
  plainText(view.close, VIEW_LIMITS.buttonText, '/view/close', false);
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) throw new ViewError('view.blocks must be an array');
  try {
    validateBlocks(blocks, VIEW_LIMITS.blocks);
  } catch (error) {
    if (error instanceof BlocksError) throw error;
    throw new ViewError(`invalid blocks: ${String(error)}`);
  }
  const hasInput = blocks.some((b) => (b as { type?: unknown }).type === 'input');
  if (hasInput && view.submit === undefined) {
    throw new ViewError(
      'a view with input blocks needs a submit button [json-pointer:/view/submit]',
    );
  }
  maxLength(view.callback_id, VIEW_LIMITS.callbackId, '/view/callback_id');
  maxLength(view.private_metadata, VIEW_LIMITS.privateMetadata, '/view/private_metadata');
  maxLength(view.external_id, VIEW_LIMITS.externalId, '/view/external_id');
}

function plainText(value: unknown, max: number, pointer: string, required: boolean): void {
  if (value === undefined && !required) return;
  const text = value as { type?: unknown; text?: unknown } | undefined;
  if (text?.type !== 'plain_text') {
    throw new ViewError(`must be a plain_text object [json-pointer:${pointer}]`);
  }
  if (typeof text.text !== 'string' || text.text.length === 0) {
    throw new ViewError(`must not be empty [json-pointer:${pointer}/text]`);
  }
  if (text.text.length > max) {
    throw new ViewError(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
  }
}

function maxLength(value: unknown, max: number, pointer: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw new ViewError(`must be a string [json-pointer:${pointer}]`);
  if (value.length > max) {
    throw new ViewError(`must be less than ${max + 1} characters [json-pointer:${pointer}]`);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
