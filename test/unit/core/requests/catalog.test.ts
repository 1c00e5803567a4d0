import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseCatalog,
  type TemplateEntry,
  validateCatalog,
} from '../../../../functions/core/requests/catalog';
import { describeValue } from '../../../../functions/core/validation';

// The catalog validator on its own terms: what it accepts and fills in, and for each kind of
// mistake the path and the words it refuses it with.

const ALIAS_ACCEPTS =
  '1-40 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit';

/** What each field accepts, as the problems say it. */
const ACCEPTS: Record<keyof TemplateEntry, string> = {
  alias: ALIAS_ACCEPTS,
  templateId: 'text of 1-200 characters',
  name: 'text of 1-150 characters',
  notifyChannels: 'a list of ids, each a Slack channel id such as C0123ABCD',
  allowedUsers: 'a list of ids, each a Slack user id such as U0123ABCD',
  allowedUserGroups: 'a list of ids, each a Slack user group id such as S0123ABCD',
  allowedChannels: 'a list of ids, each a Slack channel id such as C0123ABCD',
  autoReruns: 'a whole number from 0 to 2',
  autoRerunRule: 'one of "until-pass", "confirm"',
  broadcastFailures: 'true or false',
  description: 'text of 1-300 characters',
  quietPasses: 'true or false',
  atsJobUrlTemplate:
    'an http(s) URL of at most 1000 characters; it may hold the placeholders {appId}, {jobId} and {templateId}',
};

const DEFAULTS = {
  notifyChannels: [],
  allowedUsers: [],
  allowedUserGroups: [],
  allowedChannels: [],
  autoReruns: 0,
  autoRerunRule: 'until-pass',
  broadcastFailures: false,
  quietPasses: true,
};

/** Texts whose length in code points is not their length in UTF-16 units. */
const astral = (minLength: number, maxLength: number) =>
  fc.string({ unit: 'grapheme-ascii', minLength, maxLength }).map((s) => s.replace(/a/g, '😀'));

const slackIds = (prefixes: string) =>
  fc.array(fc.stringMatching(new RegExp(`^[${prefixes}][A-Z0-9]{2,10}$`)), { maxLength: 3 });

const validEntry = fc.record(
  {
    alias: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,39}$/),
    templateId: fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), astral(1, 200)),
    name: fc.oneof(fc.string({ minLength: 1, maxLength: 150 }), astral(1, 150)),
    notifyChannels: slackIds('CG'),
    allowedUsers: slackIds('UW'),
    allowedUserGroups: slackIds('S'),
    allowedChannels: slackIds('CG'),
    autoReruns: fc.integer({ min: 0, max: 2 }),
    autoRerunRule: fc.constantFrom('until-pass', 'confirm'),
    broadcastFailures: fc.boolean(),
    description: fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), astral(1, 300)),
    quietPasses: fc.boolean(),
    atsJobUrlTemplate: fc.constantFrom(
      'https://ats.example.com/#/apps/{appId}/jobs/{jobId}',
      'http://ats.intra:8080/job?id={jobId}&template={templateId}',
      'https://ats.example.com/jobs',
    ),
  },
  { requiredKeys: ['alias', 'templateId', 'name'] },
);

const validCatalog = fc.uniqueArray(validEntry, { maxLength: 5, selector: (e) => e.alias });

