import { type BotSecrets, SECRET_KEYS, type SecretsOf, secretKeysOf } from './env';
import type { RuntimeRole, SecretHolder } from './setting-spec';
import { settingCombinationProblems, settingFromText } from './setting-values';
import {
  type RuntimeSettingName,
  type SecretName,
  type SettingsAlwaysSetIn,
  type SettingValue,
  settingNames,
  settingSpec,
} from './settings';

export type { RuntimeRole } from './setting-spec';

/** The run-time settings a role always has (defaulted or required), the others optional. */
type RuntimeSettings<Role extends RuntimeRole> = {
  [K in RuntimeSettingName & SettingsAlwaysSetIn<Role>]: SettingValue<K>;
} & { [K in Exclude<RuntimeSettingName, SettingsAlwaysSetIn<Role>>]?: SettingValue<K> };

/**
 * Validated run-time settings with defaults filled in (the rows of `functions/settings.ts` read by
 * `config`). URLs always end in `/`.
 */
export type RuntimeConfig = { role: RuntimeRole } & RuntimeSettings<'local'>;

/** What the ingress function is guaranteed to have. */
export type IngressConfig = { role: 'ingress' } & RuntimeSettings<'ingress'>;

/** What the worker function is guaranteed to have. */
export type WorkerConfig = { role: 'worker' } & RuntimeSettings<'worker'>;

/** The settings `loadRuntimeConfig` reads, in table order. */
const RUNTIME_SETTINGS = settingNames((spec) => spec.readBy === 'config') as RuntimeSettingName[];

/** Thrown when configuration is missing or malformed; lists every problem, not only the first. */
export class ConfigError extends Error {
  /** Machine-readable error code. */
  readonly code = 'CONFIG_INVALID';

  constructor(
    /** One line per problem, each naming the variable (or secret key) and what is wrong. */
    readonly problems: readonly string[],
    what = 'configuration',
  ) {
    super(`Invalid ${what}: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment of one role: every setting of `functions/settings.ts` read
 * by `config`, by its variable, with its rule and default. Empty values count as unset, so a
 * stack may pass `""` for an optional setting. What each role requires is in the rows
 * (`ATS_APP_ID` everywhere; table, secret and worker names on AWS).
 *
 * @throws ConfigError (`CONFIG_INVALID`) naming every missing or malformed variable.
 */
export function loadRuntimeConfig(env: Env, role: 'ingress'): IngressConfig;
export function loadRuntimeConfig(env: Env, role: 'worker'): WorkerConfig;
export function loadRuntimeConfig(env: Env, role: RuntimeRole): RuntimeConfig;
export function loadRuntimeConfig(env: Env, role: RuntimeRole): RuntimeConfig {
  const problems: string[] = [];
  const config: Record<string, unknown> = { role };
  for (const name of RUNTIME_SETTINGS) {
    const spec = settingSpec(name);
    const variable = spec.env ?? name;
    const text = env[variable]?.trim();
    if (text === undefined || text === '') {
      if (spec.required?.includes(role)) problems.push(`${variable} is required`);
      // A fresh copy of a list default, so no caller can change the table's.
      else if (spec.default !== undefined) config[name] = structuredClone(spec.default);
      continue;
    }
    const checked = settingFromText(name, text, variable);
    if (checked.ok) config[name] = checked.value;
    else problems.push(checked.problem);
  }
  problems.push(...settingCombinationProblems(config, (name) => settingSpec(name).env ?? name));
  if (problems.length > 0) throw new ConfigError(problems);
  // Every setting was just read by its row: the shape is the table's.
  return config as RuntimeConfig;
}

/** Text that still stands in for a real secret value (the stack's placeholder). */
export const SECRET_PLACEHOLDER = 'REPLACE_ME';

/** Every secret, in table order. */
const SECRETS = settingNames((spec) => spec.scope === 'secret') as SecretName[];

/** Secrets that must hold a value; the others may be absent or empty ("not configured"). */
const REQUIRED_SECRETS = SECRETS.filter((key) => settingSpec(key).required !== undefined);

/**
 * Validates the values of one function's own secret (the parsed JSON of the secret): only the
 * keys that secret holds (`secretKeysOf(holder)`) are read, others are ignored. Problems name the
 * keys, never the values.
 *
 * @param source - where the values came from, for the message ("secret arn:…").
 * @throws ConfigError as {@link parseBotSecrets}.
 */
export function parseSecretsOf<H extends SecretHolder>(
  holder: H,
  input: unknown,
  source: string,
): SecretsOf<H> {
  return parseSecretKeys(secretKeysOf(holder), input, source, (key) => key) as SecretsOf<H>;
}

/**
 * Validates every secret value at once (values gathered from the environment, for local mode,
 * which runs both functions). Problems name the keys (through `nameOf`), never the values.
 *
 * @param source - where the values came from, for the message ("environment").
 * @param nameOf - how to name a key in messages (the JSON key, or the environment variable).
 * @throws ConfigError (`CONFIG_INVALID`) when the input is not an object, a required key is
 * missing, empty or still `REPLACE_ME`, a value is not text, or only one of the ATS username and
 * password is set.
 */
export function parseBotSecrets(
  input: unknown,
  source: string,
  nameOf: (key: SecretName) => string = (key) => key,
): BotSecrets {
  return parseSecretKeys(SECRETS, input, source, nameOf) as BotSecrets;
}

function parseSecretKeys(
  keys: readonly SecretName[],
  input: unknown,
  source: string,
  nameOf: (key: SecretName) => string,
): Partial<Record<SecretName, string>> {
  const what = `secrets from ${source}`;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError([`expected a JSON object with keys ${keys.join(', ')}`], what);
  }
  const values = input as Partial<Record<SecretName, unknown>>;
  const problems: string[] = [];
  const secrets: Partial<Record<SecretName, string>> = {};
  for (const key of keys) {
    const value = values[key];
    const required = REQUIRED_SECRETS.includes(key);
    if (value === undefined) {
      if (required) problems.push(`${nameOf(key)} is missing`);
    } else if (typeof value !== 'string') {
      problems.push(`${nameOf(key)} must be text`);
    } else if (!required) {
      // The stack creates the optional ones empty: empty is "not configured".
      if (value !== '') secrets[key] = value;
    } else {
      // Tokens never carry surrounding blanks; a pasted trailing newline would break every call.
      const token = value.trim();
      if (token === '') problems.push(`${nameOf(key)} is empty`);
      else if (token === SECRET_PLACEHOLDER) {
        problems.push(`${nameOf(key)} still holds the placeholder ${SECRET_PLACEHOLDER}`);
      } else secrets[key] = token;
    }
  }
  if (
    keys.includes('atsUsername') &&
    (secrets.atsUsername === undefined) !== (secrets.atsPassword === undefined)
  ) {
    problems.push(
      `${nameOf('atsUsername')} and ${nameOf('atsPassword')} must be set together or not at all`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems, what);
  // Every required key was set above, or a problem was recorded; other keys are left out.
  return secrets;
}

/**
 * Reads the secret values from environment variables named in `SECRET_KEYS` (local mode and
 * tests; on AWS they come from Secrets Manager).
 * @throws ConfigError (`CONFIG_INVALID`) as {@link parseBotSecrets}, naming the variables.
 */
export function loadSecretsFromEnv(env: Env): BotSecrets {
  const values: Record<string, string | undefined> = {};
  for (const [key, variable] of Object.entries(SECRET_KEYS)) values[key] = env[variable];
  return parseBotSecrets(values, 'environment', (key) => SECRET_KEYS[key]);
}
