import type { RunRecord } from '../../../functions/core/history/run-record';
import { runVerdictOf } from '../../../functions/core/history/run-record';
import { isTerminal, type Job } from '../../../functions/core/job';

/**
 * Checks the run history a load run left: exactly one record per job that ended with its outcome
 * settled and has a template (none for jobs still open or ended outside the lifecycle), each
 * with the job's verdict, chain and place in Slack, and no record of a job that does not exist.
 * @returns one line per broken rule.
 */
export function historyViolations(jobs: readonly Job[], records: readonly RunRecord[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, RunRecord[]>();
  for (const r of records) byId.set(r.requestId, [...(byId.get(r.requestId) ?? []), r]);
  const known = new Set(jobs.map((j) => j.requestId));
  for (const r of records) {
    if (!known.has(r.requestId)) problems.push(`record ${r.requestId} of no job`);
  }
  for (const job of jobs) {
    const found = byId.get(job.requestId) ?? [];
    if (found.length > 1) problems.push(`${job.requestId}: ${found.length} records`);
    const owed =
      isTerminal(job.phase) &&
      job.templateId !== undefined &&
      job.outcomeAttempts !== undefined &&
      (job.outcomeTs !== undefined ||
        job.outcomeToldAt !== undefined ||
        job.outcomeOnCardAt !== undefined);
    const record = found[0];
    if (owed && !record) problems.push(`${job.requestId} (${job.phase}): no record`);
    if (!record) continue;
    if (!isTerminal(job.phase)) problems.push(`${job.requestId}: record of a job in ${job.phase}`);
    if (record.verdict !== runVerdictOf(job)) {
      problems.push(`${job.requestId}: record says ${record.verdict}, job ${runVerdictOf(job)}`);
    }
    if (record.rootRequestId !== job.rootRequestId || record.attempt !== job.attempt) {
      problems.push(`${job.requestId}: record not linked to its chain`);
    }
    if (record.channelId !== job.channelId)
      problems.push(`${job.requestId}: record in another channel`);
  }
  return problems;
}
