/**
 * What reading one ATS answer may cost. The byte cap alone does not bound memory: fast-xml-parser
 * builds each text outside CDATA one character at a time (a string node per character, ~40 bytes
 * each until the text ends) and keeps a few hundred bytes per element, so 10 MB of character
 * references or of `<a/>` exhausts a 256 MB heap. A linear scan before parsing counts what the
 * parser would build and refuses an answer past limits derived from the byte cap, which every
 * real answer stays far below (`npm run test:reliability` measures the worst answer they admit).
 */

/**
 * Largest answer read, in bytes. A real GetJobStatus answer with 20,000 test cases is 4.3 to 4.6
 * MB (CDATA values, 60-character names, a few percent failed with 100-character messages; 7.1 MB
 * when all 20,000 failed): 16 MiB leaves room for larger suites and longer messages, and the
 * limits below keep the worst answer under it within a 512 MB function.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Fewest bytes one parsed node (element, text or CDATA section) takes in a real answer: a test
 * case without CDATA and with a one-letter name is about 110 bytes for its 7 nodes. Hostile shapes
 * go down to 4 bytes (`<a/>`).
 */
const BYTES_PER_NODE = 16;

/** Limits on what the parser builds for one answer. */
export interface AnswerBudget {
  /** Elements, texts and CDATA sections together. */
  maxNodes: number;
  /**
   * Characters of one text outside CDATA (whitespace and references included), which the parser
   * builds one character at a time. Real ATS wraps values in CDATA; the reference's plain-text
   * examples carry single values.
   */
  maxTextChars: number;
  /** Characters of one tag, processing instruction or declaration (attributes included). */
  maxMarkupChars: number;
  /** Elements open at once; a real answer nests 7 deep. */
  maxDepth: number;
}

/** The limits for answers of at most `maxBytes` bytes. */
export function answerBudgetFor(maxBytes: number): AnswerBudget {
  return {
    maxNodes: Math.ceil(maxBytes / BYTES_PER_NODE),
    maxTextChars: 64 * 1024,
    maxMarkupChars: 4 * 1024,
    maxDepth: 32,
  };
}

/**
 * Scans an answer the way fast-xml-parser will read it (texts, CDATA sections, comments, tags
 * with quoted attribute values) without building anything.
 * @returns the limit the answer breaks (`"nodes"`, `"text"`, `"markup"`, `"depth"`), or
 *   undefined. A malformed answer is left to the parser, which refuses it.
 */
export function brokenLimit(xml: string, budget: AnswerBudget): string | undefined {
  let nodes = 0;
  let depth = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd - i > budget.maxTextChars) return 'text';
    if (textEnd > i && hasNonSpace(xml, i, textEnd)) nodes++;
    if (lt === -1) break;
    let next: number;
    const first = xml.charCodeAt(lt + 1);
    if (first === 0x21 /* ! */ && xml.startsWith('[CDATA[', lt + 2)) {
      next = xml.indexOf(']]>', lt + 9) + 3;
      nodes++;
    } else if (first === 0x21 && xml.startsWith('--', lt + 2)) {
      next = xml.indexOf('-->', lt + 4) + 3;
    } else {
      const close = markupEnd(xml, lt, budget.maxMarkupChars);
      if (close === -2) return 'markup';
      next = close + 1;
      if (first === 0x2f /* / */) depth--;
      else if (close !== -1 && first !== 0x3f /* ? */ && first !== 0x21) {
        nodes++;
        if (xml.charCodeAt(close - 1) !== 0x2f && ++depth > budget.maxDepth) return 'depth';
      }
    }
    if (nodes > budget.maxNodes) return 'nodes';
    // Unclosed: the parser refuses the answer.
    if (next <= lt) break;
    i = next;
  }
  return undefined;
}

/** True when the text has a character other than XML whitespace (bounded by the text limit). */
function hasNonSpace(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = xml.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return true;
  }
  return false;
}

// Characters of a tag up to its end or a quoted value.
const TAG_RUN = /[^>"']*/y;

/**
 * Index of the `>` that ends the markup at `lt` (a `>` inside a quoted attribute value does not),
 * -1 when it never ends, -2 when it runs past `max` characters.
 */
function markupEnd(xml: string, lt: number, max: number): number {
  const limit = lt + max + 1;
  let i = lt + 1;
  // Each round passes one quoted value; bounded by the text's length.
  for (;;) {
    TAG_RUN.lastIndex = i;
    TAG_RUN.test(xml);
    i = TAG_RUN.lastIndex;
    if (i >= limit) return -2;
    if (i >= xml.length) return -1;
    if (xml.charCodeAt(i) === 0x3e /* > */) return i;
    const quoteEnd = xml.indexOf(xml[i] as string, i + 1);
    if (quoteEnd === -1) return -1;
    if (quoteEnd >= limit) return -2;
    i = quoteEnd + 1;
  }
}
