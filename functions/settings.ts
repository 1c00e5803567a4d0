import type { TemplateEntry } from './core/requests/catalog';
import type { RuntimeRole, SettingSpec } from './setting-spec';
import { ACCESS_SETTINGS } from './settings/access';
import { ATS_SETTINGS } from './settings/ats';
import { DEPLOYMENT_SETTINGS } from './settings/deployment';
import { HISTORY_SETTINGS } from './settings/history';
import { LIFECYCLE_SETTINGS } from './settings/lifecycle';
import { LOCAL_SETTINGS } from './settings/local';
import { POLLING_SETTINGS } from './settings/polling';
import { SCHEDULE_SETTINGS } from './settings/schedules';
import { SLACK_SETTINGS } from './settings/slack';

// The one table of the bot's settings: what each is called in cdk.json and in the environment,
// its default, the values it accepts and what it means. `lib/config.ts` checks cdk.json with it
// at synth, `functions/config.ts` checks the functions' environment with it at start-up, the
// secrets and local-mode loaders take their names from it, and docs/configuration.md is
// generated from it (`npm run docs:config`). It imports no package, so the Lambda bundles and
// the CDK app can both load it.
//
// The rows live in `./settings/`, one module per concern (Slack, ATS, the deployment, polling,
// access and quotas, scheduled runs, run history, local mode, the lifecycle's own tunables); this
// table lists them in the order docs/configuration.md shows them. A new setting is one row in the
// module of its concern, made by the builder of its kind (`./settings/rows.ts`: a cdk.json option,
// a value the stack sets, a secret, ...), plus the code that uses its value. Its default is written
// in the row; core code gets the value from its assembly. The few defaults core has its own use for
// (the lifecycle's limits, the ATS call timeout, job retention, the schedules' limits) are core
// constants the rows read, so that each number is written once.

/** Every setting, by name (the cdk.json option name for deployment options). */
export const SETTINGS = {
  ...SLACK_SETTINGS,
  ...ATS_SETTINGS,
  ...DEPLOYMENT_SETTINGS,
  ...POLLING_SETTINGS,
  ...ACCESS_SETTINGS,
  ...SCHEDULE_SETTINGS,
  ...HISTORY_SETTINGS,
  ...LOCAL_SETTINGS,
  ...LIFECYCLE_SETTINGS,
} as const satisfies Record<string, SettingSpec>;

type Table = typeof SETTINGS;

/** The name of a setting. */
export type SettingName = keyof Table;

/** Names of the settings whose rows match `Shape`. */
type NamesWhere<Shape> = { [K in SettingName]: Table[K] extends Shape ? K : never }[SettingName];

/** Settings in cdk.json `atsBot`. */
export type DeploymentSettingName = NamesWhere<{ scope: 'deployment' }>;
/** Settings `loadRuntimeConfig` reads from the environment. */
export type RuntimeSettingName = NamesWhere<{ readBy: 'config' }>;
/** Secret values (JSON keys of the secret). */
export type SecretName = NamesWhere<{ scope: 'secret' }>;
/** Variables only `loadLocalConfig` reads. */
export type LocalSettingName = NamesWhere<{ readBy: 'local' }>;

/** The value a checked setting has: a number, one of its choices, the catalog, or text. */
export type SettingValue<N extends SettingName> = Table[N]['rule'] extends {
  kind: 'integer' | 'decimal';
}
  ? number
  : Table[N]['rule'] extends { kind: 'choice'; values: readonly (infer V)[] }
    ? V
    : Table[N]['rule'] extends { kind: 'catalog' }
      ? TemplateEntry[]
      : Table[N]['rule'] extends { kind: 'slackIds' }
        ? string[]
        : string;

/** Settings whose value is always there for `where`: it has a default, or must be set there. */
export type SettingsAlwaysSetIn<Where extends 'deployment' | RuntimeRole> = {
  [K in SettingName]: Table[K] extends { default: unknown }
    ? K
    : Table[K] extends { required: readonly (infer W)[] }
      ? Where extends W
        ? K
        : never
      : never;
}[SettingName];

/** The row of a setting, as a {@link SettingSpec}. */
export function settingSpec(name: SettingName): SettingSpec {
  return SETTINGS[name];
}

/** Names of the settings whose row passes `test`, in table order. */
export function settingNames(test: (spec: SettingSpec) => boolean): SettingName[] {
  return (Object.keys(SETTINGS) as SettingName[]).filter((name) => test(SETTINGS[name]));
}

/** `{ name: ENV_VAR }` for the settings whose row passes `test`. */
export function envNamesOf<N extends SettingName>(
  names: readonly N[],
): { readonly [K in N]: Table[K] extends { env: infer E } ? E : never } {
  const entries = names.map((name) => [name, (SETTINGS[name] as SettingSpec).env]);
  return Object.fromEntries(entries);
}
