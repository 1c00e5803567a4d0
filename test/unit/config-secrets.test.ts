import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseBotSecrets, SECRET_PLACEHOLDER } from '../../functions/config';

// parseBotSecrets on its own terms: what it accepts, what it fills in, and the problems it
// names for each kind of bad value, all at once and never with a value in them.

const REQUIRED = ['slackSigningSecret', 'slackBotToken', 'atsAppApiToken'] as const;
const OPTIONAL = ['atsUsername', 'atsPassword'] as const;

/** A secret-looking value no message could contain by chance. */
const secretValue = fc.stringMatching(/^[A-Za-z0-9-]{6,20}$/).map((v) => `s3cr3t-${v}`);

/** What one key holds, and the problem it must cause (if any). */
type KeyState = 'good' | 'padded' | 'missing' | 'not text' | 'blank' | 'placeholder';

const keyState = fc.constantFrom<KeyState>(
  'good',
  'padded',
  'missing',
  'not text',
  'blank',
  'placeholder',
);

/** The problems thrown, or the value returned. */
function outcome(input: unknown): { problems: readonly string[] } | { value: unknown } {
  try {
    return { value: parseBotSecrets(input, 'test') };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).toBe(`Invalid secrets from test: ${error.problems.join('; ')}`);
    return { problems: error.problems };
  }
}

describe('parseBotSecrets', () => {
  it('accepts any complete set, trims the required values and keeps no unknown key', () => {
    // Prepare
    const sets = fc.record({
      values: fc.tuple(secretValue, secretValue, secretValue),
      padding: fc.constantFrom('', ' ', '\n', ' \t'),
      user: fc.option(fc.tuple(secretValue, secretValue), { nil: undefined }),
      extra: fc.option(fc.anything(), { nil: undefined }),
    });

    // Act
    // Assess
    fc.assert(
      fc.property(sets, ({ values, padding, user, extra }) => {
        const input: Record<string, unknown> = {
          slackSigningSecret: `${padding}${values[0]}${padding}`,
          slackBotToken: values[1],
          atsAppApiToken: `${values[2]}${padding}`,
          atsUsername: user?.[0] ?? '',
          atsPassword: user?.[1] ?? '',
          ...(extra === undefined ? {} : { extra }),
        };
        expect(outcome(input)).toStrictEqual({
          value: {
            slackSigningSecret: values[0],
            slackBotToken: values[1],
            atsAppApiToken: values[2],
            ...(user ? { atsUsername: user[0], atsPassword: user[1] } : {}),
          },
        });
      }),
      { numRuns: 300 },
    );
  });

  it('names every problem of every required key at once, each by its key', () => {
    // Prepare
    const states = fc.tuple(keyState, keyState, keyState, secretValue);

    // Act
    // Assess
    fc.assert(
      fc.property(states, ([first, second, third, value]) => {
        const input: Record<string, unknown> = {};
        const expected: string[] = [];
        REQUIRED.forEach((key, i) => {
          const state = [first, second, third][i];
          if (state === 'good') input[key] = value;
          if (state === 'padded') input[key] = ` ${value}\n`;
          if (state === 'not text') input[key] = 42;
          if (state === 'blank') input[key] = ' \n';
          if (state === 'placeholder') input[key] = ` ${SECRET_PLACEHOLDER} `;
          if (state === 'missing') expected.push(`${key} is missing`);
          if (state === 'not text') expected.push(`${key} must be text`);
          if (state === 'blank') expected.push(`${key} is empty`);
          if (state === 'placeholder') {
            expected.push(`${key} still holds the placeholder ${SECRET_PLACEHOLDER}`);
          }
        });
        const result = outcome(input);
        if (expected.length === 0) expect(result).toHaveProperty('value');
        else expect(result).toStrictEqual({ problems: expected });
      }),
      { numRuns: 300 },
    );
  });

  it('takes an empty or absent ATS username and password as not configured, one alone as a mistake', () => {
    // Prepare
    const pairs = fc.tuple(
      fc.constantFrom(undefined, '', 'ci-user'),
      fc.constantFrom(undefined, '', 'ci-password'),
    );
    const base = { slackSigningSecret: 's', slackBotToken: 'b', atsAppApiToken: 'a' };

    // Act
    // Assess
    fc.assert(
      fc.property(pairs, ([atsUsername, atsPassword]) => {
        const result = outcome({ ...base, atsUsername, atsPassword });
        const set = [atsUsername, atsPassword].filter((v) => v !== undefined && v !== '').length;
        if (set === 1) {
          expect(result).toStrictEqual({
            problems: ['atsUsername and atsPassword must be set together or not at all'],
          });
        } else {
          expect(result).toStrictEqual({
            value: set === 2 ? { ...base, atsUsername, atsPassword } : base,
          });
        }
      }),
    );
  });

  it('never throws anything but a ConfigError, and never repeats a value in a problem', () => {
    // Prepare
    const value = fc.oneof(secretValue, fc.anything());
    const inputs = fc.oneof(
      fc.record(
        Object.fromEntries([...REQUIRED, ...OPTIONAL, 'extra'].map((key) => [key, value])),
        { requiredKeys: [] },
      ),
      fc.anything(),
    );

    // Act
    // Assess
    fc.assert(
      fc.property(inputs, (input) => {
        const result = outcome(input);
        if (!('problems' in result)) return;
        for (const problem of result.problems) expect(problem).not.toMatch(/s3cr3t-/);
      }),
      { numRuns: 1_000 },
    );
  });

  it('says what it expects of something that is not an object', () => {
    // Prepare
    const inputs: unknown[] = [null, 'text', 7, ['slackBotToken']];

    // Act
    const results = inputs.map(outcome);

    // Assess
    for (const result of results) {
      expect(result).toStrictEqual({
        problems: [
          'expected a JSON object with keys slackSigningSecret, slackBotToken, atsAppApiToken, atsUsername, atsPassword',
        ],
      });
    }
  });

  it('names the keys through nameOf, as the environment variables locally', () => {
    // Act
    const error = (() => {
      try {
        parseBotSecrets({ slackBotToken: 3 }, 'environment', (key) => key.toUpperCase());
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();

    // Assess
    expect(error.problems).toStrictEqual([
      'SLACKSIGNINGSECRET is missing',
      'SLACKBOTTOKEN must be text',
      'ATSAPPAPITOKEN is missing',
    ]);
  });
});
