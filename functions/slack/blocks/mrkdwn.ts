/**
 * Escapes text for Slack mrkdwn: `&`, `<` and `>` are the control characters of Slack's markup
 * (`<@U…>`, `<!channel>`, links). Everything that comes from ATS or from people goes through here
 * so that a test case name can neither ping the channel nor forge a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Mentions the bot writes itself: users, channels, user groups, dates. */
const OWN_MARKUP =
  /<(?:[@#][A-Z0-9]{2,}|!subteam\^[A-Z0-9]{2,}|!date\^\d+\^[^|>]{1,60}\|[^>]{1,60})>/g;

/**
 * Escapes text that mixes the bot's own mentions (`<@U…>`, `<#C…>`, `<!subteam^S…>`,
 * `<!date^…>`) with foreign text: the mentions stay, anything else that looks like markup
 * (`<!channel>`, links) is escaped.
 */
export function escapeMrkdwnKeepingMentions(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(OWN_MARKUP)) {
    out += escapeMrkdwn(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeMrkdwn(text.slice(last));
}

/**
 * Text shown inside a `code span`: escaped, backticks replaced (they would end the span) and
 * line breaks flattened.
 */
export function codeSpan(text: string): string {
  const inner = escapeMrkdwn(text)
    .replaceAll('`', "'")
    .replace(/[\r\n]+/g, ' ');
  return `\`${inner.length > 0 ? inner : ' '}\``;
}

/** Mention of a user (`<@U…>`). */
export function userMention(userId: string): string {
  return `<@${userId}>`;
}

/** Mention of a user group (`<!subteam^S…>`). */
export function groupMention(groupId: string): string {
  return `<!subteam^${groupId}>`;
}

/** Link to a channel (`<#C…>`). */
export function channelMention(channelId: string): string {
  return `<#${channelId}>`;
}

/** A link with a label; the label is escaped, the URL must be a Slack-produced or built URL. */
export function link(url: string, label: string): string {
  return `<${url.replaceAll('|', '%7C').replaceAll('>', '%3E')}|${escapeMrkdwn(label)}>`;
}

/**
 * A time shown in each reader's own time zone (`<!date^…>`), with an ISO fallback for clients
 * that cannot render it.
 */
export function slackDate(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000);
  const fallback = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

/** A duration as people read it: `45s`, `3m 05s`, `2h 04m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}m ${String(s % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** A count with thousands separators, independent of the machine's locale. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 template", "2 templates", "1,000 test cases": a count with its noun in the right number. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** How long ago, as people say it: "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatAge(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
