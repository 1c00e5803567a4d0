import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { WebClient } from '@slack/web-api';
import { type AtsCallRecord, AtsSoapClient } from './ats/client';
import { atsLinksOf } from './ats-links-assembly';
import { secretValuesToRedact } from './bot-secrets';
import type { RuntimeConfig } from './config';
import type { AdminAlerts } from './core/ats-trouble';
import type { RunHistory } from './core/history/ports';
import { JobLifecycle } from './core/lifecycle/lifecycle';
import { type LifecycleLog, loggedAdminAlerts } from './core/lifecycle/lifecycle-context';
import { type HopOptions, PollingPolicy } from './core/polling/polling-policy';
import type { Clock, HopSender, JobStore, LifecycleMetrics, PollScheduler } from './core/ports';
import type { WorkerSecrets } from './env';
import { boltLogger, domainLog } from './logger';
import { SlackAdminAlerts } from './slack/admin-alerts';
import { SlackNotifier } from './slack/slack-notifier';
import { createSlackWebClient } from './slack/web-client';

/** What the worker counts and times: the lifecycle's metrics and failed ATS calls. */
export interface WorkerMetrics extends LifecycleMetrics {
  atsCallFinished(call: AtsCallRecord): void;
}

/** What the worker is assembled from: configuration, secrets and the platform's plumbing. */
export interface WorkerParts {
  runtime: RuntimeConfig;
  secrets: WorkerSecrets;
  store: JobStore;
  scheduler: PollScheduler;
  /**
   * Short hops between the scheduler's polls (the SQS queue on AWS, timers locally); without it
   * every check is a scheduled poll.
   */
  hops?: HopSender;
  /** Where finished jobs leave their history records (the history table); none without it. */
  history?: RunHistory;
  logger: Logger;
  clock?: Clock;
  /** ATS base URL when it differs from the configured one (local simulator). */
  atsBaseUrl?: string;
  /** Slack Web API base URL when it differs from the configured one (local playground). */
  slackApiUrl?: string;
  /**
   * Precision of the poll scheduler: EventBridge Scheduler's one minute on AWS, a second locally
   * where timers are exact.
   */
  precisionMs: number;
  /** CloudWatch metrics on AWS; none locally. */
  metrics?: WorkerMetrics;
}

/**
 * Builds the job lifecycle the worker runs, the same way on AWS (`functions/job-worker.ts`) and
 * in local mode, so that the only difference between the two is the plumbing passed in.
 */
export function assembleWorker(parts: WorkerParts): JobLifecycle {
  const { runtime, secrets, logger } = parts;
  const clock = parts.clock ?? { now: () => Date.now() };
  const slackApiUrl = parts.slackApiUrl ?? runtime.slackApiUrl;
  const webClient = createSlackWebClient(secrets.slackBotToken, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger: boltLogger(logger),
    redact: secretValuesToRedact(secrets),
  });
  const ats = new AtsSoapClient({
    baseUrl: parts.atsBaseUrl ?? runtime.atsBaseUrl,
    appId: runtime.atsAppId,
    appApiToken: secrets.atsAppApiToken,
    ...(secrets.atsUsername ? { username: secrets.atsUsername } : {}),
    ...(secrets.atsPassword ? { password: secrets.atsPassword } : {}),
    statusTimeoutMs: runtime.atsTimeoutMs,
    startTimeoutMs: runtime.atsStartTimeoutMs,
    // One line per ATS call: the "ATS latency" Logs Insights query reads these fields.
    onCall: (call) => {
      logger.info('ATS call', { ...call });
      parts.metrics?.atsCallFinished(call);
    },
  });
  if (ats.baseUrlCompleted) {
    // Once per container: the vendor's plugin is configured with the host alone, so people are.
    logger.info('ATS base URL names only the host: posting to its /ws/ web services', {
      atsBaseUrl: ats.baseUrl.href,
    });
  }
  return new JobLifecycle({
    ats,
    store: parts.store,
    scheduler: parts.scheduler,
    ...(parts.hops ? { hops: parts.hops } : {}),
    ...(parts.history ? { history: parts.history } : {}),
    notifier: new SlackNotifier(webClient, {
      catalog: runtime.templates,
      logger,
      clock,
      atsLinks: atsLinksOf(runtime),
    }),
    clock,
    catalog: runtime.templates,
    policy: new PollingPolicy({
      ...(runtime.pollIntervalSeconds ? { fixedIntervalSeconds: runtime.pollIntervalSeconds } : {}),
      precisionMs: parts.precisionMs,
      ...(parts.hops ? { hops: hopOptions(runtime) } : {}),
    }),
    newRequestId: () => `req-${randomUUID()}`,
    atsApp: runtime.atsAppId,
    settings: {
      pollLimitMs: runtime.pollLimitHours * 3_600_000,
      unreachableAfterMs: runtime.unreachableAfterMinutes * 60_000,
      atsStartTimeoutMs: runtime.atsStartTimeoutMs,
      atsJobCap: runtime.atsJobCap,
      slotHoldMs: runtime.atsSlotHoldHours * 3_600_000,
      historyDays: runtime.historyDays,
    },
    log: domainLog(logger),
    admin: adminAlerts(runtime.admins, webClient, domainLog(logger)),
    ...(parts.metrics ? { metrics: parts.metrics } : {}),
  });
}

/**
 * Problems only an admin can fix: in the log (`Needs an admin`) always, and as direct messages to
 * the `admins` when there are any.
 */
function adminAlerts(
  admins: readonly string[],
  webClient: WebClient,
  log: LifecycleLog,
): AdminAlerts {
  const logged = loggedAdminAlerts(log);
  if (admins.length === 0) return logged;
  const direct = new SlackAdminAlerts(webClient, { admins, logger: log });
  return {
    async alert(problem) {
      await logged.alert(problem);
      await direct.alert(problem);
    },
  };
}

/** Longest wait a hop carries: longer ones are scheduled polls, which cost no more. */
const MAX_HOP_MS = 120_000;

/** The hops the settings ask for. */
export function hopOptions(
  runtime: Pick<RuntimeConfig, 'hopWindowSeconds' | 'hopRampSeconds'>,
): HopOptions {
  return {
    windowGapMs: runtime.hopWindowSeconds * 1000,
    rampGapMs: runtime.hopRampSeconds * 1000,
    maxHopMs: MAX_HOP_MS,
  };
}
