import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { TemplateEntry } from '../functions/core/requests/catalog';
import { settingCombinationProblems, settingFromJson } from '../functions/setting-values';
import {
  type DeploymentSettingName,
  type SettingsAlwaysSetIn,
  type SettingValue,
  settingNames,
  settingSpec,
} from '../functions/settings';

/** The cdk.json context key that holds the whole deployment configuration. */
export const CONFIG_CONTEXT_KEY = 'atsBot';

/**
 * What the shipped cdk.json and catalog.json hold where a person must put their own value
 * (`replace-with-your-mendix-app-id`, …): a deployment refuses to go on while one is left.
 */
export const CONFIG_PLACEHOLDER = /replace-with-/i;

/** The options of cdk.json `atsBot`: the deployment settings of `functions/settings.ts`. */
const OPTIONS = settingNames((spec) => spec.scope === 'deployment') as DeploymentSettingName[];

/**
 * Options that no longer exist, and what took their place: a deployment that still sets one is
 * told how to move instead of quietly getting something else (here, new empty secrets).
 */
const RETIRED_OPTIONS: Readonly<Record<string, string>> = {
  existingSecretArn:
    'each function now has a secret of its own; set existingIngressSecretArn (slackSigningSecret, slackBotToken) and existingWorkerSecretArn (slackBotToken, atsAppApiToken, atsUsername, atsPassword) instead, as docs/deploy.md describes under "Moving from one secret to two"',
};

type Options = {
  [K in DeploymentSettingName & SettingsAlwaysSetIn<'deployment'>]: SettingValue<K>;
} & { [K in Exclude<DeploymentSettingName, SettingsAlwaysSetIn<'deployment'>>]?: SettingValue<K> };

/** Validated deployment configuration with defaults filled in. */
export type BotConfig = Omit<Options, 'logRetentionDays'> & {
  /** Validated catalog entries. */
  templates: TemplateEntry[];
  /** The checked catalog as JSON: what the stack bundles with the functions as `catalog.json`. */
  templatesJson: string;
  /** Where the catalog came from: the file named in `templates`, or `cdk.json` itself. */
  templatesSource: string;
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

/** How {@link loadBotConfig} checks. */
export interface LoadBotConfigOptions {
  /**
   * Also refuse values that are still placeholders (matching {@link CONFIG_PLACEHOLDER}), in the
   * options and in every catalog entry: what `cdk synth` and `cdk deploy` do. Tests build stacks
   * from configurations of their own and leave it off.
   */
  refusePlaceholders?: boolean;
}

/**
 * Validates the `atsBot` context value (an object, or its JSON text when given with
 * `cdk synth -c atsBot='{…}'`) against the deployment settings of `functions/settings.ts` and
 * fills in their defaults. A catalog given as a file path is read and checked here.
 *
 * @throws BotConfigError (`code` `INVALID_BOT_CONFIG`) naming every problem, one line each: a
 *   missing or malformed option, an unknown option, an invalid templates catalog (entry and
 *   field), and with `refusePlaceholders` every value still a placeholder.
 */
export function loadBotConfig(raw: unknown, options: LoadBotConfigOptions = {}): BotConfig {
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
    if (key in RETIRED_OPTIONS) problems.push(`${key}: ${RETIRED_OPTIONS[key]}`);
    else if (!(OPTIONS as string[]).includes(key)) {
      problems.push(`unknown option "${key}" (known options: ${OPTIONS.join(', ')})`);
    }
  }
  problems.push(...settingCombinationProblems(config, (name) => name));
  const templatesSource = typeof input.templates === 'string' ? input.templates.trim() : 'cdk.json';
  if (options.refusePlaceholders) problems.push(...placeholdersIn(config, templatesSource));
  if (problems.length > 0) {
    throw new BotConfigError(
      `Invalid configuration in context "${CONFIG_CONTEXT_KEY}" (cdk.json): ${problems.join('; ')}`,
      problems,
    );
  }
  // Every option was just checked by its row (or defaulted): the shape is the table's.
  return {
    ...(config as BotConfig),
    templatesJson: JSON.stringify(config.templates),
    templatesSource,
  };
}

/**
 * One line per value of the checked options still matching {@link CONFIG_PLACEHOLDER}, naming
 * the option, or the catalog entry and field (and the file it is in).
 */
function placeholdersIn(config: Record<string, unknown>, templatesSource: string): string[] {
  const problems: string[] = [];
  const check = (where: string, value: unknown) => {
    if (typeof value === 'string' && CONFIG_PLACEHOLDER.test(value)) {
      problems.push(
        `${where} still holds the placeholder "${value}": put your own value there (docs/deploy.md, "Where the ids come from")`,
      );
    }
  };
  for (const name of OPTIONS) if (name !== 'templates') check(name, config[name]);
  const entries = Array.isArray(config.templates) ? (config.templates as TemplateEntry[]) : [];
  const file = templatesSource === 'cdk.json' ? '' : ` (${templatesSource})`;
  for (const [i, entry] of entries.entries()) {
    for (const [field, value] of Object.entries(entry)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        check(`templates${file}[${i}].${field}`, item);
      }
    }
  }
  return problems;
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
