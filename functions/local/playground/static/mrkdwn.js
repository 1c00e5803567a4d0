/**
 * Slack mrkdwn → safe HTML, for the local playground. Runs in the browser (ES module, no build
 * step) and in Node for tests. Everything is HTML-escaped first; only the markup below becomes
 * tags, and only http(s) and mailto links become anchors.
 */

/** Shortcodes the bot and Slack commonly use; any other `:name:` stays as text. */
export const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  no_entry_sign: '🚫',
  no_entry: '⛔',
  alarm_clock: '⏰',
  warning: '⚠️',
  inbox_tray: '📥',
  rocket: '🚀',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  arrows_counterclockwise: '🔄',
  repeat: '🔁',
  stopwatch: '⏱️',
  timer_clock: '⏲️',
  tada: '🎉',
  bell: '🔔',
  eyes: '👀',
  mag: '🔍',
  link: '🔗',
  test_tube: '🧪',
  clipboard: '📋',
  bulb: '💡',
  information_source: 'ℹ️',
  question: '❓',
  grey_question: '❔',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  red_circle: '🔴',
  white_circle: '⚪',
  zap: '⚡',
  construction: '🚧',
  lock: '🔒',
  wave: '👋',
  thinking_face: '🤔',
  fast_forward: '⏩',
  double_vertical_bar: '⏸️',
  arrow_forward: '▶️',
  wastebasket: '🗑️',
  page_facing_up: '📄',
  arrow_upper_right: '↗️',
  mute: '🔇',
  thumbsup: '👍',
  '+1': '👍',
  robot_face: '🤖',
  fire: '🔥',
  sparkles: '✨',
  checkered_flag: '🏁',
  electric_plug: '🔌',
  satellite_antenna: '📡',
  calendar: '📅',
  bar_chart: '📊',
  zzz: '💤',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text) {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Slack's three entities back to characters (Slack text arrives with them escaped). */
function unescapeSlack(text) {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

const SAFE_URL = /^(https?:|mailto:)/i;

/** Formats `<!date^seconds^{tokens}|fallback>` in the reader's own time zone, like Slack. */
function formatSlackDate(seconds, format, fallback) {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return escapeHtml(fallback);
  const tokens = {
    '{date_num}': [
      date.getFullYear(),
      String(date.getMonth() + 1).padStart(2, '0'),
      String(date.getDate()).padStart(2, '0'),
    ].join('-'),
    '{date}': date.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric' }),
    '{date_short}': date.toLocaleDateString('en-US', {
      month: 'short',
      day: 'numeric',
      year: 'numeric',
    }),
    '{date_long}': date.toLocaleDateString('en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      year: 'numeric',
    }),
    '{date_pretty}':
      prettyDay(date) ?? date.toLocaleDateString('en-US', { month: 'long', day: 'numeric' }),
    '{date_short_pretty}':
      prettyDay(date) ?? date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' }),
    '{date_long_pretty}':
      prettyDay(date) ??
      date.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric' }),
    '{time}': date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' }),
    '{time_secs}': date.toLocaleTimeString('en-US', {
      hour: 'numeric',
      minute: '2-digit',
      second: '2-digit',
    }),
  };
  const text = format.replace(/\{[a-z_]+\}/g, (token) => tokens[token] ?? token);
  return `<time datetime="${escapeHtml(date.toISOString())}">${escapeHtml(text)}</time>`;
}

function prettyDay(date) {
  const day = (d) => d.toDateString();
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86_400_000);
  const tomorrow = new Date(today.getTime() + 86_400_000);
  if (day(date) === day(today)) return 'Today';
  if (day(date) === day(yesterday)) return 'Yesterday';
  if (day(date) === day(tomorrow)) return 'Tomorrow';
  return undefined;
}

/**
 * One `<…>` control sequence as HTML: user, channel and group mentions, special mentions, dates
 * and links. `names` maps Slack ids to display names.
 */
