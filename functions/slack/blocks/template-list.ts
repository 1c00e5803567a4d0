import type { KnownBlock } from '@slack/web-api';
import { isRestricted } from '../../core/requests/access';
import type { TemplateEntry } from '../../core/requests/catalog';
import type { SlackMessage } from './job-card';
import {
  channelMention,
  codeSpan,
  countOf,
  escapeMrkdwn,
  groupMention,
  userMention,
} from './mrkdwn';
import { packLines, SLACK_LIMITS } from './slack-limits';

/** Sections used for the list, leaving room for the heading and the "more" note. */
const MAX_LIST_SECTIONS = 40;

/** `/ats list`: every configured template with its alias, who may run it and its settings. */
export function renderTemplateList(
  templates: readonly TemplateEntry[],
  command = '/ats',
): SlackMessage {
  if (templates.length === 0) {
    const text = 'No templates are configured yet. An admin adds them to the templates catalog.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const lines = templates.map(templateLine);
  const packed = packLines(lines, SLACK_LIMITS.sectionText, MAX_LIST_SECTIONS);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${countOf(templates.length, 'template')}*: start one with \`${command} run <alias>\``,
      },
    },
    ...packed.chunks.map(
      (text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } }),
    ),
  ];
  if (packed.omitted > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${countOf(packed.omitted, 'more template')}.` }],
    });
  }
  return { text: countOf(templates.length, 'template'), blocks };
}

function templateLine(entry: TemplateEntry): string {
  const details: string[] = [];
  if (isRestricted(entry)) details.push(`who may run: ${describePermitted(entry)}`);
  if (entry.autoReruns > 0) details.push(`reruns not passed automatically ${entry.autoReruns}×`);
  if (entry.notifyChannels.length > 0) {
    details.push(`notifies ${entry.notifyChannels.map(channelMention).join(', ')}`);
  }
  const tail = details.length > 0 ? `\n      _${details.join(' · ')}_` : '';
  return `• ${codeSpan(entry.alias)} ${escapeMrkdwn(entry.name)}${tail}`;
}

/** "<@U1>, members of <!subteam^S1>, anyone in <#C1>": who may run a restricted template. */
export function describePermitted(permitted: {
  allowedUsers?: readonly string[];
  allowedUserGroups?: readonly string[];
  allowedChannels?: readonly string[];
}): string {
  const parts = [
    ...(permitted.allowedUsers ?? []).map(userMention),
    ...(permitted.allowedUserGroups ?? []).map((g) => `members of ${groupMention(g)}`),
    ...(permitted.allowedChannels ?? []).map((c) => `anyone in ${channelMention(c)}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'nobody';
}
