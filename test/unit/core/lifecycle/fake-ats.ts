import type {
  AtsGateway,
  AtsJobStatus,
  AtsStartedJob,
  AtsStatusOptions,
  AtsTestCase,
} from '../../../../functions/core/ats';
import { AtsError } from '../../../../functions/core/errors';

/** How one ATS job behaves, relative to when it was started. */
export interface FakeJobPlan {
  queuedMs?: number;
  runningMs?: number;
  /** Defaults: one passing case. */
  testCases?: { name: string; result: 'Passed' | 'Failed' | 'Not_Executed' }[];
  canceled?: boolean;
  /** Stays Running forever. */
  neverFinishes?: boolean;
}

/** One call the fake received. */
export interface FakeAtsCall {
  operation: 'RunJob' | 'GetJobStatus' | 'RerunNotPassed';
  arg: string;
  at: number;
  /** What a GetJobStatus asked for besides the status. */
  options?: AtsStatusOptions;
}

interface FakeJob {
  id: string;
  startedAt: number;
  plan: FakeJobPlan;
  /** Canceled on arrival: the cap of queued or running jobs was reached. */
  canceledByCap?: boolean;
}

/**
 * An in-memory {@link AtsGateway} for unit tests of the lifecycle: jobs follow plans in the
 * clock's time, calls are recorded, errors can be injected per operation, and a call can be held
 * at a gate to see what a duplicate delivery does meanwhile.
 */
export class FakeAts implements AtsGateway {
  readonly calls: FakeAtsCall[] = [];
  private readonly jobs = new Map<string, FakeJob>();
  private readonly plans: FakeJobPlan[] = [];
  private readonly faults: { operation: FakeAtsCall['operation']; error: AtsError }[] = [];
  private gate: Promise<void> | undefined;
  private counter = 0;
  private cap: number | undefined;
  private readonly lostAnswers: AtsError[] = [];

  constructor(private readonly now: () => number) {}

  /** Plans for the next started jobs (RunJob or RerunNotPassed), in order; default: quick pass. */
  plan(...plans: FakeJobPlan[]): void {
    this.plans.push(...plans);
  }

  /** The next `times` calls of `operation` reject with `error`. */
  failNext(operation: FakeAtsCall['operation'], error: AtsError, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ operation, error });
  }

  /** Holds every RunJob / RerunNotPassed until the returned function is called. */
  holdStarts(): () => void {
    let release: () => void = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = () => {
        this.gate = undefined;
        resolve();
      };
    });
    return release;
  }

  /**
   * Like ATS (release notes 2.17.1): a job started while `cap` jobs are queued or running is
   * accepted and canceled at once (Done, Failed, `Canceled`).
   */
  enforceCap(cap: number): void {
    this.cap = cap;
  }

  /** Ids of the jobs canceled by the cap. */
  get canceledByCap(): string[] {
    return [...this.jobs.values()].filter((j) => j.canceledByCap).map((j) => j.id);
  }

  /**
   * The next RunJob or RerunNotPassed starts its job, then its answer is lost: the caller gets
   * `error` (a timeout after sending, `outcomeUnknown`).
   */
  loseNextAnswer(error: AtsError): void {
    this.lostAnswers.push(error);
  }

  count(operation: FakeAtsCall['operation']): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  async runJob(templateId: string): Promise<AtsStartedJob> {
    this.calls.push({ operation: 'RunJob', arg: templateId, at: this.now() });
    if (this.gate) await this.gate;
    this.throwIfFaulted('RunJob');
    return this.answer(this.start());
  }

  async rerunNotPassed(finishedJobId: string): Promise<AtsStartedJob> {
    this.calls.push({ operation: 'RerunNotPassed', arg: finishedJobId, at: this.now() });
    if (this.gate) await this.gate;
    this.throwIfFaulted('RerunNotPassed');
    const finished = this.jobs.get(finishedJobId);
    if (!finished) {
      throw new AtsError(
        'ATS_NOT_STARTED',
        'ATS did not start the rerun: unknown job.',
        false,
        false,
      );
    }
    return this.answer(this.start());
  }

  async getJobStatus(jobId: string, options?: AtsStatusOptions): Promise<AtsJobStatus> {
    this.calls.push({
      operation: 'GetJobStatus',
      arg: jobId,
      at: this.now(),
      ...(options ? { options } : {}),
    });
    this.throwIfFaulted('GetJobStatus');
    const job = this.jobs.get(jobId);
    if (!job) {
      throw new AtsError(
        'ATS_SOAP_FAULT',
        `ATS refused asking for the job status: unknown job ${jobId}.`,
        false,
        false,
      );
    }
    const status = this.statusOf(job);
    if (status !== 'Done') return { status, result: undefined, errorMessage: undefined };
    const planned = job.plan.testCases ?? [{ name: 'Login', result: 'Passed' }];
    const testCases: AtsTestCase[] = (
      job.canceledByCap ? planned.map((t) => ({ ...t, result: 'Not_Executed' as const })) : planned
    ).map((t) => ({
      ...t,
      durationSeconds: 10,
      errorMessage: t.result === 'Failed' ? 'Assertion failed' : undefined,
    }));
    const count = (r: string) => testCases.filter((t) => t.result === r).length;
    // Like ATS: the optional parts only when asked for.
    return {
      status: 'Done',
      result: count('Passed') === testCases.length ? 'Passed' : 'Failed',
      errorMessage: undefined,
      ...(options?.flags
        ? {
            flags: {
              canceled: (job.plan.canceled ?? false) || (job.canceledByCap ?? false),
              warning: false,
            },
          }
        : {}),
      ...(options?.breakdown
        ? {
            breakdown: {
              passed: count('Passed'),
              failed: count('Failed'),
              notExecuted: count('Not_Executed'),
            },
          }
        : {}),
      ...(options?.details ? { testCases } : {}),
    };
  }

  private statusOf(job: FakeJob): 'Queued' | 'Running' | 'Done' {
    if (job.canceledByCap) return 'Done';
    const elapsed = this.now() - job.startedAt;
    const queuedMs = job.plan.queuedMs ?? 0;
    const runningMs = job.plan.runningMs ?? 60_000;
    if (elapsed < queuedMs) return 'Queued';
    if (job.plan.neverFinishes || elapsed < queuedMs + runningMs) return 'Running';
    return 'Done';
  }

  private start(): string {
    this.counter++;
    const id = `ats-job-${this.counter}`;
    const active = [...this.jobs.values()].filter((j) => this.statusOf(j) !== 'Done').length;
    const canceledByCap = this.cap !== undefined && active >= this.cap;
    this.jobs.set(id, {
      id,
      startedAt: this.now(),
      plan: this.plans.shift() ?? {},
      ...(canceledByCap ? { canceledByCap } : {}),
    });
    return id;
  }

  private answer(jobId: string): AtsStartedJob {
    const lost = this.lostAnswers.shift();
    if (lost) throw lost;
    return { jobId };
  }

  private throwIfFaulted(operation: FakeAtsCall['operation']): void {
    const index = this.faults.findIndex((f) => f.operation === operation);
    if (index < 0) return;
    const [fault] = this.faults.splice(index, 1);
    if (fault) throw fault.error;
  }
}