function renderControl(inner, names) {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : unescapeSlack(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(label ?? names[id] ?? id)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<span class="mention channel">#${escapeHtml(label ?? names[id] ?? id)}</span>`;
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    return `<span class="mention">@${escapeHtml(label?.replace(/^@/, '') ?? names[id] ?? id)}</span>`;
  }
  if (target.startsWith('!date^')) {
    const [, seconds = '', format = ''] = target.split('^');
    return formatSlackDate(seconds, format, label ?? '');
  }
  if (target.startsWith('!')) {
    return `<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
  }
  const url = unescapeSlack(target);
  if (!SAFE_URL.test(url)) return escapeHtml(label ?? url);
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label ?? url)}</a>`;
}

/** Bold, italic, strike and emoji inside one run of plain (already HTML-escaped) text. */
function renderInline(escaped) {
  const edge = '(^|[\\s([{>"\'“‘/-])';
  const end = '(?=$|[\\s)\\]}.,;:!?<"\'”’/-])';
  return escaped
    .replace(new RegExp(`${edge}\\*(?=\\S)([^*\\n]*?\\S)\\*${end}`, 'g'), '$1<b>$2</b>')
    .replace(new RegExp(`${edge}_(?=\\S)([^_\\n]*?\\S)_${end}`, 'g'), '$1<i>$2</i>')
    .replace(new RegExp(`${edge}~(?=\\S)([^~\\n]*?\\S)~${end}`, 'g'), '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (whole, name) =>
      EMOJI[name] ? `<span class="emoji" title=":${name}:">${EMOJI[name]}</span>` : whole,
    );
}

/**
 * A line of mrkdwn without code blocks: controls and `code` spans are cut out first (no
 * formatting applies inside them), the rest is escaped and formatted.
 */
function renderLine(line, names) {
  const parts = [];
  const pattern = /<([^<>\n]+)>|`([^`\n]+)`/g;
  let last = 0;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    parts.push({ text: line.slice(last, match.index) });
    if (match[1] !== undefined) parts.push({ html: renderControl(match[1], names) });
    else parts.push({ html: `<code>${escapeHtml(unescapeSlack(match[2] ?? ''))}</code>` });
    last = match.index + match[0].length;
  }
  parts.push({ text: line.slice(last) });
  // Placeholders keep formatting markers from pairing across a link or a code span.
  const holders = [];
  const joined = parts
    .map((part) => {
      if (part.html === undefined) return escapeHtml(unescapeSlack(part.text));
      holders.push(part.html);
      return `\uE000${holders.length - 1}\uE000`;
    })
    .join('');
  return renderInline(joined).replace(/\uE000(\d+)\uE000/g, (_, i) => holders[Number(i)] ?? '');
}

/** Lines (no code blocks) to HTML: quotes and bullet or numbered lists become blocks. */
function renderLines(text, names) {
  const out = [];
  let list;
  const closeList = () => {
    if (list) out.push(`<${list.tag}>${list.items.join('')}</${list.tag}>`);
    list = undefined;
  };
  for (const line of text.split('\n')) {
    const bullet = /^\s*[•◦▪\-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d+)[.)]\s+(.*)$/.exec(line);
    const quote = /^(&gt;|>)\s?(.*)$/.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (list?.tag !== tag) {
        closeList();
        list = { tag, items: [] };
      }
      list.items.push(`<li>${renderLine(bullet ? bullet[1] : numbered[2], names)}</li>`);
      continue;
    }
    closeList();
    if (quote) out.push(`<blockquote>${renderLine(quote[2], names)}</blockquote>`);
    else out.push(`${renderLine(line, names)}<br>`);
  }
  closeList();
  return out.join('').replace(/(<br>)+$/, '');
}

/**
 * Renders Slack mrkdwn as HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes,
 * lists, <url|text> links, <@U…> / <#C…> / <!subteam^…> mentions (names from `names`), <!date^…>
 * times and :emoji: shortcodes (known ones as emoji, others as text).
 * @param {string} text mrkdwn as Slack receives it
 * @param {Record<string, string>} [names] display names by Slack id
 * @returns {string} HTML safe to insert with innerHTML
 */
export function mrkdwnToHtml(text, names = {}) {
  const segments = String(text ?? '').split('```');
  return segments
    .map((segment, i) =>
      i % 2 === 1 && i < segments.length - 1
        ? `<pre>${escapeHtml(unescapeSlack(segment.replace(/^\n/, '')))}</pre>`
        : renderLines(i % 2 === 1 ? `\`\`\`${segment}` : segment, names),
    )
    .join('');
}

/**
 * Renders `plain_text`: escaped, with emoji shortcodes turned into emoji when `emoji` is not false.
 * @param {string} text
 * @param {boolean} [emoji]
 * @returns {string}
 */
export function plainTextToHtml(text, emoji = true) {
  const escaped = escapeHtml(text ?? '').replaceAll('\n', '<br>');
  if (!emoji) return escaped;
  return escaped.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}
