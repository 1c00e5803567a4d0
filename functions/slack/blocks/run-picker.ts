import type { KnownBlock, ModalView, PlainTextOption } from '@slack/web-api';
import type { PickerChoice, RequestAnswer } from '../../core/requests/request-answer';
import type { SlackMessage } from './job-card';
import { outcomeOf, statusLabel } from './job-labels';
import { channelMention, codeSpan, escapeMrkdwn, formatAge } from './mrkdwn';
import { renderPlain } from './notice';
import { truncate } from './slack-limits';

/** `callback_id` of the run picker modal; its submission starts the chosen template. */
export const RUN_PICKER_CALLBACK_ID = 'ats_run_picker';
/** `block_id` and `action_id` of the picker's template input (where errors are shown). */
export const RUN_PICKER_INPUT = 'template';
/** `block_id` and `action_id` of the channel input of a picker opened from the App Home. */
export const RUN_PICKER_CHANNEL = 'channel';

/** Slack's limits for a modal and what it holds. */
export const MODAL_LIMITS = {
  titleText: 24,
  buttonText: 24,
  blocks: 100,
  privateMetadata: 3_000,
  radioOptions: 10,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
} as const;

/**
 * What the picker remembers between opening and submission (`private_metadata`): the channel
 * `/ats` was typed in, or `chooseChannel` when the picker asks for the channel (App Home).
 */
export interface PickerMetadata {
  /** The channel `/ats` was typed in: where the job runs. Absent with `chooseChannel`. */
  channelId?: string;
  /** The channel is chosen in the picker (`conversations_select`), opened from the App Home. */
  chooseChannel?: true;
  /** The command's `response_url`, to answer the person privately after submission. */
  responseUrl?: string;
}

/**
 * The run picker, a modal opened by `/ats` alone or `/ats run` without a template: the templates
 * this person may run in this channel with their description and last verdict, as radio buttons
 * (a select menu past ten). Submitting it runs the chosen one exactly as `/ats run <alias>`.
 */
export function renderRunPicker(
  answer: Extract<RequestAnswer, { kind: 'run_picker' }>,
  metadata: PickerMetadata,
  initialAlias?: string,
): ModalView {
  const choices = answer.choices.slice(0, MODAL_LIMITS.selectOptions);
  const radio = choices.length <= MODAL_LIMITS.radioOptions;
  const options: PlainTextOption[] = choices.map((choice) => ({
    text: {
      type: 'plain_text',
      text: truncate(choice.template.name, MODAL_LIMITS.optionText),
      emoji: true,
    },
    value: choice.template.alias,
    ...(radio
      ? {
          description: {
            type: 'plain_text',
            text: optionDescription(choice, answer.now),
            emoji: true,
          },
        }
      : {}),
  }));
  const initial = options.find((o) => o.value === initialAlias);
  const chosen = initial ? { initial_option: initial } : {};
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: answer.chooseChannel
          ? 'Pick a template and the channel to run it in.'
          : `Pick a template to run in ${channelMention(answer.channelId)}.`,
      },
    },
    {
      type: 'input',
      block_id: RUN_PICKER_INPUT,
      label: { type: 'plain_text', text: 'Template', emoji: true },
      element: radio
        ? { type: 'radio_buttons', action_id: RUN_PICKER_INPUT, options, ...chosen }
        : {
            type: 'static_select',
            action_id: RUN_PICKER_INPUT,
            placeholder: { type: 'plain_text', text: 'Choose a template' },
            options,
            ...chosen,
          },
    },
    ...(answer.chooseChannel ? [channelInput()] : []),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Same as typing ${codeSpan('/ats run <alias>')}: the job's card and result follow in the channel.`,
        },
      ],
    },
  ];
  return {
    type: 'modal',
    callback_id: RUN_PICKER_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Run a test job', emoji: true },
    submit: { type: 'plain_text', text: 'Run', emoji: true },
    close: { type: 'plain_text', text: 'Cancel', emoji: true },
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/**
 * The channel field of a picker opened from the App Home: public and private conversations
 * (no DMs, no shared channels). `response_url_enabled` makes Slack send a `response_url` for the
 * chosen channel with the submission, so the person can be answered there even where the bot is
 * not a member.
 */
function channelInput(): KnownBlock {
  return {
    type: 'input',
    block_id: RUN_PICKER_CHANNEL,
    label: { type: 'plain_text', text: 'Channel', emoji: true },
    element: {
      type: 'conversations_select',
      action_id: RUN_PICKER_CHANNEL,
      placeholder: { type: 'plain_text', text: 'Where the job card goes' },
      filter: { include: ['public', 'private'], exclude_external_shared_channels: true },
      response_url_enabled: true,
    },
  };
}

/**
 * The picker's metadata as it comes back with a submission.
 * @returns undefined when it is not what {@link renderRunPicker} wrote.
 */
export function readPickerMetadata(raw: unknown): PickerMetadata | undefined {
  if (typeof raw !== 'string' || raw.length > MODAL_LIMITS.privateMetadata) return undefined;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (value.chooseChannel === true) return { chooseChannel: true };
    if (typeof value.channelId !== 'string' || !/^[CGD][A-Z0-9]{2,}$/.test(value.channelId)) {
      return undefined;
    }
    const responseUrl =
      typeof value.responseUrl === 'string' && /^https?:\/\//.test(value.responseUrl)
        ? value.responseUrl
        : undefined;
    return { channelId: value.channelId, ...(responseUrl ? { responseUrl } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * The picker as a message, for when no modal can be shown (the trigger expired, Slack refused):
 * the same templates, to type.
 */
export function renderPickerAsMessage(
  answer: Extract<RequestAnswer, { kind: 'run_picker' }>,
  command = '/ats',
): SlackMessage {
  if (answer.choices.length === 0) {
    return renderPlain(
      `:lock: There is no template you may run in ${channelMention(answer.channelId)}. \`${command} list\` shows them all and who may run each.`,
    );
  }
  const lines = answer.choices
    .slice(0, 30)
    .map(
      (c) => `• ${codeSpan(`${command} run ${c.template.alias}`)} ${escapeMrkdwn(c.template.name)}`,
    );
  return renderPlain(`Start one of these here:\n${lines.join('\n')}`);
}

/** "✅ Passed 2 h ago · Logs in and searches": the last verdict first, then the description. */
function optionDescription(choice: PickerChoice, now: number): string {
  const { last, template } = choice;
  const verdict =
    last && outcomeOf(last)
      ? `${statusLabel(last)} ${formatAge(now - (last.finishedAt ?? last.updatedAt))}`
      : 'Not run yet';
  const text = template.description ? `${verdict} · ${template.description}` : verdict;
  return truncate(text.replace(/\s+/g, ' '), MODAL_LIMITS.optionDescription);
}
