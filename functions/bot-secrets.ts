import type { BotSecrets } from './env';

/**
 * Every key of the bot's secret, and whether its value is kept out of the logs. A key added to
 * {@link BotSecrets} does not compile until it is decided here. The ATS user name is an account
 * name, not a credential: log lines may name it.
 */
const REDACTED: Readonly<Record<keyof BotSecrets, boolean>> = {
  slackSigningSecret: true,
  slackBotToken: true,
  atsAppApiToken: true,
  atsUsername: false,
  atsPassword: true,
};

const SECRET_FIELDS = Object.keys(REDACTED) as (keyof BotSecrets)[];

/**
 * The values no log line may show (for `redactSecrets`): every credential in `secrets`, the same
 * in every entry point, plus `extra` ones only that entry has (local mode's Slack app token).
 * Absent and empty values are left out.
 */
export function secretValuesToRedact(
  secrets: BotSecrets,
  extra: readonly (string | undefined)[] = [],
): string[] {
  const values = SECRET_FIELDS.filter((key) => REDACTED[key]).map((key) => secrets[key]);
  return [...values, ...extra].filter((value): value is string => !!value);
}

/**
 * True when what was built from `previous` (a Bolt app, a lifecycle) must be built again for
 * `next`: there was nothing before, or any value differs, added or removed.
 */
export function secretsChanged(previous: BotSecrets | undefined, next: BotSecrets): boolean {
  return previous === undefined || SECRET_FIELDS.some((key) => previous[key] !== next[key]);
}
