import { isRestricted } from '../../core/requests/access';
import type { TemplateEntry } from '../../core/requests/catalog';
import type { SlackMessage } from './job-card';
import { lineListBlocks } from './line-list';
import {
  channelMention,
  codeSpan,
  countOf,
  escapeMrkdwn,
  groupMention,
  userMention,
} from './mrkdwn';

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
  const blocks = lineListBlocks({
    heading: `*${countOf(templates.length, 'template')}*: start one with \`${command} run <alias>\``,
    lines: templates.map(templateLine),
    maxSections: MAX_LIST_SECTIONS,
    more: (left) => `…and ${countOf(left, 'more template')}.`,
  });
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
