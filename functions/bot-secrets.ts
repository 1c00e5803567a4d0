import type { BotSecrets } from './env';

/** Some of the secret values: one function's own (`SecretsOf`), or all of them (local mode). */
type SomeSecrets = Partial<BotSecrets>;

/**
 * Every secret key, and whether its value is kept out of the logs. A key added to
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
 * The values no log line may show (for `redactSecrets`): every credential in `secrets` (those the
 * entry point holds), plus `extra` ones only that entry has (local mode's Slack app token).
 * Absent and empty values are left out.
 */
export function secretValuesToRedact(
  secrets: SomeSecrets,
  extra: readonly (string | undefined)[] = [],
): string[] {
  const values = SECRET_FIELDS.filter((key) => REDACTED[key]).map((key) => secrets[key]);
  return [...values, ...extra].filter((value): value is string => !!value);
}

/**
 * True when what was built from `previous` (a Bolt app, a lifecycle) must be built again for
 * `next`: there was nothing before, or any value differs, added or removed.
 */
export function secretsChanged(previous: SomeSecrets | undefined, next: SomeSecrets): boolean {
  return previous === undefined || SECRET_FIELDS.some((key) => previous[key] !== next[key]);
}
