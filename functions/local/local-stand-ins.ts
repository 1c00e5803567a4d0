import {
  type AtsSimulator,
  DEMO_TEMPLATES,
  type SimTemplate,
  startAtsSimulator,
} from '../ats/simulator/simulator';
import { type EmbeddedDynamo, startEmbeddedDynamo } from './embedded-dynamo';
import type { LocalConfig } from './local-config';
import { PLAYGROUND_WORKSPACE } from './playground/workspace';
import { type SlackApiServer, startSlackApiServer } from './slack-api/slack-api-server';
import type { StopStack } from './stop-stack';

/** What local mode runs in place of DynamoDB, ATS and Slack, and where the bot finds each. */
export interface LocalStandIns {
  dynamo: EmbeddedDynamo;
  /** The embedded simulator's URL, or the configured ATS. */
  atsBaseUrl: string;
  /** The local Slack Web API, when the playground is on. */
  slackApi?: SlackApiServer;
  /** Web API base the bot posts to; undefined means Slack's own. */
  slackApiUrl?: string;
}

/**
 * Starts the embedded DynamoDB (in memory or in DATA_DIR), the ATS simulator unless ATS_BASE_URL
 * is set, and the local Slack Web API unless a Slack token or URL is set; each is registered on
 * `stops` as soon as it runs.
 * @throws LocalModeError when the embedded store cannot start; whatever a stand-in throws.
 */
export async function startLocalStandIns(
  config: LocalConfig,
  simulatorTemplates: SimTemplate[] | undefined,
  stops: StopStack,
): Promise<LocalStandIns> {
  const { runtime, secrets } = config;
  const dynamo: EmbeddedDynamo = await startEmbeddedDynamo({ dataDir: config.dataDir });
  stops.push(() => dynamo.close());

  let simulator: AtsSimulator | undefined;
  if (config.useSimulator) {
    simulator = await startAtsSimulator({
      // As ATS is by the reference and release notes: reruns of Run Job jobs only, five jobs.
      strict: true,
      appId: runtime.atsAppId,
      appApiToken: secrets.atsAppApiToken,
      ...(secrets.atsUsername ? { username: secrets.atsUsername } : {}),
      ...(secrets.atsPassword ? { password: secrets.atsPassword } : {}),
      templates: simulatorTemplates ?? DEMO_TEMPLATES,
    });
    const started = simulator;
    stops.push(() => started.close());
  }
  const atsBaseUrl = simulator?.baseUrl ?? runtime.atsBaseUrl;

  let slackApi: SlackApiServer | undefined;
  if (config.usePlayground) {
    // The playground's people, with the time zones their profiles would have.
    slackApi = await startSlackApiServer({
      users: Object.fromEntries(
        PLAYGROUND_WORKSPACE.users.map(({ id, name, tz }) => [id, { name, tz }]),
      ),
    });
    const started = slackApi;
    stops.push(() => started.close());
  }
  const slackApiUrl = slackApi?.url ?? runtime.slackApiUrl;

  return {
    dynamo,
    atsBaseUrl,
    ...(slackApi ? { slackApi } : {}),
    ...(slackApiUrl ? { slackApiUrl } : {}),
  };
}
