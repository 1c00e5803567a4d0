import type { Logger } from '@aws-lambda-powertools/logger';
import { secretValuesToRedact } from '../bot-secrets';
import { CronerCalendar } from '../calendar/croner-calendar';
import type { RuntimeConfig } from '../config';
import type { RunHistory } from '../core/history/ports';
import type { Clock, JobStore } from '../core/ports';
import type { QuotaStore } from '../core/requests/quotas';
import type { ScheduleStore } from '../core/schedules/ports';
import { handleWorkerEvent, routeWorkerMessages, type WorkerHandler } from '../core/worker';
import type { WorkerSecrets } from '../env';
import { assembleHome } from '../home-assembly';
import { boltLogger, domainLog } from '../logger';
import { assembleScheduleWorker } from '../schedule-assembly';
import { createSlackWebClient } from '../slack/web-client';
import { assembleWorker } from '../worker-assembly';
import { InProcessInvoker } from './in-process-invoker';
import type { StopStack } from './stop-stack';
import { TimerHopSender } from './timer-hop-sender';
import { TimerPollScheduler } from './timer-poll-scheduler';
import { TimerRecurringScheduler } from './timer-recurring-scheduler';

/** What the in-process worker is built from. */
export interface InProcessWorkerParts {
  runtime: RuntimeConfig;
  secrets: WorkerSecrets;
  store: JobStore;
  log: Logger;
  clock: Clock;
  atsBaseUrl: string;
  slackApiUrl?: string;
  /**
   * The schedules' store, and the counters of the start quotas their firings are admitted by (the
   * ingress's): scheduled runs fire by timers when they are given.
   */
  schedules?: { store: ScheduleStore; quotaStore: QuotaStore };
  /**
   * Run history: finished jobs leave their records there, and the worker publishes App Homes and
   * posts channel digests from it.
   */
  history?: RunHistory;
}

/** The worker running in this process. */
export interface InProcessWorker {
  /** Hands messages to the worker, as Lambda's asynchronous invoke would. */
  invoker: InProcessInvoker;
  /** The timers firing scheduled runs, when schedules are on. */
  recurring?: TimerRecurringScheduler;
}

/**
 * Starts the worker in this process: the lifecycle the worker Lambda runs (and the schedules'
 * side, given their store), behind an in-process invoker (in place of Lambda's asynchronous
 * invoke), a timer poll scheduler and timers firing scheduled runs (in place of EventBridge
 * Scheduler) and a timer hop sender (in place of the SQS hop queue). All are registered on
 * `stops`.
 * @returns the invoker that hands messages to the worker, and the schedules' timers.
 */
export function startInProcessWorker(
  parts: InProcessWorkerParts,
  stops: StopStack,
): InProcessWorker {
  const { log } = parts;
  const workerLog = domainLog(log);
  let worker: WorkerHandler | undefined;
  const invoker = new InProcessInvoker(
    async (event) => {
      if (!worker) throw new Error('worker not ready');
      return handleWorkerEvent(worker, event, workerLog);
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
    onError: (error, poll) => log.error('Scheduled poll could not be handed over', { error, poll }),
  });
  stops.push(() => scheduler.close());
  const hops = new TimerHopSender((hop) => invoker.invoke(hop), {
    onError: (error, hop) => log.error('Hop could not be handed over', { error, hop }),
  });
  stops.push(() => hops.close());

  // The same assembly as the worker Lambda; only the plumbing differs. Local timers fire to the
  // millisecond, so no need for the Scheduler's one-minute slots.
  const lifecycle = assembleWorker({
    runtime: parts.runtime,
    secrets: parts.secrets,
    store: parts.store,
    scheduler,
    hops,
    ...(parts.history ? { history: parts.history } : {}),
    logger: log,
    clock: parts.clock,
    atsBaseUrl: parts.atsBaseUrl,
    ...(parts.slackApiUrl ? { slackApiUrl: parts.slackApiUrl } : {}),
    precisionMs: 1_000,
  });
  const webClient = createSlackWebClient(parts.secrets.slackBotToken, {
    ...(parts.slackApiUrl ? { slackApiUrl: parts.slackApiUrl } : {}),
    logger: boltLogger(log),
    redact: secretValuesToRedact(parts.secrets),
  });
  const recurring = parts.schedules
    ? new TimerRecurringScheduler(new CronerCalendar(), (firing) => invoker.invoke(firing), {
        clock: parts.clock,
        onError: (error, firing) =>
          log.error('Schedule firing could not be handed over', { error, firing }),
      })
    : undefined;
  if (recurring) stops.push(() => recurring.close());
  const schedules =
    parts.schedules && recurring
      ? assembleScheduleWorker({
          runtime: parts.runtime,
          jobs: parts.store,
          schedules: parts.schedules.store,
          quotaStore: parts.schedules.quotaStore,
          recurring,
          webClient,
          beginJob: (message) => lifecycle.handle(message),
          logger: log,
          clock: parts.clock,
          ...(parts.history ? { history: parts.history } : {}),
        })
      : undefined;
  const home = parts.history
    ? assembleHome({
        runtime: parts.runtime,
        webClient,
        history: parts.history,
        jobs: parts.store,
        logger: log,
        clock: parts.clock,
      })
    : undefined;
  worker = routeWorkerMessages(lifecycle, schedules, workerLog, home);
  return { invoker, ...(recurring ? { recurring } : {}) };
}
