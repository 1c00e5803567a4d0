import type { SecretHolder, SettingSpec } from '../setting-spec';

// Builders of the settings table's rows (`../settings.ts`), one per kind of row. Each writes what
// follows from the kind (the scope, what reads the variable, a secret's rule and holders), so a
// row in `./*.ts` says only what is its own: its variable, values, default and meaning. The rows
// keep their literal types, which `SettingName`, `SettingValue` and the name sets are read from.

/** What a row says itself, beside what its builder writes. */
type OwnPart = Omit<SettingSpec, 'scope' | 'env' | 'readBy'>;

/** `R`, if it has no key a row does not have (a misspelt `defualt` fails to type-check). */
type Exact<R> = R & { readonly [K in Exclude<keyof R, keyof OwnPart>]: never };

/**
 * A cdk.json option (`atsBot.<name>`) the stack passes to the functions in `env`, where
 * `loadRuntimeConfig` reads it.
 */
export function option<const E extends string, const R extends OwnPart>(env: E, row: Exact<R>) {
  return { scope: 'deployment', env, readBy: 'config', ...row } as const;
}

/** A cdk.json option only the stack reads, at synth: no function sees it. */
export function synthOption<const R extends OwnPart>(row: Exact<R>) {
  return { scope: 'deployment', ...row } as const;
}

/** A value the stack sets in `env` from a resource it creates (a table's name, a role's ARN). */
export function stackValue<const E extends string, const R extends OwnPart>(env: E, row: Exact<R>) {
  return { scope: 'stack', env, readBy: 'config', ...row } as const;
}

/**
 * A secret: a key of the secret of each function in `secretOf` on AWS, the variable `env` in local
 * mode; `loadSecretsFromEnv` reads it. Its value is text never shown in a message.
 */
export function secret<
  const E extends string,
  const H extends readonly SecretHolder[],
  const R extends Omit<OwnPart, 'rule' | 'secretOf'>,
>(env: E, secretOf: H, row: Exact<R>) {
  return {
    scope: 'secret',
    env,
    readBy: 'secrets',
    rule: { kind: 'secret' },
    secretOf,
    ...row,
  } as const;
}

/** A variable of local mode only, read by `loadLocalConfig` (never set on AWS). */
export function localVariable<const E extends string, const R extends OwnPart>(
  env: E,
  row: Exact<R>,
) {
  return { scope: 'local', env, readBy: 'local', ...row } as const;
}

/**
 * A variable local mode and tests set to replace what the functions do on AWS (Slack's own
 * address, the polling policy); `loadRuntimeConfig` reads it, the stack never sets it.
 */
export function localOverride<const E extends string, const R extends OwnPart>(
  env: E,
  row: Exact<R>,
) {
  return { scope: 'local', env, readBy: 'config', ...row } as const;
}

/** A tunable fixed in code: no option or variable sets it; tests may pass another value. */
export function codeTunable<const R extends OwnPart>(row: Exact<R>) {
  return { scope: 'code', ...row } as const;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A default held in milliseconds by core, said in the minutes an option takes. */
export function inMinutes(ms: number): number {
  return ms / MINUTE_MS;
}

/** A default held in milliseconds by core, said in the hours an option takes. */
export function inHours(ms: number): number {
  return ms / HOUR_MS;
}
