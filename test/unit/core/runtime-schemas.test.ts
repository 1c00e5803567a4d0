import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCatalog, validateCatalog } from '../../../functions/core/requests/catalog';
import { SCHEDULE_ID } from '../../../functions/core/schedules/schedule';
import { parseWorkerMessage, SCHEDULED_TIME } from '../../../functions/core/worker-message';

// The run-time validators replaced zod schemas to keep zod out of the Lambda bundles. These are
// the zod schemas they replaced, verbatim, kept as the oracle: on any input, both must accept
// the same values with the same output, and a refused catalog must be refused with zod's first
// issue (path and message), which is what `parseCatalog` reports.

const slackId = (prefixes: string, what: string) =>
  z
    .string()
    .regex(
      new RegExp(`^[${prefixes}][A-Z0-9]{2,}$`),
      `must be a Slack ${what} id such as ${prefixes[0]}0123ABCD`,
    );

const referenceEntry = z
  .object({
    alias: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]{0,39}$/,
        'must be 1-40 lower-case letters, digits, ".", "_" or "-"',
      ),
    templateId: z.string().min(1).max(200),
    name: z.string().min(1).max(150),
    notifyChannels: z.array(slackId('CG', 'channel')).default([]),
    allowedUsers: z.array(slackId('UW', 'user')).default([]),
    allowedUserGroups: z.array(slackId('S', 'user group')).default([]),
    allowedChannels: z.array(slackId('CG', 'channel')).default([]),
    autoReruns: z.number().int().min(0).max(2).default(0),
    autoRerunRule: z.enum(['until-pass', 'confirm']).default('until-pass'),
    broadcastFailures: z.boolean().default(false),
  })
  .strict();

const referenceCatalog = z.array(referenceEntry).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.alias)) {
      ctx.addIssue({ code: 'custom', message: `duplicate alias "${e.alias}"`, path: [i, 'alias'] });
    }
    seen.add(e.alias);
  });
});

const requestId = z.string().min(1).max(128);
const scheduleId = z.string().regex(SCHEDULE_ID);
const scheduledTime = z
  .string()
  .regex(SCHEDULED_TIME)
  .refine((time) => !Number.isNaN(Date.parse(time)));
const referenceWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), requestId }).strict(),
  z.object({ type: z.literal('rerun'), requestId }).strict(),
  z.object({ type: z.literal('watch'), requestId }).strict(),
  z.object({ type: z.literal('poll'), requestId, seq: z.number().int().min(0) }).strict(),
  z.object({ type: z.literal('sync_schedule'), scheduleId }).strict(),
  z.object({ type: z.literal('fire_schedule'), scheduleId, scheduledTime }).strict(),
]);

/** What zod made of an input: the value, or its first issue's path and message. */
function zodOutcome(result: z.ZodSafeParseResult<unknown>) {
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return { ok: false, issue: { path: issue?.path, message: issue?.message } };
}

/** What a parse that throws made of an input: the value, or the error's message. */
function thrownOutcome(parse: () => unknown) {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** Texts whose length in code points differs from their length in UTF-16 units. */
const astralText = (minLength: number, maxLength: number) =>
  fc.string({ unit: 'binary', minLength, maxLength });

/** Numbers around the bounds: counts, safe-integer limits, non-finite values, fractions. */
const edgeNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1, 2, 3, 1.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(Number.NEGATIVE_INFINITY, 2 ** 53, -(2 ** 53), 1e300, -1e300, 2 ** 53 - 1),
  fc.double(),
);

/** Texts around the length bounds (128, 150, 200), counted in units and in code points. */
const edgeLengthText = fc.oneof(
  ...[128, 150, 200].map((bound) => fc.string({ minLength: bound - 2, maxLength: bound + 2 })),
  ...[128, 150, 200].map((bound) => astralText(bound - 2, bound + 2)),
);

/** Values near the schemas' edges: valid and invalid ids, lengths, numbers and types. */
const edgeValue = fc.oneof(
  fc.constantFrom('', 'smoke', 'Smoke', 'a'.repeat(41), 'C0123ABCD', 'U1', 'S0ABC', 'W0XY1'),
  fc.string({ maxLength: 8 }),
  fc.string({ minLength: 140, maxLength: 210 }),
  astralText(100, 210),
  fc.constantFrom('😀'.repeat(150), `a${'😀'.repeat(100)}`, '\ud83d', '\ude00\ud83d'),
  edgeNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(() => 0, Symbol('s'), 10n),
  fc.constantFrom(new Date(0), new Map(), [], {}, Object.create(null), new (class Named {})()),
);

