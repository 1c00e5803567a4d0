import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type AtsSimulator,
  DEMO_TEMPLATES,
  type SimTemplate,
  startAtsSimulator,
} from '../ats/simulator/simulator';
import { DynamoJobStore } from '../aws/dynamo-job-store';
import { secretValuesToRedact } from '../bot-secrets';
import type { JobLifecycle } from '../core/lifecycle/lifecycle';
import type { WorkerMessage } from '../core/ports';
import { handleWorkerEvent } from '../core/worker';
import { assembleIngress } from '../ingress-assembly';
import { boltLogger, createLogger, domainLog, redactSecrets } from '../logger';
import { assembleWorker } from '../worker-assembly';
import { scanActiveJobs } from './active-job-scan';
import { type EmbeddedDynamo, startEmbeddedDynamo } from './embedded-dynamo';
import { InProcessInvoker } from './in-process-invoker';
import type { LocalConfig } from './local-config';
import { type LocalServer, startLocalServer } from './local-server';
import { Playground } from './playground/routes';
import { LOCAL_BOT, type SlackApiServer, startSlackApiServer } from './slack-api/slack-api-server';
import type { SocketModeConnection } from './socket-mode-app';
import { TimerPollScheduler } from './timer-poll-scheduler';

/** Local mode, running. */
export interface RunningLocalMode {
  /** `http://127.0.0.1:<port>`: the playground (when on), `/slack/events`, `/health`. */
  url: string;
  port: number;
  /** Base URL of the ATS the bot talks to (the embedded simulator's unless ATS_BASE_URL). */
  atsBaseUrl: string;
  /** Web API base the bot posts to; undefined means Slack's own. */
  slackApiUrl?: string;
  /** True when the playground page is served at {@link url}. */
  playground: boolean;
  /** True when Slack reaches the bot through Socket Mode rather than `/slack/events`. */
  socketMode: boolean;
  /** Unfinished jobs picked up again at start-up (from DATA_DIR). */
  resumedJobs: number;
  /** Stops everything, in order: intake first, then the worker, then the stores. */
  close(): Promise<void>;
}

/** What {@link startLocalMode} may be given besides the configuration. */
export interface LocalModeOptions {
  /** Default: a JSON logger for service `ats-bot-local` (level from POWERTOOLS_LOG_LEVEL). */
  logger?: Logger;
  /** Templates of the embedded simulator; default its demo templates (tests use faster ones). */
  simulatorTemplates?: SimTemplate[];
}

/** The worker message that picks a job of this kind up again (the lifecycle repairs from there). */
const RESUME_MESSAGE = {
  run: 'start',
  rerun: 'rerun',
  watch: 'watch',
} as const satisfies Record<string, WorkerMessage['type']>;

/**
 * Starts the whole bot on this machine: the embedded DynamoDB (in memory or in DATA_DIR), the ATS
 * simulator unless ATS_BASE_URL is set, the local Slack Web API and playground unless a Slack token
 * or URL is set, the worker in-process (in-process invoker, timer poll scheduler), and the HTTP
 * server whose `/slack/events` runs the same ingress handler as the Lambda behind the Function URL
 * (or Socket Mode when SLACK_APP_TOKEN is set). Unfinished jobs found in the store are resumed.
 *
 * @throws LocalModeError when the embedded store or the HTTP server cannot start (the message names
 * DATA_DIR or PORT); whatever a component throws at start-up. Everything started is stopped first.
 */
