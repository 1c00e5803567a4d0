import type { Logger } from '@aws-lambda-powertools/logger';
import type { RuntimeConfig } from '../config';
import type { JobLifecycle } from '../core/lifecycle/lifecycle';
import type { Clock, JobStore } from '../core/ports';
import { handleWorkerEvent } from '../core/worker';
import type { BotSecrets } from '../env';
import { domainLog } from '../logger';
import { assembleWorker } from '../worker-assembly';
import { InProcessInvoker } from './in-process-invoker';
import type { StopStack } from './stop-stack';
import { TimerPollScheduler } from './timer-poll-scheduler';

/** What the in-process worker is built from. */
export interface InProcessWorkerParts {
  runtime: RuntimeConfig;
  secrets: BotSecrets;
  store: JobStore;
  log: Logger;
  clock: Clock;
  atsBaseUrl: string;
  slackApiUrl?: string;
}

/**
 * Starts the worker in this process: the lifecycle the worker Lambda runs, behind an in-process
 * invoker (in place of Lambda's asynchronous invoke) and a timer poll scheduler (in place of
 * EventBridge Scheduler). Both are registered on `stops`.
 * @returns the invoker that hands messages to the worker.
 */
export function startInProcessWorker(
  parts: InProcessWorkerParts,
  stops: StopStack,
): InProcessInvoker {
  const { log } = parts;
  const workerLog = domainLog(log);
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
    onError: (error, poll) => log.error('Scheduled poll could not be handed over', { error, poll }),
  });
  stops.push(() => scheduler.close());

  // The same assembly as the worker Lambda; only the plumbing differs. Local timers fire to the
  // millisecond, so no need for the Scheduler's one-minute slots.
  lifecycle = assembleWorker({
    runtime: parts.runtime,
    secrets: parts.secrets,
    store: parts.store,
    scheduler,
    logger: log,
    clock: parts.clock,
    atsBaseUrl: parts.atsBaseUrl,
    ...(parts.slackApiUrl ? { slackApiUrl: parts.slackApiUrl } : {}),
    precisionMs: 1_000,
  });
  return invoker;
}
