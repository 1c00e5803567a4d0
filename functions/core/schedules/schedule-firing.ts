import type { DigestFiring } from '../digest/digest-firing';
import { isTerminal, type Job } from '../job';
import type { Clock, JobStore, WorkerInvoker, WorkerMessage } from '../ports';
import type { QuotaRefusal } from '../requests/quotas';
import type { RequestAnswer, RequestContext } from '../requests/request-answer';
import { requestIdFromTrigger } from '../requests/requests';
import type {
  RecurringScheduler,
  RunCalendar,
  ScheduleNotice,
  ScheduleNotifier,
  ScheduleStore,
} from './ports';
import { firingMinute, firingTrigger, type PauseReason, type Schedule } from './schedule';
import type { ScheduleSettings } from './schedule-settings';
import { applySchedule, bookMovedRun } from './schedule-sync';
import { updateSchedule } from './schedule-writes';

/** The run path of `/ats run`, handing its job to the given invoker. */
export type RunPath = (invoker: WorkerInvoker) => {
  run(target: string, ctx: RequestContext): Promise<RequestAnswer>;
};

/** What {@link ScheduleFiring} works with. */
export interface ScheduleFiringDeps {
  schedules: ScheduleStore;
  jobs: JobStore;
  recurring: RecurringScheduler;
  calendar: RunCalendar;
  notifier: ScheduleNotifier;
  clock: Clock;
  settings: Pick<ScheduleSettings, 'allowOverlap'>;
  /** `JobRequests.run` over the worker's own deps. */
  runPath: RunPath;
  /** Begins a recorded job in this worker (the job lifecycle). */
  beginJob(message: WorkerMessage): Promise<void>;
  /** Posts the digest of a `digest` schedule; without it (no run history) such firings are dropped. */
  digest?: Pick<DigestFiring, 'fire'>;
  log: { info(message: string, extra?: object): void; warn(message: string, extra?: object): void };
}

/** What a firing did. */
export type FiringOutcome =
  /** A job was started (or, for a repeated delivery, found already started). */
  | 'started'
  /** A digest was posted. */
  | 'posted'
  /** The previous firing's job is still active, or a start quota is used up: nothing started. */
  | 'skipped'
  /** The template or the channel is gone, or its owner may no longer run it: paused. */
  | 'paused'
  /** The schedule is paused, removed or unknown, or the firing predates it: nothing done. */
  | 'ignored';

/** A firing that could not be carried out now; retrying it later is safe. */
export class FiringRetryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FiringRetryError';
  }
}

/** Slack refusals of a job's channel that mean the bot is no longer there. */
const CHANNEL_GONE = new Set(['BOT_NOT_IN_CHANNEL', 'CHANNEL_NOT_FOUND']);

/** How far the chain of reruns of the previous firing's job is followed. */
const RERUN_CHAIN_LIMIT = 4;

/**
 * One firing of a schedule (worker side of `fire_schedule`): starts one job exactly as
 * `/ats run` would, in the owner's name, with the schedule on its card: the access rule is asked
 * again for the owner in the channel, and the start quotas admit it as a start of the owner in the
 * channel. The job's requestId is derived from the schedule and the scheduled minute, so
 * deliveries of one firing that come twice, late, or again after a crash find the job (and the
 * quota places) the first one took and never start a second.
 */
export class ScheduleFiring {
  constructor(private readonly deps: ScheduleFiringDeps) {}

  /**
   * Carries out the firing scheduled for `scheduledTime`.
   * @throws FiringRetryError when the access check could not be made; whatever the stores,
   *   scheduler or lifecycle throw (store or Slack trouble): the firing is then delivered again.
   */
  async fire(scheduleId: string, scheduledTime: Date): Promise<FiringOutcome> {
    const { deps } = this;
    const at = firingMinute(scheduledTime);
    const schedule = await deps.schedules.get(scheduleId);
    const startedBefore = schedule && at < firingMinute(new Date(schedule.createdAt));
    if (schedule?.state !== 'active' || startedBefore) {
      deps.log.info('Firing of an inactive schedule ignored', {
        scheduleId,
        state: schedule?.state ?? 'unknown',
        scheduledTime: new Date(at).toISOString(),
      });
      return 'ignored';
    }
    if (schedule.kind === 'digest') return this.fireDigest(schedule, at);
    const trigger = firingTrigger(scheduleId, at);
    const ownJob = await deps.jobs.get(requestIdFromTrigger(trigger));
    if (!ownJob && !deps.settings.allowOverlap) {
      const running = await this.activeJobOf(schedule.lastRequestId);
      if (running) {
        await this.skip(schedule, at, running);
        await this.bookNext(schedule, at);
        return 'skipped';
      }
    }
    const outcome = await this.startRun(schedule, trigger, at);
    if (outcome === 'started' || outcome === 'skipped') await this.bookNext(schedule, at);
    return outcome;
  }

