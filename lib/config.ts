import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { TemplateEntry } from '../functions/core/requests/catalog';
import { settingFromJson } from '../functions/setting-values';
import {
  type DeploymentSettingName,
  SETTINGS,
  type SettingsAlwaysSetIn,
  type SettingValue,
  settingNames,
  settingSpec,
} from '../functions/settings';

/** The cdk.json context key that holds the whole deployment configuration. */
export const CONFIG_CONTEXT_KEY = 'atsBot';

/**
 * Upper bound for the catalog as JSON: it travels in one environment variable (`ATS_TEMPLATES`)
 * and Lambda allows 4 KB of them per function in total (see the `templates` setting).
 */
export const MAX_TEMPLATES_JSON_BYTES = SETTINGS.templates.rule.maxJsonBytes;

/** The options of cdk.json `atsBot`: the deployment settings of `functions/settings.ts`. */
const OPTIONS = settingNames((spec) => spec.scope === 'deployment') as DeploymentSettingName[];

type Options = {
  [K in DeploymentSettingName & SettingsAlwaysSetIn<'deployment'>]: SettingValue<K>;
} & { [K in Exclude<DeploymentSettingName, SettingsAlwaysSetIn<'deployment'>>]?: SettingValue<K> };

/** Validated deployment configuration with defaults filled in. */
export type BotConfig = Omit<Options, 'logRetentionDays'> & {
  /** Validated catalog entries. */
  templates: TemplateEntry[];
  /** The catalog as given, serialized for the `ATS_TEMPLATES` environment variable. */
  templatesJson: string;
  logRetentionDays: RetentionDays;
};

/** Thrown when the `atsBot` configuration is missing or malformed; fails `cdk synth`. */
export class BotConfigError extends Error {
  /** Machine-readable error code. */
  readonly code = 'INVALID_BOT_CONFIG';

  constructor(
    message: string,
    /** One line per problem, each naming the option. */
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'BotConfigError';
  }
}

/**
 * Validates the `atsBot` context value (an object, or its JSON text when given with
 * `cdk synth -c atsBot='{…}'`) against the deployment settings of `functions/settings.ts` and
 * fills in their defaults.
 *
 * @throws BotConfigError (`code` `INVALID_BOT_CONFIG`) naming every problem: a missing or
 *   malformed option, an unknown option, or an invalid templates catalog (entry and field).
 */
export function loadBotConfig(raw: unknown): BotConfig {
  const input = contextObject(raw);
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const name of OPTIONS) {
    const spec = settingSpec(name);
    const value = input[name];
    if (value === undefined) {
      if (spec.required?.includes('deployment')) {
        problems.push(`${name} is required: ${spec.meaning}`);
      } else if (spec.default !== undefined) config[name] = structuredClone(spec.default);
      continue;
    }
    const checked = settingFromJson(name, value, name);
    if (!checked.ok) problems.push(checked.problem);
    else if (isEmptyList(checked.value) && spec.required?.includes('deployment')) {
      // Required means something to work with: a deployment without a template could do nothing.
      problems.push(`${name} must list at least one entry`);
    } else config[name] = checked.value;
  }
  for (const key of Object.keys(input)) {
    if (!(OPTIONS as string[]).includes(key)) {
      problems.push(`unknown option "${key}" (known options: ${OPTIONS.join(', ')})`);
    }
  }
  if (problems.length > 0) {
    throw new BotConfigError(
      `Invalid configuration in context "${CONFIG_CONTEXT_KEY}" (cdk.json): ${problems.join('; ')}`,
      problems,
    );
  }
  // Every option was just checked by its row (or defaulted): the shape is the table's.
  return { ...(config as BotConfig), templatesJson: JSON.stringify(input.templates) };
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

/** The context value as an object: parsed when it is JSON text. */
function contextObject(raw: unknown): Record<string, unknown> {
  let input = raw;
  if (typeof raw === 'string') {
    try {
      input = JSON.parse(raw);
    } catch {
      throw new BotConfigError(
        `Invalid configuration: context "${CONFIG_CONTEXT_KEY}" is a string that is not JSON`,
        ['(root): not JSON'],
      );
    }
  }
  if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new BotConfigError(
      `Invalid configuration: context "${CONFIG_CONTEXT_KEY}" must be an object (see cdk.json)`,
      ['(root): not an object'],
    );
  }
  return input as Record<string, unknown>;
}
