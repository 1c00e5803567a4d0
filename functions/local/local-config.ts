import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigError, loadRuntimeConfig, loadSecretsFromEnv, type RuntimeConfig } from '../config';
import type { BotSecrets } from '../env';
import { ENV, SECRET_KEYS } from '../env';
import { settingFromText } from '../setting-values';
import { envNamesOf, type LocalSettingName, SETTINGS, settingNames } from '../settings';
import { DEMO_CATALOG } from './demo-catalog';
import { LocalModeError } from './local-mode-error';

/** Variables only local mode reads (the rest are in `functions/env.ts`). */
export const LOCAL_ENV = envNamesOf(
  settingNames((spec) => spec.readBy === 'local') as LocalSettingName[],
);

/** Bot token used when none is configured: the playground's local Slack accepts it. */
export const PLAYGROUND_BOT_TOKEN = 'xoxb-local-playground';

/** App id and token of the embedded ATS simulator. */
export const SIMULATOR_CREDENTIALS = { appId: 'demo-app', appApiToken: 'demo-token' } as const;

/** Poll interval with the embedded simulator, whose demo jobs finish in seconds. */
export const SIMULATOR_POLL_INTERVAL_SECONDS = 3;

/** Everything local mode needs, validated, embedded defaults filled in. */
export interface LocalConfig {
  port: number;
  /** Listen address (HOST), 127.0.0.1 by default. */
  host: string;
  /** Absolute path, or undefined for an in-memory store. */
  dataDir?: string;
  /** Days of demo run history to seed at start-up (DEMO_HISTORY); none when undefined. */
  demoHistory?: number;
  /** True when no ATS_BASE_URL is set: local mode starts the ATS simulator. */
  useSimulator: boolean;
  /**
   * True when neither SLACK_BOT_TOKEN nor SLACK_API_URL is set and either the ATS simulator runs
   * or PLAYGROUND=on: local mode runs its own Slack Web API and serves the browser playground.
   */
  usePlayground: boolean;
  /** Set when the bot connects through Socket Mode. */
  slackAppToken?: string;
  /** Shared settings; `atsBaseUrl` is meaningless when {@link useSimulator}. */
  runtime: RuntimeConfig;
  secrets: BotSecrets;
}

type Env = Record<string, string | undefined>;

/**
 * Reads local mode's configuration from the environment with the same meaning as on AWS
 * (`loadRuntimeConfig(env, 'local')`, secrets from their variables), after filling in the embedded
 * defaults: a random signing secret, bot token {@link PLAYGROUND_BOT_TOKEN}, the simulator's
 * credentials, the demo catalog and a 3 s poll interval when ATS_BASE_URL is unset.
 *
 * @throws LocalModeError `LOCAL_CONFIG_INVALID` listing every bad variable by name and what is
 * wrong with it (never its value when it is a secret).
 */
