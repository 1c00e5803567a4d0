import {
  buildRunRecord,
  DEFAULT_HISTORY_DAYS,
  type RunRecord,
  type RunVerdict,
} from '../history/run-record';
import { type ActivePhase, isTerminal, type Job } from '../job';
import type { JobStore } from '../ports';

/** What a line of "Your recent jobs" shows of any job, finished or under way. */
type RecentJobBase = Pick<
  RunRecord,
  'requestId' | 'userId' | 'templateName' | 'attempt' | 'channelId' | 'threadTs'
>;

/**
 * One of the person's recent jobs on their Home: a finished one as run history keeps it (its
 * verdict and when it ended), or one still under way (its phase and when it was asked for).
 * `threadTs` is the Slack message its line links to: the job's thread, or its own card.
 */
export type RecentJob = RecentJobBase &
  (
    | { state: 'finished'; verdict: RunVerdict; endedAt: number }
    | { state: 'active'; phase: ActivePhase; createdAt: number }
  );

/**
 * The person's latest jobs (`latest`, request ids newest first) that have no record among
 * `finished`, read from the store (strongly consistent, so each phase is the stored one): mostly
 * their jobs under way. Reads at most one job per id, in parallel; an id whose job is gone (past
 * the jobs' retention) is left out.
 * @throws what the store throws.
 */
export async function unrecordedJobs(
  store: Pick<JobStore, 'get'>,
  latest: readonly string[],
  finished: readonly RunRecord[],
): Promise<Job[]> {
  const recorded = new Set(finished.map((run) => run.requestId));
  const jobs = await Promise.all(
    latest.filter((id) => !recorded.has(id)).map((id) => store.get(id)),
  );
  return jobs.filter((job): job is Job => job !== undefined);
}

/**
 * A person's recent jobs, one line per job, newest first, at most `limit`, from their jobs read
 * from the store (`jobs`: under way, or ended) and their finished runs in history (`finished`):
 * first the jobs under way (the latest asked for first), then the finished ones (the latest ended
 * first, the order run history keeps). "Newest" is the latest thing that happened to a job, and
 * for a job under way that is now. A job with a record is shown once, as finished, whatever the
 * store said a moment before; a job that ended but has no record yet (the lifecycle writes it
 * after telling the channel) is shown as finished from the job itself, as its record will say.
 */
export function mergeRecentJobs(
  jobs: readonly Job[],
  finished: readonly RunRecord[],
  limit: number,
): RecentJob[] {
  const finishedIds = new Set(finished.map((run) => run.requestId));
  const unrecorded = jobs.filter((job) => !finishedIds.has(job.requestId));
  const records = [
    ...finished,
    ...unrecorded.flatMap((job) => buildRunRecord(job, DEFAULT_HISTORY_DAYS) ?? []),
  ];
  const underWay = unrecorded
    .filter((job): job is Job & { phase: ActivePhase } => !isTerminal(job.phase))
    .sort((a, b) => b.createdAt - a.createdAt || a.requestId.localeCompare(b.requestId))
    .map(
      (job): RecentJob => ({
        ...baseOf(job, job.requester.userId, job.threadTs ?? job.cardTs),
        state: 'active',
        phase: job.phase,
        createdAt: job.createdAt,
      }),
    );
  const ended = records
    .sort((a, b) => b.endedAt - a.endedAt || a.requestId.localeCompare(b.requestId))
    .map(
      (run): RecentJob => ({
        ...baseOf(run, run.userId, run.threadTs ?? run.messageTs),
        state: 'finished',
        verdict: run.verdict,
        endedAt: run.endedAt,
      }),
    );
  const seen = new Set<string>();
  return [...underWay, ...ended]
    .filter((job) => !seen.has(job.requestId) && seen.add(job.requestId))
    .slice(0, Math.max(0, limit));
}

function baseOf(
  job: Pick<Job | RunRecord, 'requestId' | 'templateName' | 'attempt' | 'channelId'>,
  userId: string,
  threadTs: string | undefined,
): RecentJobBase {
  return {
    requestId: job.requestId,
    userId,
    templateName: job.templateName,
    attempt: job.attempt,
    channelId: job.channelId,
    ...(threadTs !== undefined ? { threadTs } : {}),
  };
}
