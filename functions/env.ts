import {
  envNamesOf,
  type RuntimeSettingName,
  type SETTINGS,
  type SecretName,
  settingNames,
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
 * Keys of the JSON secret. Locally (and in tests) the same values come from the environment
 * variables named alongside.
 */
export const SECRET_KEYS = envNamesOf(
  settingNames((spec) => spec.scope === 'secret') as SecretName[],
);

/** The secret values the bot needs at run time (the optional ones absent when not configured). */
export type BotSecrets = {
  [K in SecretName as (typeof SETTINGS)[K] extends { required: readonly unknown[] }
    ? K
    : never]: string;
} & {
  [K in SecretName as (typeof SETTINGS)[K] extends { required: readonly unknown[] }
    ? never
    : K]?: string;
};
