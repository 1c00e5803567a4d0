import type { AtsTestCase } from './ats';
import type { Job, JobPhase, Verdict } from './job';

/**
 * Persistence of jobs. Every write is conditional so that duplicate or late deliveries can
 * neither move a job backwards nor produce a second final outcome.
 */
export interface JobStore {
  /**
   * Stores a new job. Resolves false (and changes nothing) when the requestId exists.
   * @throws JobTooLargeError when the item is larger than the store holds.
   */
  create(job: Job): Promise<boolean>;
  get(requestId: string): Promise<Job | undefined>;
  /**
   * Replaces the stored job with `next` only if the stored `version` equals `expectedVersion`
   * (`next.version` must be `expectedVersion + 1`). Resolves false on a lost race.
   * @throws JobTooLargeError when the item is larger than the store holds.
   */
  replace(next: Job, expectedVersion: number): Promise<boolean>;
  /** The job with this ATS job id, if the bot knows it. */
  findByAtsJobId(atsJobId: string): Promise<Job | undefined>;
  /** Jobs of a channel that are not terminal, newest first. */
  listActiveInChannel(channelId: string, limit?: number): Promise<Job[]>;
  /**
   * Request ids of the latest jobs a person started, finished or not, newest first, at most
   * `limit`; a scheduled run counts as its schedule owner's (the requester of its jobs), as in
   * run history.
   */
  latestOfUser(userId: string, limit: number): Promise<string[]>;
  /**
   * Finished (`done`) jobs of a template, newest first: full runs (attempt 0) or reruns
   * (attempt ≥ 1) apart, for learning expected durations.
   */
  recentFinishedRuns(templateId: string, reruns: boolean, limit: number): Promise<Job[]>;
  /** The ATS slots of an app, as last written (version 0 and empty lists when never written). */
  getSlots(app: string): Promise<AtsSlots>;
  /**
   * Writes the slots of `next.app` only if the stored version is `next.version - 1` (0: none
   * stored yet). Resolves false on a lost race.
   */
  putSlots(next: AtsSlots): Promise<boolean>;
}

/**
 * The ATS job slots of one app: the jobs the bot let into ATS that have not ended (`holders`, at
 * most the cap) and the jobs waiting for a slot, in the order they asked. One record per app,
 * every change a conditional write on `version`.
 */
export interface AtsSlots {
  app: string;
  holders: string[];
  waiting: string[];
  /** 0 before the first write. */
  version: number;
}

/** One scheduled poll of a job. (requestId, seq) identifies it; scheduling twice is a no-op. */
export interface PollRequest {
  requestId: string;
  seq: number;
  /** When to deliver (the adapter may round to its precision). */
  at: Date;
}

/** Delivers a poll message to the worker later (EventBridge Scheduler, timers locally). */
export interface PollScheduler {
  schedulePoll(poll: PollRequest): Promise<void>;
  /**
   * Removes a poll that is no longer needed (a start's watchdog once the job is in ATS, a finished
   * job's safety poll once everything is told), so that it never invokes the worker. A poll that
   * does not exist (fired, or never made) is no error. Best effort: the lifecycle stays correct
   * if the poll comes anyway.
   */
  cancelPoll(poll: Pick<PollRequest, 'requestId' | 'seq'>): Promise<void>;
}

/**
 * One short hop: an early look at a running job before its pending poll `seq`, to the second,
 * that changes nothing stored unless ATS said something new. Sending the same hop twice sends two
 * messages: the lifecycle keeps hops harmless however often they arrive.
 */
export interface HopRequest {
  requestId: string;
  /** The pending poll the hop looks ahead of (the job's `pollCount` when it was sent). */
  seq: number;
  /** When to deliver (the adapter may round up to its precision, a second on SQS). */
  at: Date;
  /** When the check that sent it found the job still unfinished (epoch ms). */
  seenAt: number;
}

/**
 * Delivers hop messages to the worker seconds to minutes later (an SQS queue with per-message
 * delays on AWS, timers locally), where EventBridge Scheduler's one-minute precision is too coarse.
 */
export interface HopSender {
  sendHop(hop: HopRequest): Promise<void>;
}

/** Where a Slack message is. */
export interface MessageRef {
  channelId: string;
  ts: string;
}

/** Notices told once in the job's thread. */
export type JobNotice =
  | { kind: 'ats_unreachable'; message: string }
  | { kind: 'may_have_started'; message: string };

/**
 * What the domain tells people. Implemented over the Slack Web API in `functions/slack/`.
 * Methods may throw; callers rely on stored timestamps to stay exactly-once.
 */
