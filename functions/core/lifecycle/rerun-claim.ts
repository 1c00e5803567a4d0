import { UserFacingError } from '../errors';
import { type Job, newJob, retentionDaysOf } from '../job';
import { updateJob } from '../job-writes';
import type { JobStore } from '../ports';

/** Outcome of {@link claimRerun}. */
export type RerunClaim =
  | { claimed: true; rerun: Job }
  | { claimed: false; existingRerunRequestId: string; by: string | undefined };

/**
 * Claims the right to rerun the not-passed cases of a finished job, exactly once: the finished
 * job's `rerunRequestId` is set by a conditional write, then the rerun job is recorded in
 * `requested`. A second claim (double click, second person, duplicate delivery) gets the first
 * one's id instead. Safe to call again with the same `rerunRequestId` after a crash.
 *
 * @throws UserFacingError `NOT_FINISHED` when the job is not done, `NO_ATS_JOB` when it has no ATS id;
 *   JobUpdateError `JOB_CONTENDED` when other writers kept changing the finished job; whatever the
 *   store throws.
 */
export async function claimRerun(
  store: JobStore,
  finished: Job,
  by: { userId: string; responseUrl?: string },
  rerunRequestId: string,
  now: number,
  autoRerunsLeft?: number,
): Promise<RerunClaim> {
  if (finished.phase !== 'done') {
    throw new UserFacingError(
      'NOT_FINISHED',
      `Job ${finished.atsJobId ?? finished.requestId} has not finished yet (${finished.phase}); rerun it once it is done.`,
    );
  }
  if (!finished.atsJobId) {
    throw new UserFacingError(
      'NO_ATS_JOB',
      'This job has no ATS job id, so there is nothing to rerun.',
    );
  }
  // Bounded: each lost race means another writer changed the item; re-read and decide again.
  const current = await updateJob(
    store,
    finished,
    (job) => (job.rerunRequestId ? undefined : { rerunRequestId, rerunBy: by.userId }),
    now,
  );
  if (!current) throw new Error(`Could not claim a rerun of ${finished.requestId}: it is gone`);
  if (current.rerunRequestId && current.rerunRequestId !== rerunRequestId) {
    return { claimed: false, existingRerunRequestId: current.rerunRequestId, by: current.rerunBy };
  }
  const rerun = newJob({
    requestId: rerunRequestId,
    kind: 'rerun',
    templateId: current.templateId,
    templateAlias: current.templateAlias,
    templateName: current.templateName,
    requester: by,
    channelId: current.channelId,
    threadTs: current.threadTs ?? current.cardTs,
    attempt: current.attempt + 1,
    rerunOf: current.requestId,
    rootRequestId: current.rootRequestId,
    autoRerunsLeft: autoRerunsLeft ?? current.autoRerunsLeft,
    autoRerunRule: current.autoRerunRule,
    now,
    // A rerun is kept as long as the run it belongs to was meant to be.
    retentionDays: retentionDaysOf(current),
  });
  await store.create(rerun);
  const stored = await store.get(rerunRequestId);
  return { claimed: true, rerun: stored ?? rerun };
}

/** Longest rerun chain followed to find where it stands (the catalog allows 2 automatic reruns). */
const MAX_CHAIN_WALK = 20;

/** The last rerun reached from `rerun` by following its chain forward (bounded). */
export async function latestRerunFrom(store: JobStore, rerun: Job): Promise<Job> {
  let latest = rerun;
  for (let i = 0; i < MAX_CHAIN_WALK && latest.rerunRequestId; i++) {
    const next = await store.get(latest.rerunRequestId);
    if (!next) break;
    latest = next;
  }
  return latest;
}

/** True when a rerun of `finished` may start now ({@link claimRerun} decides the rest). */
export function canStartRerun(finished: Job): boolean {
  return finished.phase === 'done' && !!finished.atsJobId && !finished.rerunRequestId;
}