  /** Posts the channel's digest instead of starting a job; pauses it as a run would be. */
  private async fireDigest(schedule: Schedule, at: number): Promise<FiringOutcome> {
    const { digest, log } = this.deps;
    if (!digest) {
      log.warn('Digest firing dropped: run history is not set up', {
        scheduleId: schedule.scheduleId,
      });
      return 'ignored';
    }
    const outcome = await digest.fire(schedule, at);
    if (typeof outcome === 'object') return this.pause(schedule, outcome.pause);
    if (outcome === 'posted') await this.bookNext(schedule, at);
    return outcome;
  }

  /** Runs the template through the run path; the job begins in this worker. */
  private async startRun(schedule: Schedule, trigger: string, at: number): Promise<FiringOutcome> {
    const begin = new InWorkerBegin(this.deps.beginJob);
    const path = this.deps.runPath(begin);
    const ctx: RequestContext = {
      userId: schedule.ownerId,
      channelId: schedule.channelId,
      triggerId: trigger,
      scheduleId: schedule.scheduleId,
    };
    let answer = await path.run(schedule.templateAlias, ctx);
    // The alias may have been renamed in the catalog while the template stayed.
    if (answer.kind === 'help') answer = await path.run(schedule.templateId, ctx);
    begin.rethrow();
    switch (answer.kind) {
      case 'accepted':
        return this.started(schedule, at, answer.job.requestId);
      case 'help':
        return this.pause(schedule, 'template_removed');
      case 'not_allowed':
        return this.pause(schedule, 'owner_not_allowed');
      case 'quota_exceeded':
        // As a command of its owner would be: this run is skipped, as one whose previous run
        // still runs is; the schedule stays on for the next.
        await this.refused(schedule, at, answer.refusal);
        return 'skipped';
      case 'refused':
        throw new FiringRetryError(answer.code, answer.message);
      default:
        throw new FiringRetryError('UNEXPECTED_ANSWER', `The run path answered ${answer.kind}`);
    }
  }

  /** Records the firing's job on the schedule; pauses it when Slack refused the channel. */
  private async started(schedule: Schedule, at: number, requestId: string): Promise<FiringOutcome> {
    const { deps } = this;
    await updateSchedule(
      deps.schedules,
      schedule,
      (current) =>
        current.lastFiredFor === undefined || at > current.lastFiredFor
          ? {
              lastFiredFor: at,
              lastRequestId: requestId,
              skipNoticeFor: undefined,
              quotaNoticeFor: undefined,
            }
          : undefined,
      deps.clock.now(),
    );
    const job = await deps.jobs.get(requestId);
    if (job?.phase === 'failed_to_start' && CHANNEL_GONE.has(job.lastErrorCode ?? '')) {
      return this.pause(schedule, 'channel_left');
    }
    deps.log.info('Schedule fired', {
      scheduleId: schedule.scheduleId,
      requestId,
      scheduledTime: new Date(at).toISOString(),
    });
    return 'started';
  }

  /** The previous firing's job, or the rerun of it, while it has not finished. */
  private async activeJobOf(requestId: string | undefined): Promise<Job | undefined> {
    let next = requestId;
    for (let i = 0; i < RERUN_CHAIN_LIMIT && next; i++) {
      const job = await this.deps.jobs.get(next);
      if (!job) return undefined;
      if (!isTerminal(job.phase)) return job;
      next = job.rerunRequestId;
    }
    return undefined;
  }

  /** Tells the channel once per running job that firings are being skipped for it. */
  private async skip(schedule: Schedule, at: number, running: Job): Promise<void> {
    this.logSkipped('info', 'the previous run is still active', schedule, at, {
      running: running.requestId,
    });
    await this.tellOnce(
      schedule,
      (current) =>
        current.skipNoticeFor === running.requestId
          ? undefined
          : { skipNoticeFor: running.requestId },
      (stored) => ({ kind: 'firing_skipped', schedule: stored, scheduledFor: at, running }),
      'Could not tell the channel about a skipped firing',
    );
  }

