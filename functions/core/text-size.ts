/**
 * Sizes of texts as a store counts them. Texts from ATS (test case names and messages, statuses,
 * faults) have no size limit of their own, so whatever is kept of them is cut to a known size.
 */

/** Bytes of a text in UTF-8 (what DynamoDB counts), without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // Each half of a surrogate pair counts 2: the pair is one 4-byte character.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/**
 * The text, or its first `max - 1` UTF-16 units and an ellipsis when it is longer than `max`;
 * never splits a surrogate pair.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