export async function startLocalMode(
  config: LocalConfig,
  options: LocalModeOptions = {},
): Promise<RunningLocalMode> {
  const { runtime, secrets } = config;
  redactSecrets(secretValuesToRedact(secrets, [config.slackAppToken]));
  const log = options.logger ?? createLogger('ats-bot-local');
  const workerLog = domainLog(log);
  const stops: Array<() => Promise<void> | void> = [];
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    for (const stop of [...stops].reverse()) {
      await Promise.resolve()
        .then(stop)
        .catch((error: unknown) => log.warn('Stopping a local component failed', { error }));
    }
  };

  try {
    const dynamo: EmbeddedDynamo = await startEmbeddedDynamo({ dataDir: config.dataDir });
    stops.push(() => dynamo.close());

    let simulator: AtsSimulator | undefined;
    if (config.useSimulator) {
      simulator = await startAtsSimulator({
        appId: runtime.atsAppId,
        appApiToken: secrets.atsAppApiToken,
        ...(secrets.atsUsername ? { username: secrets.atsUsername } : {}),
        ...(secrets.atsPassword ? { password: secrets.atsPassword } : {}),
        templates: options.simulatorTemplates ?? DEMO_TEMPLATES,
      });
      const started = simulator;
      stops.push(() => started.close());
    }
    const atsBaseUrl = simulator?.baseUrl ?? runtime.atsBaseUrl;

    let slackApi: SlackApiServer | undefined;
    if (config.usePlayground) {
      slackApi = await startSlackApiServer();
      const started = slackApi;
      stops.push(() => started.close());
    }
    const slackApiUrl = slackApi?.url ?? runtime.slackApiUrl;

    const clock = { now: () => Date.now() };
    const catalog = runtime.templates;
    const store = new DynamoJobStore(dynamo.doc, dynamo.tableName);

    let lifecycle: JobLifecycle | undefined;
    const invoker = new InProcessInvoker(
      async (event) => {
        if (!lifecycle) throw new Error('worker not ready');
        return handleWorkerEvent(lifecycle, event, workerLog);
      },
      {
        onError: (error, message, attempt, willRetry) =>
          log.error('Worker run failed', { error, workerMessage: message, attempt, willRetry }),
      },
    );
    stops.push(async () => {
      invoker.close();
      await invoker.idle(10);
    });
    const scheduler = new TimerPollScheduler((poll) => invoker.invoke(poll), {
      onError: (error, poll) =>
        log.error('Scheduled poll could not be handed over', { error, poll }),
    });
    stops.push(() => scheduler.close());

    // The same assembly as the worker Lambda; only the plumbing differs. Local timers fire to the
    // millisecond, so no need for the Scheduler's one-minute slots.
    lifecycle = assembleWorker({
      runtime,
      secrets,
      store,
      scheduler,
      logger: log,
      clock,
      atsBaseUrl,
      ...(slackApiUrl ? { slackApiUrl } : {}),
      precisionMs: 1_000,
    });

    // The same assembly as the ingress Lambda; in Socket Mode only its requests are used.
    const { requests, ingress: httpIngress } = assembleIngress({
      runtime,
      secrets,
      store,
      invoker,
      logger: log.createChild({ serviceName: 'ats-bot-local-ingress' }),
      clock,
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
      });
      const started = socket;
      stops.push(() => started.stop());
    }
    const ingress = socket ? undefined : httpIngress;

    let server: LocalServer | undefined;
    const playground = slackApi
      ? new Playground({
          slack: slackApi,
          signingSecret: secrets.slackSigningSecret,
          eventsUrl: () => `${server?.url ?? ''}/slack/events`,
          catalog,
        })
      : undefined;
    if (playground) stops.push(() => playground.close());

    let ready = false;
    server = await startLocalServer({
      port: config.port,
      ...(ingress ? { ingress: ingress.handler } : {}),
      ...(playground ? { routes: playground } : {}),
      isReady: () => ready,
      onError: (error) => log.error('Local request failed', { error }),
    });
    const listening = server;
    stops.push(() => listening.close());

    const active = await scanActiveJobs(dynamo.doc, dynamo.tableName);
    for (const job of active) {
      await invoker.invoke({ type: RESUME_MESSAGE[job.kind], requestId: job.requestId });
    }
    if (active.length > 0) log.info('Resumed unfinished jobs', { count: active.length });
    ready = true;

    return {
      url: server.url,
      port: server.port,
      atsBaseUrl,
      ...(slackApiUrl ? { slackApiUrl } : {}),
      playground: playground !== undefined,
      socketMode: socket !== undefined,
      resumedJobs: active.length,
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
