import type { AtsBreakdown, AtsFlags, AtsTestCase } from './ats';
import type { SlowestCases } from './history/slowest-cases';
import {
  type ActivePhase,
  canTransition,
  isTerminal,
  type JobPhase,
  TERMINAL_PHASES,
} from './job-phase';

export { type ActivePhase, canTransition, isTerminal, type JobPhase, TERMINAL_PHASES };

/**
 * When a chain of automatic reruns stops. `until-pass`: rerun while an attempt did not pass, stop at
 * the first one that passed. `confirm` (the vendor's Jenkins plugin): a rerun that did not pass
 * ends the chain failed; one that passed is confirmed by another rerun, and the chain passes only
 * when that one passes too.
 */
export type AutoRerunRule = 'until-pass' | 'confirm';

/** The test cases a rerun runs again: those the chain's original job did not pass. */
export interface RerunScope {
  count: number;
  /** The first of them, by name (at most {@link RERUN_SCOPE_NAMES}). */
  names: string[];
}

/** Names kept in a {@link RerunScope}: enough for a card, small enough for any job item. */
export const RERUN_SCOPE_NAMES = 20;

/**
 * Where a rerun leaves a `confirm` chain: `confirming` (passed, another rerun confirms it),
 * `confirmed` (passed after a passing rerun), `unconfirmed` (passed, no rerun left to confirm
 * it), `failed` (did not pass: the chain ends failed).
 */
export type ConfirmStep = 'confirming' | 'confirmed' | 'unconfirmed' | 'failed';

/** How a job came to be. */
export type JobKind = 'run' | 'rerun' | 'watch';

/** Verdict of a finished (`done`) job. */
export type Verdict = 'passed' | 'failed' | 'canceled';

/** The final result of a job that reached `done`. */
export interface JobResult {
  verdict: Verdict;
  /** ATS `ExecutionResult` as sent. */
  atsResult: string | undefined;
  /** Passed, failed and not executed: ATS's breakdown, or counted from its cases. */
  breakdown: AtsBreakdown | undefined;
  flags: AtsFlags;
  /**
   * The test cases that did not pass (at most `MAX_KEPT_CASES`, names and messages cut to what an
   * outcome shows); passed ones are only counted.
   */
  testCases: AtsTestCase[];
  /**
   * For a rerun: the cases it passed (every case a rerun runs is one the chain's original did not
   * pass), at most `MAX_KEPT_CASES`.
   */
  flaky: string[];
  /** How many cases were flaky, when more than `flaky` lists. */
  flakyCount?: number;
  /**
   * Seconds the test cases ran by ATS's own account (the sum of all their durations, passed ones
   * included); absent when ATS gave none.
   */
  caseSeconds?: number;
  /**
   * The slowest cases, ranked from every case of ATS's final answer (passed ones included) when
   * the result is built, so that the history record, written later by whichever delivery
   * settles the job, has them without asking ATS again; absent when ATS gave no durations or
   * listed more cases than the bot reads.
   */
  slowest?: SlowestCases;
  /**
   * Set when ATS's list of test cases was too large to read: the counts come from its breakdown,
   * the cases are not listed.
   */
  testCasesOmitted?: boolean;
  /**
   * Set when the store refused the result with its cases (larger than an item holds): the counts
   * and verdict are kept, the cases are not listed.
   */
  casesNotStored?: boolean;
  /** For a rerun in a `confirm` chain: where it leaves the chain. */
  chain?: { rule: 'confirm'; step: ConfirmStep };
  /** ATS `ErrorMessage`, if any. */
  errorMessage: string | undefined;
}

/** How long Slack honours a command's or click's `response_url` (and at most 5 uses). */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

/** Who asked, where, and how to reach them for ephemeral answers. */
export interface Requester {
  userId: string;
  /**
   * Slack `response_url` of the command or click; valid {@link RESPONSE_URL_LIFETIME_MS} from the
   * job's creation, and dropped from the stored job by the first write after that.
   */
  responseUrl?: string;
}

/**
 * One ATS job as the bot follows it. Stored as one item; every change is a conditional
 * write on `version`.
 */
