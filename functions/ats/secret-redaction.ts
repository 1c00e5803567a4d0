import { escapeXmlText } from './xml-text';

/** What a redacted secret reads as. */
export const REDACTED = '[redacted]';

/**
 * Builds a function that replaces every occurrence of the given secrets in a text by
 * {@link REDACTED}. Empty values are ignored. Short secrets are replaced too, even if that
 * garbles a word: a credential must never reach a message.
 */
export function secretRedactor(
  secrets: ReadonlyArray<string | undefined>,
): (text: string) => string {
  const values = [...new Set(secrets.filter((s): s is string => !!s))]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    // Called for every text of an answer (tens of thousands of test cases): look before copying.
    for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  };
}

/**
 * Like {@link secretRedactor}, for XML as ATS sends it: each secret is also replaced in its
 * escaped form (`a&b` travels as `a&amp;b` outside CDATA), so a credential that ATS echoes in any
 * text (a test case name, an error message, a fault) is gone before the answer is parsed.
 */
export function xmlSecretRedactor(
  secrets: ReadonlyArray<string | undefined>,
): (xml: string) => string {
  const values = secrets.filter((s): s is string => !!s);
  return secretRedactor([...values, ...values.map(escapeXmlText)]);
}
