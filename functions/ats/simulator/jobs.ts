import type { SimResult, SimTemplate, SimTestCase } from './templates';

/** Lifecycle status of a simulated job. */
export type SimStatus = 'Queued' | 'Running' | 'Done';

/** One test case as run in one job. */
export interface SimCaseRun {
  name: string;
  result: SimResult;
  durationSeconds: number;
  errorMessage?: string;
  /** The template's case, for later reruns. */
  source: SimTestCase;
}

/** A job the simulator started (RunJob) or reran (RerunNotPassed). */
export interface SimJob {
  jobId: string;
  templateId: string;
  template: SimTemplate;
  /** Clock time (epoch ms) when ATS accepted the job. */
  createdAt: number;
  /** ATS job id of the finished job this one reruns. */
  rerunOf?: string;
  /** 0 for a run; the parent's number + 1 for a rerun. */
  rerunNumber: number;
  cases: SimCaseRun[];
  /** ATS canceled it on arrival: the app already had its cap of queued or running jobs. */
  canceledByCap?: boolean;
}

/** Where a job is at `now`: Queued, then Running, then Done, after the template's durations. */
export function jobStatusAt(job: SimJob, now: number): SimStatus {
  if (job.canceledByCap) return 'Done';
  const elapsed = now - job.createdAt;
  if (elapsed < job.template.queuedSeconds * 1000) return 'Queued';
  if (elapsed < (job.template.queuedSeconds + job.template.runningSeconds) * 1000) return 'Running';
  return 'Done';
}

/**
 * The test cases completed at `now`: none while queued, a growing share while running (ATS
 * reports only completed cases), all once done.
 */
export function completedCases(job: SimJob, now: number): SimCaseRun[] {
  const status = jobStatusAt(job, now);
  if (status === 'Queued') return [];
  if (status === 'Done') return job.cases;
  const { queuedSeconds, runningSeconds } = job.template;
  const share = (now - job.createdAt - queuedSeconds * 1000) / (runningSeconds * 1000);
  return job.cases.slice(0, Math.floor(job.cases.length * share));
}

/** ExecutionResult of a finished job: Passed only when every case passed. */
export function jobResult(job: SimJob): 'Passed' | 'Failed' {
  // Canceled API jobs report Failed (release notes 2.9.2).
  if (job.canceledByCap) return 'Failed';
  return job.cases.every((c) => c.result === 'Passed') ? 'Passed' : 'Failed';
}

/** The cases of a job canceled before it ran: none executed. */
export function canceledByCapCases(cases: SimCaseRun[]): SimCaseRun[] {
  return cases.map((c) => ({
    ...c,
    result: 'Not_Executed',
    durationSeconds: 0,
    errorMessage: undefined,
  }));
}

/** The cases of a first run: the template's cases with their configured results. */
export function firstRunCases(template: SimTemplate): SimCaseRun[] {
  return template.testCases.map((source) => caseRun(source, source.result));
}

/**
 * The cases of rerun number `rerunNumber` of `parent`: only the parent's cases that did not
 * pass, each with its `onRerun` result for that number (the last value repeats).
 */
export function rerunCases(parent: SimJob, rerunNumber: number): SimCaseRun[] {
  return parent.cases
    .filter((c) => c.result !== 'Passed')
    .map(({ source }) => {
      const plan = source.onRerun;
      const result = plan?.length
        ? (plan[Math.min(rerunNumber, plan.length) - 1] ?? source.result)
        : source.result;
      return caseRun(source, result);
    });
}

function caseRun(source: SimTestCase, result: SimResult): SimCaseRun {
  return {
    name: source.name,
    result,
    durationSeconds: source.durationSeconds,
    errorMessage: result === 'Passed' ? undefined : source.errorMessage,
    source,
  };
}
