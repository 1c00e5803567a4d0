import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  declaresDoctype,
  decodeXmlText,
  escapeXmlText,
  replaceNonXmlChars,
} from '../../../functions/ats/xml-text';

describe('decodeXmlText', () => {
  it('decodes the five predefined entities and character references only', () => {
    // Act
    const decoded = decodeXmlText(
      '&lt;&gt;&amp;&quot;&apos; &#169;&#xA9;&#x1F600; &copy; &amp;amp;',
    );

    // Assess
    expect(decoded).toBe('<>&"\' ©©😀 &copy; &amp;');
  });

  it('turns references to characters XML forbids into U+FFFD instead of throwing', () => {
    // Act
    const decoded = decodeXmlText('&#0;&#xD800;&#1114112;&#x110000;&#65535;');

    // Assess
    expect(decoded).toBe('\uFFFD'.repeat(5));
  });

  it('never makes a text longer (no entity can expand)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('&', '#', 'x', ';', 'a', 'm', 'p', '1', 'F', 'l', 't') }),
        (text) => {
          // Act
          const decoded = decodeXmlText(text);

          // Assess
          expect(decoded.length).toBeLessThanOrEqual(text.length);
        },
      ),
    );
  });

  it('inverts escapeXmlText for every string of characters XML can carry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        // Prepare
        const text = replaceNonXmlChars(raw);

        // Act
        const decoded = decodeXmlText(escapeXmlText(text));

        // Assess
        expect(decoded).toBe(text);
      }),
    );
  });
});

describe('replaceNonXmlChars', () => {
  it('keeps tab, newline, CR, surrogate pairs and ordinary text', () => {
    // Act
    const kept = replaceNonXmlChars('a\tb\nc\rd 😀 é');

    // Assess
    expect(kept).toBe('a\tb\nc\rd 😀 é');
  });

  it('replaces control characters, lone surrogates and U+FFFE/U+FFFF', () => {
    // Act
    const replaced = replaceNonXmlChars('\u0000a\u0008\u000B\u001F\uD800b\uDC00\uFFFE\uFFFF');

    // Assess
    expect(replaced).toBe('\uFFFDa\uFFFD\uFFFD\uFFFD\uFFFDb\uFFFD\uFFFD\uFFFD');
  });
});

describe('declaresDoctype', () => {
  it.each([
    ['<!DOCTYPE x><x/>', true],
    ['<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]><x/>', true],
    ['<x><!ENTITY a "b"></x>', true],
    ['<x><![CDATA[<!DOCTYPE html>]]></x>', false],
    ['<x>plain</x>', false],
  ])('%s → %s', (xml, expected) => {
    // Act
    const declares = declaresDoctype(xml);

    // Assess
    expect(declares).toBe(expected);
  });
});
