import type { MessageMetadata } from './message-store';
import { SlackApiError } from './slack-api-error';

/*
 * What Slack checks in the content of a message (text, Block Kit, metadata) before it accepts it.
 */

/** A Block Kit payload Slack would refuse; the message explains which limit. */
export class BlocksError extends SlackApiError {
  constructor(readonly detail: string) {
    super('invalid_blocks');
    this.message = detail;
  }
}

/** Slack's message limits, checked as Slack checks them. */
const LIMITS = {
  blocks: 50,
  text: 40_000,
  sectionText: 3_000,
  fields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
};

/**
 * The text and blocks of a message, validated against Slack's limits.
 * @throws SlackApiError `no_text` when both are missing, `msg_too_long`, or `invalid_blocks`.
 */
export function messageContent(args: Record<string, unknown>): {
  text?: string;
  blocks?: unknown[];
} {
  const text = typeof args.text === 'string' ? args.text : undefined;
  const blocks = Array.isArray(args.blocks) ? (args.blocks as unknown[]) : undefined;
  if ((text === undefined || text.length === 0) && (!blocks || blocks.length === 0)) {
    throw new SlackApiError('no_text');
  }
  if (text && text.length > LIMITS.text) throw new SlackApiError('msg_too_long');
  if (blocks) validateBlocks(blocks);
  return { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) };
}

/**
 * Checks blocks as Slack does: at most `maxBlocks` (50 in a message, 100 in a modal), each within
 * its type's limits.
 * @throws BlocksError naming the first block over a limit.
 */
export function validateBlocks(blocks: unknown[], maxBlocks: number = LIMITS.blocks): void {
  if (blocks.length > maxBlocks) throw new BlocksError(`more than ${maxBlocks} blocks`);
  blocks.forEach((raw, i) => {
    const block = raw as Record<string, unknown>;
    const at = `blocks[${i}]`;
    switch (block.type) {
      case 'section': {
        const text = block.text as { text?: unknown } | undefined;
        const fields = block.fields as Array<{ text?: unknown }> | undefined;
        if (!text && !fields) throw new BlocksError(`${at}: section needs text or fields`);
        checkText(text?.text, LIMITS.sectionText, `${at}.text`);
        if (fields) {
          if (fields.length > LIMITS.fields)
            throw new BlocksError(`${at}.fields: more than ${LIMITS.fields}`);
          fields.forEach((f, j) => {
            checkText(f.text, LIMITS.fieldText, `${at}.fields[${j}]`);
          });
        }
        checkAccessory(block.accessory as Record<string, unknown> | undefined, `${at}.accessory`);
        break;
      }
      case 'header': {
        const text = block.text as { type?: unknown; text?: unknown } | undefined;
        if (text?.type !== 'plain_text')
          throw new BlocksError(`${at}: header text must be plain_text`);
        checkText(text.text, LIMITS.headerText, `${at}.text`, true);
        break;
      }
      case 'context': {
        const elements = block.elements as Array<{ text?: unknown }> | undefined;
        if (!elements || elements.length === 0 || elements.length > LIMITS.contextElements) {
          throw new BlocksError(`${at}: context needs 1-${LIMITS.contextElements} elements`);
        }
        elements.forEach((e, j) => {
          checkText(e.text, LIMITS.sectionText, `${at}.elements[${j}]`);
        });
        break;
      }
      case 'actions': {
        const elements = block.elements as Array<Record<string, unknown>> | undefined;
        if (!elements || elements.length === 0 || elements.length > LIMITS.actionsElements) {
          throw new BlocksError(`${at}: actions needs 1-${LIMITS.actionsElements} elements`);
        }
        elements.forEach((e, j) => {
          const where = `${at}.elements[${j}]`;
          if (e.type === 'button') {
            checkText(
              (e.text as { text?: unknown } | undefined)?.text,
              LIMITS.buttonText,
              `${where}.text`,
              true,
            );
            if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue) {
              throw new BlocksError(`${where}.value: longer than ${LIMITS.buttonValue}`);
            }
          }
          if (typeof e.action_id === 'string' && e.action_id.length > LIMITS.actionId) {
            throw new BlocksError(`${where}.action_id: longer than ${LIMITS.actionId}`);
          }
        });
        break;
      }
      case 'input':
        validateInput(block, at);
        break;
      case 'divider':
      case 'image':
      case 'rich_text':
      case 'file':
      case 'video':
        break;
      default:
        throw new BlocksError(`${at}: unknown block type ${String(block.type)}`);
    }
  });
}

