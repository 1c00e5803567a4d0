/**
 * Slack's documented message limits the builders stay within. Going over any of them makes Slack
 * reject the whole message (`invalid_blocks`, `msg_too_long`), so every builder cuts first.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  contextText: 2_000,
  buttonText: 75,
  buttonValue: 2_000,
  /** Top-level `text`; Slack truncates beyond 40,000 characters, we stay well below. */
  messageText: 40_000,
} as const;

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, as Slack counts), ending with `…` when
 * cut, and never splitting a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Lines packed into chunks, and how many lines did not fit. */
export interface PackedLines {
  chunks: string[];
  /** Lines left out because the chunk budget ran out. */
  omitted: number;
}

/**
 * Packs lines, in order, into at most `maxChunks` chunks of at most `maxChars` characters each
 * (joined by newlines). A single line longer than a chunk is cut. Lines that do not fit are
 * counted in `omitted` so the caller can say how many more there are.
 */
export function packLines(
  lines: readonly string[],
  maxChars: number,
  maxChunks: number,
): PackedLines {
  const chunks: string[] = [];
  let current = '';
  let index = 0;
  for (; index < lines.length; index++) {
    const line = truncate(lines[index] ?? '', maxChars);
    const candidate = current.length === 0 ? line : `${current}\n${line}`;
    if (candidate.length <= maxChars) {
      current = candidate;
      continue;
    }
    if (chunks.length + 1 >= maxChunks) break;
    chunks.push(current);
    current = line;
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, omitted: lines.length - index };
}