const entryLike = fc.record(
  {
    alias: edgeValue,
    templateId: edgeValue,
    name: edgeValue,
    notifyChannels: fc.oneof(fc.array(edgeValue, { maxLength: 3 }), edgeValue),
    allowedUsers: fc.array(edgeValue, { maxLength: 3 }),
    allowedUserGroups: fc.array(edgeValue, { maxLength: 3 }),
    allowedChannels: fc.array(edgeValue, { maxLength: 3 }),
    autoReruns: edgeValue,
    broadcastFailures: edgeValue,
    extra: edgeValue,
    'a"b': edgeValue,
  },
  { requiredKeys: [] },
);

const validEntry = fc.record(
  {
    alias: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,39}$/),
    templateId: fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), astralText(1, 200)),
    name: fc.oneof(fc.string({ minLength: 1, maxLength: 150 }), astralText(1, 150)),
    allowedUsers: fc.array(fc.stringMatching(/^[UW][A-Z0-9]{2,10}$/), { maxLength: 2 }),
    autoReruns: fc.integer({ min: 0, max: 2 }),
    broadcastFailures: fc.boolean(),
  },
  { requiredKeys: ['alias', 'templateId', 'name'] },
);

/** Valid entries with one field broken or one key added: each kind of first issue on its own. */
const nearlyValidEntry = fc
  .tuple(
    validEntry,
    fc.constantFrom(
      ...['alias', 'templateId', 'name', 'notifyChannels', 'allowedUsers', 'allowedUserGroups'],
      ...['allowedChannels', 'autoReruns', 'broadcastFailures', 'extra', '__proto__'],
    ),
  )
  .chain(([entry, key]) =>
    fc.oneof(edgeValue, edgeNumber, edgeLengthText).map((v) => ({ ...entry, [key]: v })),
  );

/** Valid and nearly valid entries whose aliases often repeat. */
const entryOfFewAliases = fc
  .tuple(fc.oneof(validEntry, nearlyValidEntry), fc.constantFrom('smoke', 'reg', undefined))
  .map(([entry, alias]) => (alias === undefined ? entry : { ...entry, alias }));

/** Entries whose keys or prototype are unusual: inherited fields, an own `__proto__`. */
const oddlyBuiltEntries = fc.constantFrom(
  Object.assign(Object.create({ alias: 'inherited' }), { templateId: 't', name: 'n' }),
  Object.assign(Object.create({ extra: 1 }), { alias: 'a', templateId: 't', name: 'n' }),
  JSON.parse('{"alias":"a","templateId":"t","name":"n","__proto__":{"x":1}}'),
);

const messageLike = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom(
        'start',
        'rerun',
        'watch',
        'poll',
        'sync_schedule',
        'fire_schedule',
        'stop',
        'toString',
      ),
      edgeValue,
    ),
    scheduleId: fc.oneof(
      edgeValue,
      fc.constantFrom('smoke-0123abcd', 'Smoke-0123abcd', 'smoke-0123abc'),
    ),
    scheduledTime: fc.oneof(
      edgeValue,
      fc.constantFrom(
        '2025-03-30T01:00:00Z',
        '2025-03-30T01:00:00.000Z',
        '2025-02-30T01:00:00Z',
        '2025-13-01T00:00:00Z',
        '2025-03-30 01:00',
      ),
    ),
    requestId: fc.oneof(
      edgeValue,
      fc.string({ minLength: 120, maxLength: 140 }),
      astralText(120, 135),
    ),
    seq: edgeValue,
    extra: edgeValue,
  },
  { requiredKeys: [] },
);

/** Valid messages with one field replaced or one key added. */
const nearlyValidMessage = fc
  .tuple(
    fc.constantFrom(
      { type: 'start', requestId: 'req-1' },
      { type: 'watch', requestId: '😀'.repeat(128) },
      { type: 'poll', requestId: 'r', seq: 0 },
      { type: 'sync_schedule', scheduleId: 'smoke-0123abcd' },
      {
        type: 'fire_schedule',
        scheduleId: 'a.b_c-ffffffff',
        scheduledTime: '2025-03-30T01:00:00Z',
      },
    ),
    fc.constantFrom('type', 'requestId', 'seq', 'scheduleId', 'scheduledTime', 'extra'),
    fc.oneof(
      edgeValue,
      edgeNumber,
      edgeLengthText,
      fc.constantFrom('start', 'rerun', 'watch', 'poll'),
    ),
  )
  .map(([message, key, value]) => ({ ...message, [key]: value }));

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
});

