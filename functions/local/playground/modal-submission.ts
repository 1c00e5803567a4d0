/*
 * A modal's submission as the playground sends it on the page's behalf: the values the person
 * chose, checked for the shape Slack gives `state.values`, and what the bot's answer means for the
 * modal.
 */

/** `state.values`: block id → action id → the element's value (`selected_option`, `value`, …). */
export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

const ID = /^[A-Za-z0-9_.:-]{1,255}$/;

/** The page's `values` when shaped like Slack's `state.values`; undefined otherwise. */
export function submittedValues(raw: unknown): StateValues | undefined {
  if (!isObject(raw)) return undefined;
  const values: StateValues = {};
  for (const [blockId, actions] of Object.entries(raw)) {
    if (!ID.test(blockId) || !isObject(actions)) return undefined;
    values[blockId] = {};
    for (const [actionId, value] of Object.entries(actions)) {
      if (!ID.test(actionId) || !isObject(value) || typeof value.type !== 'string')
        return undefined;
      (values[blockId] as Record<string, Record<string, unknown>>)[actionId] = value;
    }
  }
  return values;
}

/**
 * What the bot's answer to a `view_submission` does to the modal, as in Slack: no body, or
 * `response_action: clear`, closes it; `errors` keeps it open with a message per block id;
 * anything else (`update`, `push`) keeps it as it is here.
 */
export function modalAnswer(ack: string | undefined): {
  close: boolean;
  errors?: Record<string, string>;
} {
  if (!ack) return { close: true };
  let answer: unknown;
  try {
    answer = JSON.parse(ack);
  } catch {
    return { close: true };
  }
  if (!isObject(answer) || answer.response_action === undefined) return { close: true };
  if (answer.response_action === 'clear') return { close: true };
  if (answer.response_action === 'errors' && isObject(answer.errors)) {
    const errors: Record<string, string> = {};
    for (const [blockId, message] of Object.entries(answer.errors)) {
      if (typeof message === 'string') errors[blockId] = message;
    }
    return { close: false, errors };
  }
  return { close: false };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
