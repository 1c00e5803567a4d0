import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../../../functions/core/requests/closest-match';
import { MAX_ECHO_LENGTH, parseAtsCommand } from '../../../../functions/core/requests/command';

describe('parseAtsCommand', () => {
  it.each([
    ['run smoke', { verb: 'run', target: 'smoke' }],
    ['  RUN   Smoke  ', { verb: 'run', target: 'Smoke' }],
    ['run `smoke`', { verb: 'run', target: 'smoke' }],
    ['rerun req-0123abcd', { verb: 'rerun', jobRef: 'req-0123abcd' }],
    [
      'watch 8f14e45f-ceea-467a-9a36-000000000001',
      { verb: 'watch', atsJobId: '8f14e45f-ceea-467a-9a36-000000000001' },
    ],
    ['status', { verb: 'status' }],
    ['status 42', { verb: 'status', jobRef: '42' }],
    ['list', { verb: 'list' }],
    ['help', { verb: 'help' }],
    // Nothing, or `run` alone: the run picker.
    ['', { verb: 'pick' }],
    ['\u00a0\u200b ', { verb: 'pick' }],
    ['run', { verb: 'pick' }],
    [' RUN  ', { verb: 'pick' }],
  ])('understands %j', (text, expected) => {
    // Prepare / Act
    const command = parseAtsCommand(text);

    // Assess
    expect(command).toEqual(expected);
  });

  it.each([
    ['stauts', 'UNKNOWN_COMMAND', { suggestedVerb: 'status' }],
    ['watch', 'MISSING_ARGUMENT', { about: 'watch' }],
    ['run a b', 'TOO_MANY_ARGUMENTS', { about: 'run' }],
    ['list everything', 'TOO_MANY_ARGUMENTS', { about: 'list' }],
    ['rerun <!channel>', 'BAD_ARGUMENT', { about: 'rerun' }],
    ['watch ../../etc/passwd', 'BAD_ARGUMENT', { about: 'watch' }],
    // ATS job ids are UUIDs: anything else never reaches ATS.
    ['watch foo', 'BAD_ARGUMENT', { about: 'watch', given: 'foo' }],
    ['watch 8f14e45f-0001', 'BAD_ARGUMENT', { about: 'watch' }],
  ])('explains %j', (text, code, extra) => {
    // Prepare / Act
    const command = parseAtsCommand(text);

    // Assess
    expect(command).toMatchObject({ verb: 'invalid', code, ...extra });
  });

  it('refuses text longer than it reads as a whole, echoing only a short piece', () => {
    // Prepare
    const text = `run smoke ${' '.repeat(3000)}extra`;

    // Act
    const command = parseAtsCommand(text);

    // Assess
    expect(command).toMatchObject({ verb: 'invalid', code: 'TOO_LONG' });
    expect(command.verb === 'invalid' && Array.from(command.given).length).toBeLessThanOrEqual(
      MAX_ECHO_LENGTH + 1,
    );
  });

  it('answers any input with a command and never echoes more than the limit', () => {
    // Prepare
    const inputs = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 5000 }),
      fc
        .tuple(
          fc.constantFrom('run', 'rerun', 'watch', 'status', 'x'),
          fc.string({ unit: 'binary' }),
        )
        .map(([verb, rest]) => `${verb} ${rest}`),
    );

    // Act / Assess
    fc.assert(
      fc.property(inputs, (text) => {
        const command = parseAtsCommand(text);
        expect(typeof command.verb).toBe('string');
        if (command.verb === 'invalid') {
          expect(Array.from(command.given).length).toBeLessThanOrEqual(MAX_ECHO_LENGTH + 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('closestMatch', () => {
  const aliases = ['smoke', 'regression', 'checkout-flow', 'api'];

  it.each([
    ['smoek', 'smoke'],
    ['regresion', 'regression'],
    ['SMOKE', 'smoke'],
    ['checkout', 'checkout-flow'],
    ['apj', 'api'],
  ])('suggests %s → %s', (input, expected) => {
    // Prepare / Act
    const match = closestMatch(input, aliases);

    // Assess
    expect(match).toBe(expected);
  });

  it.each(['deploy', 'x', '', 'zzzzzzzzzzzzzzzzzzzzzzzz'])('suggests nothing for %j', (input) => {
    // Prepare / Act
    const match = closestMatch(input, aliases);

    // Assess
    expect(match).toBeUndefined();
  });

  it('measures edit distance symmetrically and bounds long inputs', () => {
    // Prepare
    const pairs = fc.tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }));

    // Act / Assess
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, a)).toBe(0);
      }),
    );
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a'.repeat(100_000), 'b')).toBe(64);
  });
});