  /**
   * Tells the channel once that a start quota refused a firing; later refusals stay quiet until
   * a firing starts a job. A delivery of a firing older than the last started one tells nothing.
   */
  private async refused(schedule: Schedule, at: number, refusal: QuotaRefusal): Promise<void> {
    this.logSkipped('warn', 'a start quota is used up', schedule, at, { quota: refusal.quota });
    await this.tellOnce(
      schedule,
      (current) =>
        current.quotaNoticeFor !== undefined ||
        (current.lastFiredFor !== undefined && at <= current.lastFiredFor)
          ? undefined
          : { quotaNoticeFor: at },
      (stored) => ({ kind: 'firing_refused', schedule: stored, scheduledFor: at, refusal }),
      'Could not tell the channel about a refused firing',
    );
  }

  /** Logs that the firing of `schedule` due at `at` started nothing, and why. */
  private logSkipped(
    level: 'info' | 'warn',
    why: string,
    schedule: Schedule,
    at: number,
    detail: object,
  ): void {
    this.deps.log[level](`Schedule firing skipped: ${why}`, {
      scheduleId: schedule.scheduleId,
      ...detail,
      scheduledTime: new Date(at).toISOString(),
    });
  }

  /**
   * Records on the schedule that `notice` is being told (`mark` returns undefined when it was
   * already) and tells it only when this call recorded it, so that redeliveries stay quiet.
   */
  private async tellOnce(
    schedule: Schedule,
    mark: (current: Schedule) => Partial<Schedule> | undefined,
    notice: (stored: Schedule) => ScheduleNotice,
    failure: string,
  ): Promise<void> {
    const { deps } = this;
    const { schedule: stored, written } = await updateSchedule(
      deps.schedules,
      schedule,
      mark,
      deps.clock.now(),
    );
    if (written && stored) await this.tell(notice(stored), failure);
  }

  /** Delivers `notice`; a failed delivery is logged as `failure`, not thrown. */
  private async tell(notice: ScheduleNotice, failure: string): Promise<void> {
    try {
      await this.deps.notifier.tell(notice);
    } catch (error) {
      this.deps.log.warn(failure, {
        scheduleId: notice.schedule.scheduleId,
        error: String(error),
      });
    }
  }

  /** Pauses the schedule (and its recurring schedule) and tells its owner why. */
  private async pause(
    schedule: Schedule,
    reason: Exclude<PauseReason, 'by_person'>,
  ): Promise<FiringOutcome> {
    const { deps } = this;
    const { schedule: stored, written } = await updateSchedule(
      deps.schedules,
      schedule,
      (current) =>
        current.state === 'active'
          ? { state: 'paused', pauseReason: reason, changedBy: undefined }
          : undefined,
      deps.clock.now(),
    );
    if (!written || !stored) return 'ignored';
    deps.log.warn('Schedule paused by a firing', { scheduleId: schedule.scheduleId, reason });
    await applySchedule(deps, schedule.scheduleId);
    await this.tell(
      { kind: 'paused_by_bot', schedule: stored, reason },
      'Could not tell the owner about a paused schedule',
    );
    return 'paused';
  }

  /** Books the run after this one as a one-off when the recurring scheduler would skip it. */
  private async bookNext(schedule: Schedule, at: number): Promise<void> {
    const booked = await bookMovedRun(this.deps, schedule, at);
    if (booked === undefined || booked === schedule.extraRunAt) return;
    await updateSchedule(
      this.deps.schedules,
      schedule,
      (current) => (current.extraRunAt === booked ? undefined : { extraRunAt: booked }),
      this.deps.clock.now(),
    );
  }
}

/**
 * The worker invoker of a firing's run: begins the job right here instead of invoking the worker
 * again. A failure is kept rather than thrown, so the run path does not give the job up as not
 * handed over; the firing rethrows it afterwards and its next delivery begins the same job.
 */
class InWorkerBegin implements WorkerInvoker {
  private failure: { error: unknown } | undefined;

  constructor(private readonly begin: (message: WorkerMessage) => Promise<void>) {}

  async invoke(message: WorkerMessage): Promise<void> {
    try {
      await this.begin(message);
    } catch (error) {
      this.failure ??= { error };
    }
  }

  /** @throws what beginning the job threw, if it did. */
  rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}
