import type { Logger } from '@aws-lambda-powertools/logger';
import { atsLinksOf } from '../ats-links-assembly';
import type { RunHistory } from '../core/history/ports';
import type { Clock, HomeInvoker, JobStore, ScheduleInvoker, WorkerInvoker } from '../core/ports';
import type { QuotaStore } from '../core/requests/quotas';
import type { ScheduleStore } from '../core/schedules/ports';
import { assembleIngress } from '../ingress-assembly';
import { boltLogger } from '../logger';
import type { SlackIngress } from '../slack/bolt-app';
import type { LocalConfig } from './local-config';
import { Playground } from './playground/routes';
import { LOCAL_BOT, type SlackApiServer } from './slack-api/slack-api-server';
import type { SocketModeConnection } from './socket-mode-app';
import type { StopStack } from './stop-stack';

/** What the intake is built from. */
export interface SlackIntakeParts {
  config: LocalConfig;
  store: JobStore;
  quotaStore: QuotaStore;
  invoker: WorkerInvoker & ScheduleInvoker & HomeInvoker;
  /** The schedules' store: `/ats schedule` is off without it. */
  schedules?: ScheduleStore;
  /**
   * Run history, read by `/ats history`; with it the worker publishes App Homes, so
   * `app_home_opened` and the Home's buttons are served.
   */
  history?: RunHistory;
  log: Logger;
  clock: Clock;
  /** The local Slack Web API, when the playground is on. */
  slackApi?: SlackApiServer;
  slackApiUrl?: string;
  /** Where the playground posts what the person does: the local server's `/slack/events`. */
  eventsUrl: () => string;
}

/** How Slack's requests reach the bot locally. */
export interface SlackIntake {
  /** The handler for `/slack/events`; none in Socket Mode. */
  ingress?: SlackIngress;
  /** The playground's page and routes, when the local Slack Web API runs. */
  playground?: Playground;
  /** True when Slack reaches the bot through Socket Mode. */
  socketMode: boolean;
}

/**
 * Builds the ingress the ingress Lambda runs and connects it: through Socket Mode when
 * SLACK_APP_TOKEN is set, otherwise as the handler of `/slack/events`; with the playground when
 * the local Slack Web API runs. What it starts is registered on `stops`.
 * @throws what Bolt throws when Socket Mode cannot connect.
 */
export async function startSlackIntake(
  parts: SlackIntakeParts,
  stops: StopStack,
): Promise<SlackIntake> {
  const { config, log, slackApi, slackApiUrl } = parts;
  const { runtime, secrets } = config;
  // The same assembly as the ingress Lambda; in Socket Mode only its requests are used.
  const {
    requests,
    ingress: httpIngress,
    home,
  } = assembleIngress({
    runtime,
    secrets,
    store: parts.store,
    quotaStore: parts.quotaStore,
    invoker: parts.invoker,
    ...(parts.history ? { homeInvoker: parts.invoker } : {}),
    ...(parts.schedules ? { schedules: { store: parts.schedules, invoker: parts.invoker } } : {}),
    ...(parts.history ? { history: parts.history } : {}),
    logger: log.createChild({ serviceName: 'ats-bot-local-ingress' }),
    clock: parts.clock,
    ...(slackApiUrl ? { slackApiUrl } : {}),
    ...(slackApi ? { botIdentity: { botId: LOCAL_BOT.botId, botUserId: LOCAL_BOT.userId } } : {}),
  });

  let socket: SocketModeConnection | undefined;
  if (config.slackAppToken) {
    // Bolt's package index (Socket Mode, Express, OAuth) loads only when it is used.
    const { startSocketMode } = await import('./socket-mode-app');
    socket = await startSocketMode({
      appToken: config.slackAppToken,
      botToken: secrets.slackBotToken,
      ...(slackApiUrl ? { slackApiUrl } : {}),
      logger: boltLogger(log.createChild({ serviceName: 'ats-bot-local-ingress' })),
      requests,
      ...(home ? { home } : {}),
      atsLinks: atsLinksOf(runtime),
    });
    const started = socket;
    stops.push(() => started.stop());
  }
  const ingress = socket ? undefined : httpIngress;

  const playground = slackApi
    ? new Playground({
        slack: slackApi,
        signingSecret: secrets.slackSigningSecret,
        eventsUrl: parts.eventsUrl,
        catalog: runtime.templates,
      })
    : undefined;
  if (playground) stops.push(() => playground.close());

  return {
    ...(ingress ? { ingress } : {}),
    ...(playground ? { playground } : {}),
    socketMode: socket !== undefined,
  };
}
