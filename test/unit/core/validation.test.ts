import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  describeValue,
  mustBeMessage,
  quoted,
  unknownKeysOf,
} from '../../../functions/core/validation';

describe('mustBeMessage', () => {
  it('says what a field accepts and what it got, or that it is required', () => {
    // Act
    const wrong = mustBeMessage('autoReruns', 'a whole number from 0 to 2', 3);
    const absent = mustBeMessage('alias', '1-40 lower-case letters', undefined);

    // Assess
    expect(wrong).toBe('autoReruns must be a whole number from 0 to 2, got 3');
    expect(absent).toBe('alias is required: 1-40 lower-case letters');
  });
});

describe('describeValue', () => {
  it.each<[unknown, string]>([
    ['Smoke!', '"Smoke!"'],
    ['say "hi"', '"say \\"hi\\""'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [false, 'false'],
    [10n, '10n'],
    [null, 'null'],
    [undefined, 'nothing'],
    [['C1'], 'a list'],
    [{ a: 1 }, 'an object'],
    [() => 0, 'a function'],
  ])('shows %s as %s', (value, shown) => {
    // Act / Assess
    expect(describeValue(value)).toBe(shown);
  });

  it('cuts long text so a pasted blob cannot flood a log line', () => {
    // Act
    // Assess
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const shown = quoted(text);
        expect(JSON.parse(shown).length).toBeLessThanOrEqual(80);
        if (text.length <= 80) expect(JSON.parse(shown)).toBe(text);
        else expect(JSON.parse(shown)).toBe(`${text.slice(0, 77)}...`);
      }),
    );
  });
});

describe('codePointLength', () => {
  it('counts a well-formed text as its code points, an emoji once', () => {
    // Act
    // Assess
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(codePointLength(text)).toBe([...text].length);
      }),
    );
    expect(codePointLength('😀a')).toBe(2);
    expect(codePointLength('\ud83d')).toBe(1);
  });
});

describe('unknownKeysOf', () => {
  it('finds the unknown keys of the object and of its prototype, in order', () => {
    // Prepare
    const input = Object.assign(Object.create({ inherited: 1 }), { alias: 'a', extra: 2 });

    // Act
    const unknown = unknownKeysOf(input, new Set(['alias']));

    // Assess
    expect(unknown).toEqual(['extra', 'inherited']);
  });
});