export interface Job {
  /** Our id for the request, assigned at ingress. Stable across retries. */
  requestId: string;
  /** ATS job id once known. Opaque string. */
  atsJobId?: string;
  kind: JobKind;
  /** ATS CI/CD template id; absent for a watched job started elsewhere. */
  templateId?: string;
  /** Catalog alias used, if any. */
  templateAlias?: string;
  /** Display name (catalog name, or the template id). */
  templateName: string;
  /** The schedule whose firing started it (its owner is the requester). */
  scheduleId?: string;
  requester: Requester;
  channelId: string;
  /** Slack ts of this job's card (for reruns: the card message inside the thread). */
  cardTs?: string;
  /** Slack ts of the thread this job reports into (the first job's card). */
  threadTs?: string;
  phase: JobPhase;
  /** 0 for the original run, 1.. for reruns in the chain. */
  attempt: number;
  /** requestId of the job this one reruns. */
  rerunOf?: string;
  /** requestId of the first job of the chain (itself for attempt 0). */
  rootRequestId: string;
  /** Automatic reruns still allowed for this chain. */
  autoRerunsLeft: number;
  /** When the chain's automatic reruns stop (default `until-pass`). */
  autoRerunRule?: AutoRerunRule;
  /** For a rerun: the cases it runs again, from the chain's original job. */
  rerunScope?: RerunScope;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /**
   * When a worker claimed the job (`requested → starting`, or a watch checked again): the start
   * watchdog gives up on it only once the ATS timeout has passed since.
   */
  claimedAt?: number;
  /**
   * When the worker holding the claim was about to send RunJob / RerunNotPassed (written, with the
   * card's ts, by one conditional write just before the call: that write is the right to send).
   * A job in `starting` without it never reached ATS, so a takeover may send the order; with it
   * and no {@link Job.atsJobId}, whether ATS started the job is unknown.
   */
  orderSentAt?: number;
  /** How many times a start left before its order was sent was taken over by a later worker. */
  startTakeovers?: number;
  /**
   * Claims that went on to post this job's card (the claim, a start taken over, a watch checked
   * again), counted by the claim's own write. Above 1, an earlier worker may have posted a card
   * and died before recording its ts: the notifier looks for that card before posting another.
   */
  cardAttempts?: number;
  /**
   * While `waiting`: the jobs of the app holding its ATS slots when it was last checked, and when
   * it began to wait.
   */
  slotWait?: { running: number; since: number };
  /** When ATS accepted the job. */
  startedAt?: number;
  /** The message ATS sent along with accepting the job (`Started=true` with an `ErrorMessage`). */
  startWarning?: string;
  /** When the bot learned the final state. */
  finishedAt?: number;
  /**
   * Set on a run or rerun the bot stopped following while its ATS job may still be queued or
   * running (timed out at the poll limit, ended on errors, a start ATS did not confirm): the latest
   * time its ATS slot stays held. Until then it keeps the slot unless ATS reports it done
   * (`functions/core/lifecycle/slot-hold.ts`).
   */
  slotHeldUntil?: number;
  /** Number of polls done; also the sequence number of the next poll message. */
  pollCount: number;
  /** When the next poll is scheduled (epoch ms). */
  nextPollAt?: number;
  /** Consecutive GetJobStatus failures. */
  consecutiveFailures: number;
  /** Set once the person was told ATS is unreachable (told only once per outage). */
  unreachableNotified: boolean;
  /** Last raw `ExecutionStatus`. */
  lastAtsStatus?: string;
  /** Last ATS or transport error message (user-facing, no secrets). */
  lastError?: string;
  /** Machine-readable code of `lastError`, when it has one (`BOT_NOT_IN_CHANNEL`, …). */
  lastErrorCode?: string;
  result?: JobResult;
  /** requestId of the rerun started from this finished job (set once: button dedup). */
  rerunRequestId?: string;
  /** Slack user who started that rerun. */
  rerunBy?: string;
  /** Slack ts of the posted final outcome message (set once: exactly-once outcome). */
  outcomeTs?: string;
  /**
   * Epoch ms until which one worker holds the right to post the outcome. Written (with the
   * terminal phase, or by a later claim) before posting, so a duplicate delivery racing it waits
   * instead of posting a second outcome; a worker that dies while holding it is replaced once it
   * lapses.
   */
  outcomeLeaseUntil?: number;
  /**
   * Claims of the outcome lease so far (above 1, an earlier one may have posted: the notifier
   * looks before posting). Set by the lifecycle's terminal write: a job ended elsewhere has none
   * and gets no outcome from the worker.
   */
  outcomeAttempts?: number;
  /**
   * Outcome posts Slack refused (recorded when the lease is given back after a failed post);
   * bounded so a Slack that keeps refusing is not retried forever. A worker that died while
   * posting refused nothing and is not counted.
   */
  outcomeFailures?: number;
  /**
   * Set (epoch ms) when the outcome went to the requester, not to a thread: a watch of a job ATS
   * does not know never gets a card; a start ATS refused shows its reason on the card.
   */
  outcomeToldAt?: number;
  /**
   * Set (epoch ms) when the card alone told the outcome: a clean first-time pass of a template with
   * quiet passes gets no thread reply (its notification channels still get their notice).
   */
  outcomeOnCardAt?: number;
  /**
   * On the first job of a rerun chain: where its latest rerun stands, so that the card in the
   * channel tells the chain's final story, not only the first run's.
   */
  chainStory?: ChainStory;
  /** Slack id of the JUnit file with the full per-case result, attached once to the thread. */
  resultFileId?: string;
  /** Attempts to attach the result file so far (bounded, like the outcome's). */
  resultFileAttempts?: number;
  /** Epoch ms until which one worker holds the right to attach the result file. */
  resultFileLeaseUntil?: number;
  /** Start (epoch ms) of the current run of consecutive GetJobStatus failures. */
  failingSince?: number;
  /**
   * Consecutive GetJobStatus answers that were SOAP faults (part of `consecutiveFailures`): many
   * of them over a long stretch mean ATS has forgotten the job.
   */
  consecutiveFaults?: number;
  /** Start (epoch ms) of the current run of consecutive SOAP faults. */
  faultingSince?: number;
  /**
   * Last time ATS reported the job `Queued` (`startedAt` until a poll says otherwise). With
   * {@link Job.runningSeenAt} it brackets when the job began running.
   */
  queuedSeenAt?: number;
  /** First time ATS reported the job `Running` or `Done`. */
  runningSeenAt?: number;
  /** Last poll that found the job unfinished. With `finishedAt` it brackets when ATS finished. */
  lastPolledAt?: number;
  /**
   * Running time (ms, queue excluded) this job took, estimated from the brackets above once it is
   * done: what later runs of the same template learn their polling window from.
   */
  runDurationMs?: number;
  /** Running time expected from earlier runs of the template, learned when the job started. */
  expectedRun?: ExpectedRun;
  /** Optimistic lock, incremented by every write. */
  version: number;
  /** DynamoDB TTL, epoch seconds. */
  expiresAt: number;
}