describe('run-time validators', () => {
  it('treat any catalog exactly as the zod schemas they replaced, first issue included', () => {
    // Prepare
    const entry = fc.oneof(entryLike, validEntry, nearlyValidEntry, oddlyBuiltEntries, anything);
    const catalogs = fc.oneof(
      fc.array(entry, { maxLength: 4 }),
      fc.array(fc.oneof(validEntry, nearlyValidEntry), { maxLength: 4 }),
      fc.array(entryOfFewAliases, { maxLength: 4 }),
      fc.array(validEntry, { maxLength: 4 }),
      anything,
    );

    // Act
    // Assess
    fc.assert(
      fc.property(catalogs, (input) => {
        const expected = zodOutcome(referenceCatalog.safeParse(input));
        expect(validateCatalog(input)).toStrictEqual(expected);
        const where = expected.issue?.path?.length ? ` at [${expected.issue.path.join('.')}]` : '';
        expect(thrownOutcome(() => parseCatalog(input))).toStrictEqual(
          expected.ok
            ? expected
            : {
                ok: false,
                message: `Invalid templates catalog${where}: ${expected.issue?.message}`,
              },
        );
      }),
      { numRuns: 4_000 },
    );
  });

  it('treat any worker message exactly as the zod schema it replaced', () => {
    // Prepare
    const messages = fc.oneof(messageLike, nearlyValidMessage, anything);

    // Act
    // Assess
    fc.assert(
      fc.property(messages, (input) => {
        const expected = referenceWorkerMessage.safeParse(input);
        expect(parseWorkerMessage(input)).toStrictEqual(
          expected.success ? expected.data : undefined,
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('accept and default a valid catalog entry, and refuse a duplicate alias by name', () => {
    // Prepare
    const entry = { alias: 'smoke', templateId: 'tpl-1', name: 'Smoke' };

    // Act
    const parsed = parseCatalog([entry]);
    const duplicate = () => parseCatalog([entry, { ...entry, templateId: 'tpl-2' }]);

    // Assess
    expect(parsed).toStrictEqual([
      {
        ...entry,
        notifyChannels: [],
        allowedUsers: [],
        allowedUserGroups: [],
        allowedChannels: [],
        autoReruns: 0,
        autoRerunRule: 'until-pass',
        broadcastFailures: false,
      },
    ]);
    expect(duplicate).toThrow('Invalid templates catalog at [1.alias]: duplicate alias "smoke"');
    expect(parseWorkerMessage({ type: 'poll', requestId: 'req-1', seq: 3 })).toStrictEqual({
      type: 'poll',
      requestId: 'req-1',
      seq: 3,
    });
  });

  it("word problems as zod's English messages where the check states no message of its own", () => {
    // Prepare
    const entry = { alias: 'smoke', templateId: '', name: 'Smoke' };

    // Act
    const tooShort = () => parseCatalog([entry]);
    const notInteger = () => parseCatalog([{ ...entry, templateId: 'tpl', autoReruns: 1.5 }]);
    const unknownKeys = () => parseCatalog([{ ...entry, templateId: 'tpl', owner: 'me', team: 1 }]);
    const badSeq = parseWorkerMessage({ type: 'poll', requestId: 'r', seq: '1' });
    const notAList = () => parseCatalog({ smoke: 'tpl' });

    // Assess
    expect(notAList).toThrow(
      /^Invalid templates catalog: Invalid input: expected array, received object$/,
    );
    expect(tooShort).toThrow(
      'Invalid templates catalog at [0.templateId]: Too small: expected string to have >=1 characters',
    );
    expect(notInteger).toThrow(
      'Invalid templates catalog at [0.autoReruns]: Invalid input: expected int, received number',
    );
    expect(unknownKeys).toThrow(
      'Invalid templates catalog at [0]: Unrecognized keys: "owner", "team"',
    );
    expect(badSeq).toBeUndefined();
  });
});