/** Values each field refuses (absent aside), with the path step under the field, if any. */
const BAD_VALUES: Record<keyof TemplateEntry, fc.Arbitrary<unknown>> = {
  alias: fc.oneof(
    fc.constantFrom('', 'Smoke', '-smoke', 'a'.repeat(41), 'smoke tests', 'smoke!', 3, null, []),
    fc.stringMatching(/^[a-z0-9]{1,5}[A-Z /!]$/),
  ),
  templateId: fc.oneof(fc.constantFrom('', 7, true, null, {}), fc.string({ minLength: 201 })),
  name: fc.oneof(fc.constantFrom('', 1.5, false, ['n']), astral(151, 160)),
  notifyChannels: fc.constantFrom('C0123ABCD', 5, null, {}),
  allowedUsers: fc.constantFrom('U0123ABCD', true, null),
  allowedUserGroups: fc.constantFrom('S0123ABCD', 0, {}),
  allowedChannels: fc.constantFrom('C0123ABCD', null, 'all'),
  autoReruns: fc.constantFrom(-1, 3, 1.5, '1', Number.NaN, Number.POSITIVE_INFINITY, null, true),
  autoRerunRule: fc.constantFrom('until_pass', 'CONFIRM', '', 1, null),
  broadcastFailures: fc.constantFrom('yes', 'true', 1, 0, null, []),
  description: fc.oneof(fc.constantFrom('', 3, null, ['d']), astral(301, 310)),
  quietPasses: fc.constantFrom('no', 'false', 0, null),
  atsJobUrlTemplate: fc.constantFrom(
    '',
    'ats.example.com/{jobId}',
    'https://ats.example.com/{job}',
    'https://user:pw@ats.example.com/{jobId}',
    'ftp://ats.example.com/{jobId}',
    `https://ats.example.com/${'a'.repeat(990)}`,
    42,
    null,
  ),
};
const FIELDS = Object.keys(BAD_VALUES) as (keyof TemplateEntry)[];