export function loadLocalConfig(env: Env): LocalConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const port = readPort(value(LOCAL_ENV.port), problems);
  const host = readChecked('host', value(LOCAL_ENV.host), problems) ?? SETTINGS.host.default;
  const playgroundSwitch = readChecked('playground', value(LOCAL_ENV.playground), problems);
  const rawDataDir = value(LOCAL_ENV.dataDir);
  const demoHistory = readDays(value(LOCAL_ENV.demoHistory), problems);
  const slackAppToken = value(LOCAL_ENV.slackAppToken);
  const useSimulator = value(ENV.atsBaseUrl) === undefined;
  const slackConfigured =
    value(SECRET_KEYS.slackBotToken) !== undefined || value(ENV.slackApiUrl) !== undefined;
  // The playground signs and runs whatever its page sends: against a real ATS it must be asked for.
  const usePlayground =
    !slackConfigured && (playgroundSwitch === 'on' || (useSimulator && playgroundSwitch !== 'off'));
  if (!slackConfigured && !usePlayground) {
    problems.push(
      useSimulator
        ? `${LOCAL_ENV.playground}=off leaves no Slack to talk to: set ${SECRET_KEYS.slackBotToken} (real Slack) or unset ${LOCAL_ENV.playground}`
        : `${ENV.atsBaseUrl} is set and no Slack is: the playground would let any web page you visit start real ATS jobs, so it is off. Set ${LOCAL_ENV.playground}=on to use it with this ATS anyway, or ${SECRET_KEYS.slackBotToken} to use real Slack`,
    );
  }

  if (slackAppToken !== undefined) {
    const checked = settingFromText('slackAppToken', slackAppToken, LOCAL_ENV.slackAppToken);
    if (!checked.ok) problems.push(checked.problem);
    if (value(SECRET_KEYS.slackBotToken) === undefined) {
      problems.push(
        `${SECRET_KEYS.slackBotToken} is required when ${LOCAL_ENV.slackAppToken} is set (Socket Mode talks to real Slack)`,
      );
    }
  }
  if (!useSimulator && value(ENV.templates) === undefined) {
    problems.push(
      `${ENV.templates} is required when ${ENV.atsBaseUrl} is set: a JSON list of {"alias","templateId","name"}, or the path of a JSON file holding one`,
    );
  }
  const botToken = value(SECRET_KEYS.slackBotToken);
  if (botToken !== undefined && !/^xox[bp]-/.test(botToken)) {
    problems.push(`${SECRET_KEYS.slackBotToken} must be a bot token starting with "xoxb-"`);
  }

  const filled: Env = { ...env };
  const fill = (name: string, fallback: string) => {
    if (value(name) === undefined) filled[name] = fallback;
  };
  fill(SECRET_KEYS.slackSigningSecret, randomBytes(16).toString('hex'));
  fill(SECRET_KEYS.slackBotToken, PLAYGROUND_BOT_TOKEN);
  if (useSimulator) {
    fill(ENV.atsAppId, SIMULATOR_CREDENTIALS.appId);
    fill(SECRET_KEYS.atsAppApiToken, SIMULATOR_CREDENTIALS.appApiToken);
    fill(ENV.templates, JSON.stringify(DEMO_CATALOG));
    fill(ENV.pollIntervalSeconds, String(SIMULATOR_POLL_INTERVAL_SECONDS));
  }

  const runtime = collect(problems, () => loadRuntimeConfig(filled, 'local'));
  const secrets = collect(problems, () => loadSecretsFromEnv(filled));
  if (problems.length > 0 || !runtime || !secrets) {
    throw new LocalModeError(
      'LOCAL_CONFIG_INVALID',
      `Invalid local configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return {
    port,
    host,
    ...(rawDataDir ? { dataDir: resolve(rawDataDir) } : {}),
    ...(demoHistory !== undefined ? { demoHistory } : {}),
    useSimulator,
    usePlayground,
    ...(slackAppToken ? { slackAppToken } : {}),
    runtime,
    secrets,
  };
}

/** A local setting's value when set and valid; a problem line when set and invalid. */
function readChecked(
  name: 'host' | 'playground',
  raw: string | undefined,
  problems: string[],
): string | undefined {
  if (raw === undefined) return undefined;
  const checked = settingFromText(name, raw, LOCAL_ENV[name]);
  if (checked.ok) return String(checked.value);
  problems.push(checked.problem);
  return undefined;
}

function readPort(raw: string | undefined, problems: string[]): number {
  const fallback = SETTINGS.port.default;
  if (raw === undefined) return fallback;
  const checked = settingFromText('port', raw, LOCAL_ENV.port);
  if (checked.ok) return checked.value as number;
  problems.push(checked.problem);
  return fallback;
}

function readDays(raw: string | undefined, problems: string[]): number | undefined {
  if (raw === undefined) return undefined;
  const checked = settingFromText('demoHistory', raw, LOCAL_ENV.demoHistory);
  if (checked.ok) return checked.value as number;
  problems.push(checked.problem);
  return undefined;
}

/** Runs a loader, turning its ConfigError into problem lines. */
function collect<T>(problems: string[], load: () => T): T | undefined {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      problems.push(...error.problems);
      return undefined;
    }
    throw error;
  }
}
