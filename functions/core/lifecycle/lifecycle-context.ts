import { ATS_JOBS_PER_APP, type AtsGateway, DEFAULT_ATS_START_TIMEOUT_MS } from '../ats';
import type { AdminAlerts } from '../ats-trouble';
import type { RunHistory } from '../history/ports';
import { DEFAULT_HISTORY_DAYS } from '../history/run-record';
import { FORGOTTEN_JOB_AFTER_MS, FORGOTTEN_JOB_FAULTS } from '../polling/poll-decision';
import type { PollingPolicy } from '../polling/polling-policy';
import type {
  Clock,
  HopSender,
  JobStore,
  LifecycleMetrics,
  Notifier,
  PollScheduler,
} from '../ports';
import type { TemplateEntry } from '../requests/catalog';

/** Tunables of the job lifecycle. */
export interface LifecycleSettings {
  /** Wall-clock limit of polling, from when ATS accepted the job. */
  pollLimitMs: number;
  /** Consecutive GetJobStatus failures for this long make the person be told. */
  unreachableAfterMs: number;
  /**
   * Timeout of RunJob and RerunNotPassed the gateway uses: a start cannot take longer, so the
   * start watchdog waits at least this long.
   */
  atsStartTimeoutMs: number;
  /**
   * Added to the start timeout for the start watchdog (default 60 s): a job still `starting` this
   * long after it was claimed was left by a worker that died in RunJob.
   */
  watchdogMarginMs: number;
  /** How long one worker may take to post an outcome before another takes over (default 2 min). */
  outcomeLeaseMs: number;
  /** Outcome posts Slack may refuse before the bot gives up on it (default 5). */
  maxOutcomeAttempts: number;
  /**
   * Consecutive SOAP faults on GetJobStatus of a followed job after which, once they
   * have lasted {@link LifecycleSettings.forgottenJobAfterMs}, ATS is taken to have forgotten it.
   */
  forgottenJobFaults: number;
  /** Shortest stretch of consecutive SOAP faults that ends a followed job. */
  forgottenJobAfterMs: number;
  /**
   * Jobs of the ATS app the bot lets be queued or running in ATS at once (default 5, ATS's own
   * cap); further runs and reruns wait for a slot.
   */
  atsJobCap: number;
  /**
   * How long a run or rerun the bot stopped following while its ATS job may still run keeps its
   * ATS slot at most (default 6 h, the default poll limit): until ATS reports it done, or this long
   * after it ended when ATS cannot (no job id after a lost start, no answer).
   */
  slotHoldMs: number;
  /** Days a finished job's history record is kept (default 400), apart from the job's retention. */
  historyDays: number;
}

/**
 * Defaults of {@link LifecycleSettings}. The deployment settings' defaults (`functions/settings.ts`)
 * read the poll limit and the unreachable delay from here.
 */
export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = {
  pollLimitMs: 6 * 3_600_000,
  unreachableAfterMs: 15 * 60_000,
  atsStartTimeoutMs: DEFAULT_ATS_START_TIMEOUT_MS,
  watchdogMarginMs: 60_000,
  outcomeLeaseMs: 120_000,
  maxOutcomeAttempts: 5,
  forgottenJobFaults: FORGOTTEN_JOB_FAULTS,
  forgottenJobAfterMs: FORGOTTEN_JOB_AFTER_MS,
  atsJobCap: ATS_JOBS_PER_APP,
  slotHoldMs: 6 * 3_600_000,
  historyDays: DEFAULT_HISTORY_DAYS,
};

/** Where the lifecycle reports what it dropped or could not do; never throws. */
export interface LifecycleLog {
  info(message: string, extra?: object): void;
  warn(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
}

/** A log that discards everything. */
export const SILENT_LOG: LifecycleLog = {
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Metrics that go nowhere. */
export const NO_METRICS: LifecycleMetrics = {
  jobStarted: () => {},
  jobEnded: () => {},
  outcomePosted: () => {},
};

/** What {@link JobLifecycle} works with. */
export interface LifecycleDeps {
  ats: AtsGateway;
  store: JobStore;
  scheduler: PollScheduler;
  /**
   * Short hops between polls (SQS on AWS, timers locally); without it, or without hops in the
   * policy, every check is a scheduled poll.
   */
  hops?: HopSender;
  notifier: Notifier;
  /** Where each finished job leaves its record (default: nowhere). */
  history?: RunHistory;
  clock: Clock;
  catalog: TemplateEntry[];
  policy: PollingPolicy;
  /** Ids for automatic reruns. */
  newRequestId: () => string;
  settings?: Partial<LifecycleSettings>;
  /** Where dropped messages and swallowed Slack errors are reported (default: nowhere). */
  log?: LifecycleLog;
  /** What is counted and timed for the operators' dashboard (default: nothing). */
  metrics?: LifecycleMetrics;
  /** The ATS app the jobs run in, whose job slots are counted (default `ats`). */
  atsApp?: string;
  /** Where problems only an admin can fix go (default: the log, as `Needs an admin`). */
  admin?: AdminAlerts;
}

/** Everything a use case of the lifecycle works with: the deps, settings and log filled in. */
export interface LifecycleContext
  extends Omit<LifecycleDeps, 'settings' | 'log' | 'metrics' | 'atsApp' | 'admin'> {
  settings: LifecycleSettings;
  atsApp: string;
  log: LifecycleLog;
  metrics: LifecycleMetrics;
  admin: AdminAlerts;
  /** Begins a job recorded in `requested` (used to start automatic reruns in-process). */
  begin(requestId: string): Promise<void>;
}

/**
 * Admin alerts that go to the log only: one `Needs an admin` line at error level per problem, the
 * hook a metric filter or an admin channel hangs on.
 */
export function loggedAdminAlerts(log: LifecycleLog): AdminAlerts {
  return {
    async alert(problem) {
      log.error('Needs an admin', { ...problem });
    },
  };
}
