/**
 * What the domain needs from Mendix ATS, independent of SOAP. The SOAP client in
 * `functions/ats/` implements {@link AtsGateway}; tests and local mode use the simulator.
 */

/**
 * Jobs one ATS app may have queued or running: ATS cancels any further one (release notes 2.17.1).
 * On-premises installations may be configured otherwise.
 */
export const ATS_JOBS_PER_APP = 5;

/**
 * Default time a RunJob or RerunNotPassed may take. Generous: no API lists jobs, so a start that
 * times out may have started a job nobody can find again; the vendor's plugin and curl set no
 * timeout, PowerShell 100 s. The ingress has answered Slack already, so the worker can wait.
 */
export const DEFAULT_ATS_START_TIMEOUT_MS = 60_000;

/** Default time a GetJobStatus may take: a poll that times out is simply retried later. */
export const DEFAULT_ATS_STATUS_TIMEOUT_MS = 10_000;

/** `ExecutionStatus` as ATS reports it. Values other than the known three are kept raw. */
export type AtsExecutionStatus = 'Queued' | 'Running' | 'Done' | (string & {});

/** Per-test-case `Result`. `Not_Executed` is spelled with an underscore by ATS. */
export type AtsTestCaseResult = 'Passed' | 'Failed' | 'Not_Executed' | (string & {});

/** One entry of `ExecutionDetailsPerTestCase`. */
export interface AtsTestCase {
  name: string;
  result: AtsTestCaseResult;
  /** `hh:mm:ss` turned into seconds; undefined when ATS sent none or an unreadable value. */
  durationSeconds: number | undefined;
  errorMessage: string | undefined;
}

/** `ExecutionResultBreakdown`. */
export interface AtsBreakdown {
  passed: number;
  failed: number;
  notExecuted: number;
}

/** `ExecutionFlags`. */
export interface AtsFlags {
  canceled: boolean;
  warning: boolean;
}

/** A parsed `GetJobStatus` answer. Optional parts are present only when asked for. */
export interface AtsJobStatus {
  status: AtsExecutionStatus;
  /** `Passed` / `Failed`; meaningful only when status is `Done`, may be undefined before. */
  result: 'Passed' | 'Failed' | (string & {}) | undefined;
  errorMessage: string | undefined;
  flags?: AtsFlags;
  breakdown?: AtsBreakdown;
  testCases?: AtsTestCase[];
  /** Set by the lifecycle when the cases were too many to read and only the counts were asked. */
  testCasesOmitted?: boolean;
}

/** Which optional parts of a status to ask ATS for. */
export interface AtsStatusOptions {
  flags?: boolean;
  breakdown?: boolean;
  details?: boolean;
}

/** A job ATS accepted (RunJob or RerunNotPassed with `Started=true`). */
export interface AtsStartedJob {
  jobId: string;
  /** The `ErrorMessage` ATS sent along with `Started=true`: shown to people as a warning. */
  warning?: string;
}

/**
 * The three ATS CI/CD operations. Every method rejects with an {@link AtsError}
 * (see `./errors.ts`) and nothing else.
 */
export interface AtsGateway {
  runJob(templateId: string): Promise<AtsStartedJob>;
  getJobStatus(jobId: string, options?: AtsStatusOptions): Promise<AtsJobStatus>;
  rerunNotPassed(finishedJobId: string): Promise<AtsStartedJob>;
}
