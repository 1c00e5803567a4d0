import type { Logger } from '@aws-lambda-powertools/logger';
import type { SimTemplate } from '../ats/simulator/simulator';
import { DynamoJobStore } from '../aws/dynamo-job-store';
import { DynamoQuotaStore } from '../aws/dynamo-quota-store';
import { DynamoRunHistory } from '../aws/dynamo-run-history';
import { DynamoScheduleStore } from '../aws/dynamo-schedule-store';
import { secretValuesToRedact } from '../bot-secrets';
import type { WorkerInvoker, WorkerMessage } from '../core/ports';
import { createLogger, redactSecrets } from '../logger';
import { ACTIVE_JOBS } from './active-job-scan';
import { demoHistory, seedDemoHistory } from './demo-history';
import type { EmbeddedDynamo } from './embedded-dynamo';
import { startInProcessWorker } from './in-process-worker';
import type { LocalConfig } from './local-config';
import { type LocalServer, startLocalServer } from './local-server';
import { startLocalStandIns } from './local-stand-ins';
import { ScheduleRoutes } from './schedule-routes';
import { LIVE_SCHEDULES } from './schedule-scan';
import { startSlackIntake } from './slack-intake';
import { StopStack } from './stop-stack';
import { scanTable } from './table-scan';
import type { TimerRecurringScheduler } from './timer-recurring-scheduler';

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
  /** Schedules whose timers were set again at start-up (from DATA_DIR). */
  resumedSchedules: number;
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
  redactSecrets(secretValuesToRedact(config.secrets, [config.slackAppToken]));
  const log = options.logger ?? createLogger('ats-bot-local');
  const stops = new StopStack(log);
  try {
    const standIns = await startLocalStandIns(config, options.simulatorTemplates, stops);
    const { dynamo, atsBaseUrl, slackApiUrl } = standIns;
    const clock = { now: () => Date.now() };
    const store = new DynamoJobStore(dynamo.doc, dynamo.tableName);
    const schedules = new DynamoScheduleStore(dynamo.doc, dynamo.schedulesTableName);
    // One set of counters for commands and firings, as on AWS.
    const quotaStore = new DynamoQuotaStore(dynamo.doc, dynamo.quotasTableName);
    const history = new DynamoRunHistory(dynamo.doc, dynamo.historyTableName);
    const { invoker, recurring } = startInProcessWorker(
      {
        runtime: config.runtime,
        secrets: config.secrets,
        store,
        log,
        clock,
        atsBaseUrl,
        ...(slackApiUrl ? { slackApiUrl } : {}),
        schedules: { store: schedules, quotaStore },
        history,
      },
      stops,
    );

    let server: LocalServer | undefined;
    const { ingress, playground, socketMode } = await startSlackIntake(
      {
        config,
        store,
        quotaStore,
        invoker,
        schedules,
        history,
        log,
        clock,
        ...(standIns.slackApi ? { slackApi: standIns.slackApi } : {}),
        ...(slackApiUrl ? { slackApiUrl } : {}),
        eventsUrl: () => `${server?.url ?? ''}/slack/events`,
      },
      stops,
    );

    let ready = false;
    const scheduleRoutes = recurring
      ? new ScheduleRoutes(recurring, () => (server ? new URL(server.url) : undefined))
      : undefined;
    server = await startLocalServer({
      port: config.port,
      host: config.host,
      ...(ingress ? { ingress: ingress.handler } : {}),
      routes: {
        handle: async (request, response, body) =>
          (await scheduleRoutes?.handle(request, response)) ||
          ((await playground?.handle(request, response, body)) ?? false),
      },
      isReady: () => ready,
      onError: (error) => log.error('Local request failed', { error }),
    });
    const listening = server;
    stops.push(() => listening.close());

    if (config.demoHistory !== undefined) {
      const records = demoHistory(config.runtime.templates, {
        days: config.demoHistory,
        now: clock.now(),
        historyDays: config.runtime.historyDays,
      });
      const seeded = await seedDemoHistory(history, records);
      log.info('Demo history seeded', { days: config.demoHistory, ...seeded });
    }
    const resumedJobs = await resumeActiveJobs(dynamo, invoker, log);
    const resumedSchedules = recurring ? await resumeSchedules(dynamo, recurring, log) : 0;
    ready = true;

    return {
      url: server.url,
      port: server.port,
      atsBaseUrl,
      ...(slackApiUrl ? { slackApiUrl } : {}),
      playground: playground !== undefined,
      socketMode,
      resumedJobs,
      resumedSchedules,
      close: () => stops.stopAll(),
    };
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}

/**
 * Hands every unfinished job in the store back to the worker: local timers die with the process,
 * so nothing else would pick them up after a restart.
 * @returns how many jobs were resumed.
 */
async function resumeActiveJobs(
  dynamo: EmbeddedDynamo,
  invoker: WorkerInvoker,
  log: Logger,
): Promise<number> {
  const active = await scanTable(dynamo.doc, dynamo.tableName, ACTIVE_JOBS);
  for (const job of active) {
    await invoker.invoke({ type: RESUME_MESSAGE[job.kind], requestId: job.requestId });
  }
  if (active.length > 0) log.info('Resumed unfinished jobs', { count: active.length });
  return active.length;
}

/**
 * Sets the timers of every stored schedule again (paused ones are held without a timer): they
 * died with the previous process, and nothing else would fire them.
 * @returns how many schedules were picked up.
 */
async function resumeSchedules(
  dynamo: EmbeddedDynamo,
  recurring: TimerRecurringScheduler,
  log: Logger,
): Promise<number> {
  const schedules = await scanTable(dynamo.doc, dynamo.schedulesTableName, LIVE_SCHEDULES);
  for (const schedule of schedules) await recurring.apply(schedule);
  if (schedules.length > 0) log.info('Resumed schedules', { count: schedules.length });
  return schedules.length;
}
