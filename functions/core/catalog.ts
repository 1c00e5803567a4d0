import * as z from 'zod/mini';
import './schema-messages';

// `zod/mini` (see schema-messages.ts): each schema states the same checks, in the same order,
// as the `zod` one it replaced, so inputs are accepted, defaulted and refused alike, with the
// same messages (test/unit/core/runtime-schemas.test.ts compares both on generated input).

/** Slack ids are upper-case alphanumerics with a type prefix (U…, W…, S…, C…, G…). */
const slackId = (prefixes: string, what: string) =>
  z
    .string()
    .check(
      z.regex(
        new RegExp(`^[${prefixes}][A-Z0-9]{2,}$`),
        `must be a Slack ${what} id such as ${prefixes[0]}0123ABCD`,
      ),
    );

/** A list of Slack ids, empty when absent. */
const slackIds = (prefixes: string, what: string) =>
  z._default(z.array(slackId(prefixes, what)), []);

/** One entry of the templates catalog: alias → ATS CI/CD template and its settings. */
export const templateEntrySchema = z.strictObject({
  /** What people type: `/ats run <alias>`. */
  alias: z
    .string()
    .check(
      z.regex(
        /^[a-z0-9][a-z0-9._-]{0,39}$/,
        'must be 1-40 lower-case letters, digits, ".", "_" or "-"',
      ),
    ),
  /** ATS CI/CD template UID. */
  templateId: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Display name on cards and in `/ats list`. */
  name: z.string().check(z.minLength(1), z.maxLength(150)),
  /** Channels that get a completion notice with a link to the thread. */
  notifyChannels: slackIds('CG', 'channel'),
  /** Who may run it; when all three are empty, everyone may. */
  allowedUsers: slackIds('UW', 'user'),
  allowedUserGroups: slackIds('S', 'user group'),
  allowedChannels: slackIds('CG', 'channel'),
  /** Automatic RerunNotPassed calls after a job with not-passed cases (0-2, like the vendor plugin). */
  autoReruns: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(2)), 0),
  /** Also post failures to the channel (reply_broadcast), not only in the thread. */
  broadcastFailures: z._default(z.boolean(), false),
});

/** A validated catalog entry with defaults filled in. */
export type TemplateEntry = z.output<typeof templateEntrySchema>;

/** The whole catalog: aliases unique. */
export const catalogSchema = z.array(templateEntrySchema).check(
  z.superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.alias)) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate alias "${e.alias}"`,
          path: [i, 'alias'],
        });
      }
      seen.add(e.alias);
    });
  }),
);

/**
 * Parses and validates a catalog.
 * @throws Error naming the first problem (entry index and field) when the catalog is malformed.
 */
export function parseCatalog(input: unknown): TemplateEntry[] {
  const parsed = catalogSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `at [${issue.path.join('.')}]` : '';
    throw new Error(`Invalid templates catalog ${where}: ${issue?.message ?? 'malformed'}`.trim());
  }
  return parsed.data;
}