/** A section's accessory, when it is a button: text, value and `action_id` within Slack's limits. */
function checkAccessory(accessory: Record<string, unknown> | undefined, at: string): void {
  if (accessory?.type !== 'button') return;
  checkText(
    (accessory.text as { text?: unknown } | undefined)?.text,
    LIMITS.buttonText,
    `${at}.text`,
    true,
  );
  if (accessory.value !== undefined)
    checkText(accessory.value, LIMITS.buttonValue, `${at}.value`, true);
  if (typeof accessory.action_id === 'string' && accessory.action_id.length > LIMITS.actionId) {
    throw new BlocksError(`${at}.action_id: longer than ${LIMITS.actionId}`);
  }
}

/** Limits of input blocks and the option lists of their elements. */
const INPUT_LIMITS = {
  label: 2_000,
  hint: 2_000,
  blockId: 255,
  radioOptions: 10,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
};

/** Element types an input block may hold. */
const INPUT_ELEMENTS = new Set([
  'plain_text_input',
  'radio_buttons',
  'checkboxes',
  'static_select',
  'multi_static_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'datepicker',
  'timepicker',
  'number_input',
  'email_text_input',
  'url_text_input',
]);

function validateInput(block: Record<string, unknown>, at: string): void {
  const label = block.label as { type?: unknown; text?: unknown } | undefined;
  if (label?.type !== 'plain_text') throw new BlocksError(`${at}.label: must be plain_text`);
  checkText(label.text, INPUT_LIMITS.label, `${at}.label`, true);
  const hint = block.hint as { text?: unknown } | undefined;
  if (hint) checkText(hint.text, INPUT_LIMITS.hint, `${at}.hint`, true);
  if (typeof block.block_id === 'string' && block.block_id.length > INPUT_LIMITS.blockId) {
    throw new BlocksError(`${at}.block_id: longer than ${INPUT_LIMITS.blockId}`);
  }
  const element = block.element as Record<string, unknown> | undefined;
  if (!element || !INPUT_ELEMENTS.has(String(element.type))) {
    throw new BlocksError(`${at}.element: an input needs one of ${[...INPUT_ELEMENTS].join(', ')}`);
  }
  const options = element.options as Array<Record<string, unknown>> | undefined;
  if (element.type === 'radio_buttons' || element.type === 'checkboxes') {
    checkOptions(options, INPUT_LIMITS.radioOptions, `${at}.element.options`, true);
  } else if (element.type === 'static_select' || element.type === 'multi_static_select') {
    checkOptions(options, INPUT_LIMITS.selectOptions, `${at}.element.options`, false);
  }
}

/** Option objects: 1..max of them, text ≤75, value ≤150, descriptions only where allowed. */
function checkOptions(
  options: Array<Record<string, unknown>> | undefined,
  max: number,
  at: string,
  descriptions: boolean,
): void {
  if (!Array.isArray(options) || options.length === 0 || options.length > max) {
    throw new BlocksError(`${at}: needs 1-${max} options`);
  }
  options.forEach((option, i) => {
    const where = `${at}[${i}]`;
    checkText(
      (option.text as { text?: unknown } | undefined)?.text,
      INPUT_LIMITS.optionText,
      `${where}.text`,
      true,
    );
    if (typeof option.value !== 'string' || option.value.length > INPUT_LIMITS.optionValue) {
      throw new BlocksError(`${where}.value: must be text of at most ${INPUT_LIMITS.optionValue}`);
    }
    const description = option.description as { text?: unknown } | undefined;
    if (description && !descriptions) {
      throw new BlocksError(`${where}.description: only radio buttons and checkboxes have one`);
    }
    if (description) {
      checkText(description.text, INPUT_LIMITS.optionDescription, `${where}.description`, true);
    }
  });
}

function checkText(text: unknown, max: number, at: string, required = false): void {
  if (text === undefined && !required) return;
  if (typeof text !== 'string' || text.length === 0)
    throw new BlocksError(`${at}: text must be a non-empty string`);
  if (text.length > max) throw new BlocksError(`${at}: longer than ${max} characters`);
}

/**
 * Message metadata as Slack accepts it: an `event_type` and an object `event_payload`.
 * @throws SlackApiError `invalid_metadata_format` for anything else.
 */
export function messageMetadata(value: unknown): MessageMetadata | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed: unknown = typeof value === 'string' ? safeJson(value) : value;
  const m = parsed as { event_type?: unknown; event_payload?: unknown } | undefined;
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.event_type !== 'string' ||
    m.event_type.length === 0 ||
    typeof m.event_payload !== 'object' ||
    m.event_payload === null ||
    Array.isArray(m.event_payload)
  ) {
    throw new SlackApiError('invalid_metadata_format');
  }
  return {
    event_type: m.event_type,
    event_payload: { ...(m.event_payload as Record<string, unknown>) },
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
