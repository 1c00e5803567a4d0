import type { EntityDecoderOptions } from 'fast-xml-parser';

/**
 * Text as XML carries it: escaping for the envelopes we send, and the one entity decoder every
 * parser here uses for what ATS (or the client, in the simulator) sends.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A receiving XML parser turns a literal CR into LF; the reference keeps it.
  '\r': '&#13;',
};

const NEEDS_ESCAPE = /[&<>"'\r]/g;

/** True for UTF-16 code units XML 1.0 allows in text outside surrogate pairs. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd)
  );
}

/**
 * Replaces characters XML 1.0 cannot carry at all (control characters, lone surrogates,
 * U+FFFE/U+FFFF) by U+FFFD, keeping everything else, including valid surrogate pairs.
 */
export function replaceNonXmlChars(value: string): string {
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isXmlChar(code)) continue;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    out += `${value.slice(copiedUpTo, i)}\uFFFD`;
    copiedUpTo = i + 1;
  }
  return copiedUpTo === 0 ? value : out + value.slice(copiedUpTo);
}

/**
 * Escapes a value for use as XML element text: the five markup characters and CR become
 * references, characters XML cannot carry become U+FFFD. Never throws.
 */
export function escapeXmlText(value: string): string {
  return replaceNonXmlChars(value).replace(NEEDS_ESCAPE, (c) => ESCAPES[c] ?? c);
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// Named: only the five XML predefines. Numeric: at most 7 decimal / 6 hex digits, so a reference
// can never be longer than its expansion in a way that matters.
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;

function fromCodePoint(code: number): string {
  const legal = code > 0xffff ? code <= 0x10ffff : isXmlChar(code);
  return legal ? String.fromCodePoint(code) : '\uFFFD';
}

/**
 * Decodes XML's five predefined entities and character references. Anything else that looks
 * like an entity (`&nbsp;`, `&custom;`) stays as written: nothing is ever expanded beyond that,
 * so the output is never longer than the input. Never throws.
 */
export function decodeXmlText(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(REFERENCE, (_m, named: string | undefined, dec?: string, hex?: string) => {
    if (named) return PREDEFINED[named] ?? _m;
    return fromCodePoint(dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16));
  });
}

/** Thrown from inside fast-xml-parser when a document declares a DOCTYPE. */
export class DoctypeRefusedError extends Error {
  constructor() {
    super('The XML document declares a DOCTYPE, which is refused.');
    this.name = 'DoctypeRefusedError';
  }
}

/**
 * Entity decoder handed to fast-xml-parser in place of its own: decodes with
 * {@link decodeXmlText} and refuses any DOCTYPE the parser meets (its entities are never
 * registered), as a second line behind the up-front DOCTYPE check.
 */
export const xmlEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => {},
  addInputEntities: () => {
    throw new DoctypeRefusedError();
  },
  reset: () => {},
  setXmlVersion: () => {},
  decode: decodeXmlText,
};

/**
 * True when the text declares a DOCTYPE or an entity outside CDATA sections. Cheap in the usual
 * case: only when `<!DOCTYPE` / `<!ENTITY` occurs at all are CDATA sections looked at.
 */
export function declaresDoctype(xml: string): boolean {
  if (xml.indexOf('<!DOCTYPE') === -1 && xml.indexOf('<!ENTITY') === -1) return false;
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  return outsideCdata.includes('<!DOCTYPE') || outsideCdata.includes('<!ENTITY');
}
