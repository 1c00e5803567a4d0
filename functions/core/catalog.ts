import { z } from 'zod';

/** Slack ids are upper-case alphanumerics with a type prefix (U…, W…, S…, C…, G…). */
const slackId = (prefixes: string, what: string) =>
  z
    .string()
    .regex(
      new RegExp(`^[${prefixes}][A-Z0-9]{2,}$`),
      `must be a Slack ${what} id such as ${prefixes[0]}0123ABCD`,
    );

/** One entry of the templates catalog: alias → ATS CI/CD template and its settings. */
export const templateEntrySchema = z
  .object({
    /** What people type: `/ats run <alias>`. */
    alias: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]{0,39}$/,
        'must be 1-40 lower-case letters, digits, ".", "_" or "-"',
      ),
    /** ATS CI/CD template UID. */
    templateId: z.string().min(1).max(200),
    /** Display name on cards and in `/ats list`. */
    name: z.string().min(1).max(150),
    /** Channels that get a completion notice with a link to the thread. */
    notifyChannels: z.array(slackId('CG', 'channel')).default([]),
    /** Who may run it; when all three are empty, everyone may. */
    allowedUsers: z.array(slackId('UW', 'user')).default([]),
    allowedUserGroups: z.array(slackId('S', 'user group')).default([]),
    allowedChannels: z.array(slackId('CG', 'channel')).default([]),
    /** Automatic RerunNotPassed calls after a job with not-passed cases (0-2, like the vendor plugin). */
    autoReruns: z.number().int().min(0).max(2).default(0),
    /** Also post failures to the channel (reply_broadcast), not only in the thread. */
    broadcastFailures: z.boolean().default(false),
  })
  .strict();

/** A validated catalog entry with defaults filled in. */
export type TemplateEntry = z.output<typeof templateEntrySchema>;

/** The whole catalog: aliases unique. */
export const catalogSchema = z.array(templateEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.alias)) {
      ctx.addIssue({ code: 'custom', message: `duplicate alias "${e.alias}"`, path: [i, 'alias'] });
    }
    seen.add(e.alias);
  });
});

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