export interface Notifier {
  /**
   * Posts the job card: in the channel for a first run or a watch, in the thread
   * (`job.threadTs`) for a rerun.
   */
  postCard(job: Job): Promise<MessageRef>;
  /**
   * The card an earlier claim of this job posted, found in Slack by its metadata (the job's
   * request id): for a job that ends without a recorded card although a worker that died may have
   * posted one. Undefined when there is none or it could not be looked for.
   */
  findCard(job: Job): Promise<MessageRef | undefined>;
  /** Updates the card in place (status changed, final verdict). */
  updateCard(job: Job): Promise<void>;
  /**
   * Posts the final outcome of a terminal job in its thread (verdict, counts, cases that did not
   * pass, rerun button; or why it failed to start / timed out / errored) and the completion
   * notice to the template's notification channels.
   */
  postOutcome(job: Job): Promise<MessageRef>;
  /**
   * Delivers an outcome that gets no reply in the thread, the card (updated by the caller) being
   * where people see it: sends the template's notification channels their completion notice,
   * linking to the card, and with `tellRequester` also tells the requester privately (a start ATS
   * refused: the card shows the reason, the person who asked hears it once).
   */
  announceOnCard(job: Job, tellRequester: boolean): Promise<void>;
  /**
   * Attaches the whole per-case result of a finished job (`testCases`: every case ATS reported,
   * passed ones too) to its thread as a JUnit XML file, once: when an earlier attempt may have
   * uploaded it without the store recording it (`resultFileAttempts` above 1), the file already in
   * the thread is found and returned instead.
   * @returns the Slack file id.
   */
  attachResultFile(job: Job, testCases: readonly AtsTestCase[]): Promise<string>;
  /**
   * Re-renders the posted outcome of a finished job (`job.outcomeTs`), e.g. to replace the
   * **Rerun not passed** button by "Rerun started by @person" once `job.rerunBy` is set.
   */
  updateOutcome(job: Job): Promise<void>;
  /** Posts a one-off notice in the job's thread. */
  postNotice(job: Job, notice: JobNotice): Promise<void>;
  /** Tells one person something only they see (ephemeral / response_url). */
  tellRequester(job: Job, text: string): Promise<void>;
}

/** Wall clock in epoch milliseconds; virtual in tests. */
export interface Clock {
  now(): number;
}

/** Hands a message to the worker asynchronously (Lambda Event invoke; in-process locally). */
export interface WorkerInvoker {
  invoke(message: WorkerMessage): Promise<void>;
}

/** Hands a schedule message to the worker (the same invokers as {@link WorkerInvoker}). */
export interface ScheduleInvoker {
  invoke(message: ScheduleMessage): Promise<void>;
}

/** Messages about one job, handled by the job lifecycle; validated on arrival (`./worker-message.ts`). */
export type WorkerMessage =
  | { type: 'start'; requestId: string }
  | { type: 'rerun'; requestId: string }
  | { type: 'watch'; requestId: string }
  | { type: 'poll'; requestId: string; seq: number }
  | { type: 'hop'; requestId: string; seq: number; at: number; seenAt: number };

/** A hop as the worker receives it: {@link HopRequest} with its times in epoch ms. */
export type HopMessage = Extract<WorkerMessage, { type: 'hop' }>;

/**
 * Messages about one schedule: `sync_schedule` brings its recurring schedule to its stored state
 * (from the ingress); `fire_schedule` is one firing, `scheduledTime` as ISO 8601 (from the
 * recurring scheduler, which fills in its `<aws.scheduler.scheduled-time>`).
 */
export type ScheduleMessage =
  | { type: 'sync_schedule'; scheduleId: string }
  | { type: 'fire_schedule'; scheduleId: string; scheduledTime: string };

/**
 * Publish one person's App Home (from the ingress on `app_home_opened`). `channelId` is their
 * App Home conversation with the bot (D…), where the access rule is asked what holds anywhere.
 */
export type HomeMessage = { type: 'publish_home'; userId: string; channelId: string };

/** Hands a Home message to the worker (the same invokers as {@link WorkerInvoker}). */
export interface HomeInvoker {
  invoke(message: HomeMessage): Promise<void>;
}

/** Every message the worker accepts: about a job, a schedule, or a person's App Home. */
export type AnyWorkerMessage = WorkerMessage | ScheduleMessage | HomeMessage;

/** Every way a job ends: the verdicts of a `done` job, then the phases that end it without one. */
export const JOB_ENDINGS = [
  'passed',
  'failed',
  'canceled',
  'failed_to_start',
  'timed_out',
  'error',
] as const satisfies readonly (
  | Verdict
  | Exclude<JobPhase, 'requested' | 'starting' | 'queued' | 'running' | 'done'>
)[];

/** How a job ended: the verdict of a `done` job, or the phase it ended in without one. */
export type JobEnding = (typeof JOB_ENDINGS)[number];

/**
 * What the lifecycle counts and times for the people who run the bot (CloudWatch metrics on AWS).
 * Each call is made once per event, by the writer that won the conditional write recording it, so
 * a retried message is not counted twice. Implementations neither throw nor wait.
 */
export interface LifecycleMetrics {
  /** ATS accepted a run (RunJob) or a rerun (RerunNotPassed) the bot ordered. */
  jobStarted(kind: 'run' | 'rerun'): void;
  /**
   * A job reached its final phase. `polls` counts the scheduled polls it used before that, about
   * one GetJobStatus call each (an early start watchdog or an outage's retries count too; the poll
   * that finds a job done makes a second call, for its result).
   */
  jobEnded(ending: JobEnding, polls: number): void;
  /**
   * The outcome message of a job ATS finished (`done`) was posted in its thread, `delayMs` after
   * ATS finished the job (estimated from the polls that bracket that moment).
   */
  outcomePosted(delayMs: number): void;
}