describe('validateCatalog', () => {
  it('accepts any well-formed catalog and fills in the defaults of the optional fields', () => {
    // Act
    // Assess
    fc.assert(
      fc.property(validCatalog, (catalog) => {
        expect(validateCatalog(catalog)).toStrictEqual({
          ok: true,
          value: catalog.map((entry) => ({ ...DEFAULTS, ...entry })),
        });
        expect(parseCatalog(catalog)).toHaveLength(catalog.length);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a bad field of any entry, naming the entry, the field, what it accepts and what it got', () => {
    // Prepare
    const cases = fc
      .tuple(
        validCatalog.filter((c) => c.length > 0),
        fc.constantFrom(...FIELDS),
        fc.nat(),
      )
      .chain(([catalog, field, at]) =>
        BAD_VALUES[field].map((bad) => ({ catalog, field, index: at % catalog.length, bad })),
      );

    // Act
    // Assess
    fc.assert(
      fc.property(cases, ({ catalog, field, index, bad }) => {
        const broken = catalog.map((entry, i) =>
          i === index ? { ...entry, [field]: bad } : entry,
        );
        expect(validateCatalog(broken)).toStrictEqual({
          ok: false,
          issue: {
            path: [index, field],
            message: `${field} must be ${ACCEPTS[field]}, got ${describeValue(bad)}`,
          },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a bad id inside a list by its position in the list', () => {
    // Prepare
    const entry = { alias: 'smoke', templateId: 't', name: 'n' };

    // Act
    const result = validateCatalog([{ ...entry, allowedUsers: ['U0123ABCD', 'u0123abcd'] }]);

    // Assess
    expect(result).toStrictEqual({
      ok: false,
      issue: {
        path: [0, 'allowedUsers', 1],
        message: 'allowedUsers[1] must be a Slack user id such as U0123ABCD, got "u0123abcd"',
      },
    });
  });

  it('names a missing required field and what it should hold', () => {
    // Prepare
    const cases = fc.tuple(validEntry, fc.constantFrom('alias', 'templateId', 'name' as const));

    // Act
    // Assess
    fc.assert(
      fc.property(cases, ([entry, field]) => {
        const { [field]: _gone, ...rest } = entry;
        expect(validateCatalog([rest])).toStrictEqual({
          ok: false,
          issue: { path: [0, field], message: `${field} is required: ${ACCEPTS[field]}` },
        });
      }),
      { numRuns: 100 },
    );
  });

  it('names unknown fields and lists the known ones', () => {
    // Prepare
    const entry = { alias: 'smoke', templateId: 't', name: 'n' };

    // Act
    const one = validateCatalog([{ ...entry, owner: 'me' }]);
    const two = validateCatalog([entry, { ...entry, alias: 'b', owner: 'me', 'a"b': 1 }]);

    // Assess
    const known =
      'alias, templateId, name, notifyChannels, allowedUsers, allowedUserGroups, allowedChannels, autoReruns, autoRerunRule, broadcastFailures, description, quietPasses, atsJobUrlTemplate';
    expect(one).toStrictEqual({
      ok: false,
      issue: { path: [0], message: `unknown field "owner" (known fields: ${known})` },
    });
    expect(two).toStrictEqual({
      ok: false,
      issue: { path: [1], message: `unknown fields "owner", "a\\"b" (known fields: ${known})` },
    });
  });

  it('refuses a repeated alias where it repeats, naming the entry that has it first', () => {
    // Prepare
    const cases = fc
      .tuple(
        validCatalog.filter((c) => c.length > 0),
        fc.nat(),
        validEntry,
      )
      .map(([catalog, at, extra]) => {
        const first = at % catalog.length;
        return { catalog, first, again: { ...extra, alias: catalog[first]?.alias } };
      });

    // Act
    // Assess
    fc.assert(
      fc.property(cases, ({ catalog, first, again }) => {
        expect(validateCatalog([...catalog, again])).toStrictEqual({
          ok: false,
          issue: {
            path: [catalog.length, 'alias'],
            message: `alias "${again.alias}" is already used by entry ${first}: aliases must be unique`,
          },
        });
      }),
      { numRuns: 200 },
    );
  });

  it('says what a catalog and an entry must be when they are something else', () => {
    // Act
    const notAList = validateCatalog({ smoke: 'tpl' });
    const notAnEntry = validateCatalog([3]);

    // Assess
    expect(notAList).toStrictEqual({
      ok: false,
      issue: {
        path: [],
        message: 'the catalog must be a list (JSON array) of entries, got an object',
      },
    });
    expect(notAnEntry).toStrictEqual({
      ok: false,
      issue: {
        path: [0],
        message: 'an entry must be an object with alias, templateId and name, got 3',
      },
    });
  });

  it('counts characters as people do: 150 emoji are a valid name, 151 are not', () => {
    // Prepare
    const entry = { alias: 'smoke', templateId: 't' };

    // Act
    const fits = validateCatalog([{ ...entry, name: '😀'.repeat(150) }]);
    const tooLong = validateCatalog([{ ...entry, name: '😀'.repeat(151) }]);

    // Assess
    expect(fits.ok).toBe(true);
    expect(tooLong.ok).toBe(false);
  });

  it('never throws, and refuses only with a path into the input and a message', () => {
    // Prepare
    const inputs = fc.oneof(
      fc.anything(),
      fc.array(fc.oneof(validEntry, fc.anything()), { maxLength: 4 }),
      fc.array(
        fc.record(Object.fromEntries(FIELDS.map((f) => [f, fc.anything()])), { requiredKeys: [] }),
        { maxLength: 3 },
      ),
    );

    // Act
    // Assess
    fc.assert(
      fc.property(inputs, (input) => {
        const result = validateCatalog(input);
        if (result.ok) return;
        expect(result.issue.message).toMatch(/ (must be|is required|already used)|^unknown field/);
        const [index] = result.issue.path;
        if (index !== undefined) expect(Array.isArray(input) && index in input).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('parseCatalog', () => {
  it('throws the problem with where it is, as operators read it in a failed synth or start-up', () => {
    // Prepare
    const entry = { alias: 'smoke', templateId: 't', name: 'n' };

    // Act
    const badAlias = () => parseCatalog([{ ...entry, alias: 'Smoke!' }]);
    const badReruns = () => parseCatalog([entry, { ...entry, alias: 'b', autoReruns: 3 }]);
    const notAList = () => parseCatalog('smoke');

    // Assess
    expect(badAlias).toThrow(
      `Invalid templates catalog at [0.alias]: alias must be ${ALIAS_ACCEPTS}, got "Smoke!"`,
    );
    expect(badReruns).toThrow(
      'Invalid templates catalog at [1.autoReruns]: autoReruns must be a whole number from 0 to 2, got 3',
    );
    expect(notAList).toThrow(
      'Invalid templates catalog: the catalog must be a list (JSON array) of entries, got "smoke"',
    );
  });
});
