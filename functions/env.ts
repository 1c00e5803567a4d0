import type { SecretHolder } from './setting-spec';
import {
  envNamesOf,
  type RuntimeSettingName,
  type SETTINGS,
  type SecretName,
  settingNames,
  settingSpec,
} from './settings';

/**
 * Names of the environment variables `loadRuntimeConfig` reads, by setting (the rows of
 * `functions/settings.ts` read by `config`). The CDK stack sets them; `functions/config.ts` reads
 * and validates them. Secret values are never in the environment on AWS: only the ARN of the
 * Secrets Manager secret that holds them.
 */
export const ENV = envNamesOf(
  settingNames((spec) => spec.readBy === 'config') as RuntimeSettingName[],
);

/**
 * Every secret's JSON key, and the environment variable that carries it locally (and in tests;
 * on AWS the values come from each function's own Secrets Manager secret).
 */
export const SECRET_KEYS = envNamesOf(
  settingNames((spec) => spec.scope === 'secret') as SecretName[],
);

/** The keys of `holder`'s own secret, in table order (the rows' `secretOf`). */
export function secretKeysOf(holder: SecretHolder): SecretName[] {
  return (Object.keys(SECRET_KEYS) as SecretName[]).filter((key) =>
    settingSpec(key).secretOf?.includes(holder),
  );
}

type SecretRow<K extends SecretName> = (typeof SETTINGS)[K];
/** The functions whose secret holds `K`. */
type HoldersOf<K extends SecretName> =
  SecretRow<K> extends { secretOf: readonly (infer H)[] } ? H : never;
type IsRequired<K extends SecretName> =
  SecretRow<K> extends { required: readonly unknown[] } ? true : false;

/** The values of `H`'s own secret (the optional ones absent when not configured). */
export type SecretsOf<H extends SecretHolder> = {
  [K in SecretName as H extends HoldersOf<K>
    ? IsRequired<K> extends true
      ? K
      : never
    : never]: string;
} & {
  [K in SecretName as H extends HoldersOf<K>
    ? IsRequired<K> extends true
      ? never
      : K
    : never]?: string;
};

/** What the Slack ingress reads: the signing secret and the bot token. */
export type IngressSecrets = SecretsOf<'ingress'>;
/** What the job worker reads: the bot token and the ATS credentials. */
export type WorkerSecrets = SecretsOf<'worker'>;
/** Every secret value: what local mode, which runs both, reads from its environment. */
export type BotSecrets = IngressSecrets & WorkerSecrets;
