import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseBotSecrets } from '../../../functions/config';
import { catalogSchema, parseCatalog } from '../../../functions/core/catalog';
import { parseWorkerMessage, workerMessageSchema } from '../../../functions/core/worker-message';

// The run-time schemas moved from `zod` to `zod/mini` to shrink the Lambda bundles. These are
// the `zod` schemas they replaced, verbatim: on any input, both must accept the same values with
// the same output, or refuse them with the same issues (code, path, message).

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
const referenceWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), requestId }).strict(),
  z.object({ type: z.literal('rerun'), requestId }).strict(),
  z.object({ type: z.literal('watch'), requestId }).strict(),
  z.object({ type: z.literal('poll'), requestId, seq: z.number().int().min(0) }).strict(),
]);

/** What a schema made of an input: the value, or the issues without zod's internal fields. */
function outcome(result: { success: boolean; data?: unknown; error?: { issues: unknown[] } }) {
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, issues: JSON.parse(JSON.stringify(result.error?.issues)) };
}

/** Values near the schemas' edges: valid and invalid ids, lengths, numbers and types. */
const edgeValue = fc.oneof(
  fc.constantFrom('', 'smoke', 'Smoke', 'a'.repeat(41), 'C0123ABCD', 'U1', 'S0ABC', 'W0XY1'),
  fc.string({ maxLength: 8 }),
  fc.string({ minLength: 140, maxLength: 210 }),
  fc.constantFrom(-1, 0, 1, 2, 3, 1.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
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
  },
  { requiredKeys: [] },
);

const validEntry = fc.record(
  {
    alias: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,39}$/),
    templateId: fc.string({ minLength: 1, maxLength: 200 }),
    name: fc.string({ minLength: 1, maxLength: 150 }),
    allowedUsers: fc.array(fc.stringMatching(/^[UW][A-Z0-9]{2,10}$/), { maxLength: 2 }),
    autoReruns: fc.integer({ min: 0, max: 2 }),
    broadcastFailures: fc.boolean(),
  },
  { requiredKeys: ['alias', 'templateId', 'name'] },
);

const messageLike = fc.record(
  {
    type: fc.oneof(fc.constantFrom('start', 'rerun', 'watch', 'poll', 'stop'), edgeValue),
    requestId: fc.oneof(edgeValue, fc.string({ minLength: 120, maxLength: 140 })),
    seq: edgeValue,
    extra: edgeValue,
  },
  { requiredKeys: [] },
);

describe('run-time schemas on zod/mini', () => {
  it('treat any catalog exactly as the zod schemas they replaced', () => {
    // Prepare
    const catalogs = fc.oneof(
      fc.array(fc.oneof(entryLike, validEntry), { maxLength: 4 }),
      fc.array(validEntry, { maxLength: 4 }),
      fc.anything(),
    );

    // Act
    // Assess
    fc.assert(
      fc.property(catalogs, (input) => {
        expect(outcome(catalogSchema.safeParse(input))).toStrictEqual(
          outcome(referenceCatalog.safeParse(input)),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('treat any worker message exactly as the zod schema it replaced', () => {
    // Prepare
    const messages = fc.oneof(messageLike, fc.anything());

    // Act
    // Assess
    fc.assert(
      fc.property(messages, (input) => {
        expect(outcome(workerMessageSchema.safeParse(input))).toStrictEqual(
          outcome(referenceWorkerMessage.safeParse(input)),
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

  it('drop empty optional secrets and name keys, never values, in problems', () => {
    // Prepare
    const input = {
      slackSigningSecret: 'signing',
      slackBotToken: 'xoxb-1',
      atsAppApiToken: 7,
      atsUsername: '',
      atsPassword: '',
    };

    // Act
    const refused = () => parseBotSecrets(input, 'test');
    const accepted = parseBotSecrets({ ...input, atsAppApiToken: 'token' }, 'test');

    // Assess
    expect(refused).toThrow('Invalid secrets from test: atsAppApiToken must be text');
    expect(accepted).toStrictEqual({
      slackSigningSecret: 'signing',
      slackBotToken: 'xoxb-1',
      atsAppApiToken: 'token',
    });
  });
});