/**
 * Running time (queue excluded) a job of a template is expected to take, learned from its
 * earlier completed runs: most runs finish between `lowMs` and `highMs` after they began running.
 */
export interface ExpectedRun {
  lowMs: number;
  highMs: number;
  /** The typical running time: the median of the earlier runs. */
  medianMs?: number;
  /** How far from `medianMs` a run may end: the spread (a standard deviation) of earlier runs. */
  spreadMs?: number;
  /** Test cases the newest earlier run reported. */
  cases?: number;
  /** How many earlier runs it was learned from. */
  samples: number;
}

/** Where a rerun chain stands, as its first job's card shows it. */
export interface ChainStory {
  /** Rerun number (1, 2, …) of the latest rerun of the chain that has news. */
  attempt: number;
  /** That rerun's requestId. */
  requestId: string;
  /** Its phase: running, or how it ended. */
  phase: JobPhase;
  /** Its verdict once `done`. */
  verdict?: Verdict;
  /** Test cases that passed on a rerun after failing in an earlier attempt, over the chain. */
  flaky: number;
  /** Its passed / failed / not executed counts once done. */
  breakdown?: AtsBreakdown;
  /** In a `confirm` chain: where that rerun leaves the chain. */
  step?: ConfirmStep;
}

/** Default retention of job items (DynamoDB TTL). */
export const DEFAULT_RETENTION_DAYS = 90;

/** What a new job needs to be recorded; everything else starts at its initial value. */
export interface NewJob {
  requestId: string;
  kind: JobKind;
  templateId?: string;
  templateAlias?: string;
  templateName: string;
  scheduleId?: string;
  atsJobId?: string;
  requester: Requester;
  channelId: string;
  threadTs?: string;
  attempt?: number;
  rerunOf?: string;
  rootRequestId?: string;
  autoRerunsLeft?: number;
  autoRerunRule?: AutoRerunRule;
  now: number;
  retentionDays?: number;
}

/** Builds a job in its initial `requested` phase. */
export function newJob(input: NewJob): Job {
  const { now, retentionDays = DEFAULT_RETENTION_DAYS, ...rest } = input;
  return {
    ...rest,
    phase: 'requested',
    attempt: input.attempt ?? 0,
    rootRequestId: input.rootRequestId ?? input.requestId,
    autoRerunsLeft: input.autoRerunsLeft ?? 0,
    createdAt: now,
    updatedAt: now,
    pollCount: 0,
    consecutiveFailures: 0,
    unreachableNotified: false,
    version: 1,
    expiresAt: Math.floor(now / 1000) + retentionDays * 86_400,
  };
}

/**
 * The job as it should be stored at `now`: a `response_url` that Slack no longer honours is a
 * credential-like URL with no use left, so it is not kept for the item's whole life.
 */
export function withoutExpiredResponseUrl(job: Job, now: number): Job {
  if (job.requester.responseUrl === undefined) return job;
  if (now - job.createdAt < RESPONSE_URL_LIFETIME_MS) return job;
  return { ...job, requester: { userId: job.requester.userId } };
}

/** The retention a job was created with, in whole days (at least 1): what its reruns inherit. */
export function retentionDaysOf(job: Job): number {
  return Math.max(1, Math.round((job.expiresAt * 1000 - job.createdAt) / 86_400_000));
}

/** Names of the test cases of a result that did not pass. */
export function notPassedNames(result: JobResult): string[] {
  return result.testCases.filter((t) => t.result !== 'Passed').map((t) => t.name);
}

/** True when a finished job has test cases that did not pass (a rerun makes sense). */
export function hasNotPassed(job: Job): boolean {
  const r = job.result;
  if (!r) return false;
  if (r.breakdown && r.breakdown.failed + r.breakdown.notExecuted > 0) return true;
  return r.testCases.some((t) => t.result !== 'Passed');
}
