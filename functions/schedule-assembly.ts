import type { Logger } from '@aws-lambda-powertools/logger';
import type { WebClient } from '@slack/web-api';
import { CronerCalendar } from './calendar/croner-calendar';
import type { RuntimeConfig } from './config';
import { DigestFiring } from './core/digest/digest-firing';
import type { RunHistory } from './core/history/ports';
import type { Clock, JobStore, WorkerMessage } from './core/ports';
import type { QuotaStore } from './core/requests/quotas';
import { JobRequests } from './core/requests/requests';
import type { RecurringScheduler, ScheduleStore } from './core/schedules/ports';
import { ScheduleFiring } from './core/schedules/schedule-firing';
import { ScheduleWorker } from './core/schedules/schedule-worker';
import { domainLog } from './logger';
import { requestRulesOf } from './request-rules';
import { scheduleSettingsOf } from './schedule-config';
import { SlackDigestPoster } from './slack/digest-poster';
import { SlackScheduleNotifier } from './slack/schedule-notifier';
import { SlackUserGroupDirectory } from './slack/user-group-directory';

/** What the worker side of schedules is assembled from. */
export interface ScheduleWorkerParts {
  runtime: RuntimeConfig;
  jobs: JobStore;
  schedules: ScheduleStore;
  /** The counters of the start quotas (the quotas table): firings take places as commands do. */
  quotaStore: QuotaStore;
  recurring: RecurringScheduler;
  /** The worker's Web API client (notices, user group lookups). */
  webClient: WebClient;
  /** Begins a recorded job in this worker: the job lifecycle's `handle`. */
  beginJob(message: WorkerMessage): Promise<void>;
  logger: Logger;
  clock?: Clock;
  /** Run history: with it, a channel's digest is posted when its schedule fires. */
  history?: RunHistory;
}

/**
 * Builds the worker side of schedules (sync and firing), the same way on AWS and in local mode.
 * A firing starts its job through {@link JobRequests.run}, the run path of `/ats run`, over the
 * worker's own stores and with the ingress's rules ({@link requestRulesOf}): the owner's right to
 * run the template in the channel is checked again at each firing, and the firing is admitted by
 * the same start quotas, in the same counters, as a command of its owner in its channel.
 */
export function assembleScheduleWorker(parts: ScheduleWorkerParts): ScheduleWorker {
  const { runtime } = parts;
  const clock = parts.clock ?? { now: () => Date.now() };
  const calendar = new CronerCalendar();
  const log = domainLog(parts.logger);
  const userGroups = new SlackUserGroupDirectory(parts.webClient, { clock });
  const rules = requestRulesOf(runtime, { jobs: parts.jobs, quotaStore: parts.quotaStore, clock });
  const settings = scheduleSettingsOf(runtime);
  const digest = parts.history
    ? new DigestFiring({
        schedules: parts.schedules,
        history: parts.history,
        poster: new SlackDigestPoster(parts.webClient, { log }),
        clock,
        catalog: runtime.templates,
        admins: settings.admins,
        userGroups,
        log,
      })
    : undefined;
  const firing = new ScheduleFiring({
    schedules: parts.schedules,
    jobs: parts.jobs,
    recurring: parts.recurring,
    calendar,
    notifier: new SlackScheduleNotifier(parts.webClient),
    clock,
    settings,
    runPath: (invoker) =>
      new JobRequests({
        store: parts.jobs,
        invoker,
        clock,
        catalog: runtime.templates,
        userGroups,
        retentionDays: runtime.retentionDays,
        ...rules,
      }),
    beginJob: parts.beginJob,
    ...(digest ? { digest } : {}),
    log,
  });
  return new ScheduleWorker(
    { schedules: parts.schedules, recurring: parts.recurring, calendar, clock, log },
    firing,
  );
}
