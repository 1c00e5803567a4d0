import { randomUUID } from 'node:crypto';
import type { AtsOperation } from '../cicd-api';
import {
  canceledByCapCases,
  completedCases,
  firstRunCases,
  jobResult,
  jobStatusAt,
  rerunCases,
  type SimJob,
} from './jobs';
import { type RerunAnswerShape, renderFault, renderJobStatus, renderStartedJob } from './responses';
import type { SimTemplate } from './templates';

/** How ATS treats what the reference leaves open. */
export interface SimulatedAtsRules {
  /**
   * The reference read literally: RerunNotPassed only of a job started with Run Job ("the unique
   * UUID of a finished job that was started with Run Job"). Off, a rerun of a rerun is accepted.
   */
  rerunOfRunJobOnly: boolean;
  /**
   * Queued or running jobs per app beyond which ATS cancels a new one at once (release notes
   * 2.17.1: five); undefined for no limit.
   */
  jobCap: number | undefined;
}

/** A simulated job as tests see it. */
export interface SimJobView {
  jobId: string;
  templateId: string;
  rerunOf?: string;
  rerunNumber: number;
  status: 'Queued' | 'Running' | 'Done';
  /** True when ATS canceled it on arrival because the app already had its cap of jobs. */
  canceledByCap: boolean;
}

/**
 * The ATS of the simulator, without HTTP: templates, jobs on a clock, and the answer to each valid
 * call of an operation. Reruns, the job cap and the answer shapes follow {@link SimulatedAtsRules}.
 */
export class SimulatedAts {
  private readonly templates = new Map<string, SimTemplate>();
  private readonly jobsById = new Map<string, SimJob>();
  /** Reruns made of each RunJob job so far: the number of the next one. */
  private readonly rerunsOf = new Map<string, number>();

  constructor(
    templates: readonly SimTemplate[],
    private readonly now: () => number,
    private readonly rules: SimulatedAtsRules,
    /** Values in CDATA, and the elements a RerunNotPassed answer comes in; changeable. */
    readonly format: { cdata: boolean; rerunAnswer: RerunAnswerShape },
  ) {
    for (const t of templates) this.addTemplate(t);
  }

  addTemplate(t: SimTemplate): void {
    this.templates.set(t.templateId, t);
  }

  job(jobId: string): SimJobView | undefined {
    const job = this.jobsById.get(jobId);
    return job && this.view(job);
  }

  jobs(): SimJobView[] {
    return [...this.jobsById.values()].map((job) => this.view(job));
  }

  /** HTTP status and envelope answering a valid call of `operation` with these fields. */
  answer(operation: AtsOperation, fields: Record<string, string>): [number, string] {
    switch (operation) {
      case 'RunJob':
        return this.runJob(fields.JobTemplateID ?? '');
      case 'GetJobStatus':
        return this.jobStatus(fields);
      case 'RerunNotPassed':
        return this.rerun(fields.FinishedJobID ?? '');
    }
  }

  private view(job: SimJob): SimJobView {
    return {
      jobId: job.jobId,
      templateId: job.templateId,
      rerunOf: job.rerunOf,
      rerunNumber: job.rerunNumber,
      status: jobStatusAt(job, this.now()),
      canceledByCap: job.canceledByCap ?? false,
    };
  }

  private runJob(templateId: string): [number, string] {
    const template = this.templates.get(templateId);
    if (!template) return this.notStarted('RunJob', `Template '${templateId}' not found`);
    if (template.reject?.as === 'soap_fault') {
      return [500, renderFault('soap:Server', template.reject.message)];
    }
    if (template.reject) return this.notStarted('RunJob', template.reject.message);
    const job = this.createJob(template, firstRunCases(template), undefined, 0);
    return this.started('RunJob', job.jobId, template.startWarning);
  }

  private rerun(finishedJobId: string): [number, string] {
    const parent = this.jobsById.get(finishedJobId);
    if (!parent) return this.notStarted('RerunNotPassed', `Job '${finishedJobId}' not found`);
    if (jobStatusAt(parent, this.now()) !== 'Done') {
      return this.notStarted(
        'RerunNotPassed',
        `Job '${finishedJobId}' has not finished yet; only finished jobs can be rerun`,
      );
    }
    if (parent.rerunOf !== undefined && this.rules.rerunOfRunJobOnly) {
      return this.notStarted(
        'RerunNotPassed',
        `Job '${finishedJobId}' was not started with Run Job; rerun the job that was`,
      );
    }
    // A RunJob job's reruns are numbered in turn, each rerunning its not-passed cases again.
    const rerunNumber =
      parent.rerunOf === undefined
        ? (this.rerunsOf.get(parent.jobId) ?? 0) + 1
        : parent.rerunNumber + 1;
    const cases = rerunCases(parent, rerunNumber);
    if (cases.length === 0) {
      return this.notStarted(
        'RerunNotPassed',
        `Job '${finishedJobId}' has no test cases that did not pass`,
      );
    }
    if (parent.rerunOf === undefined) this.rerunsOf.set(parent.jobId, rerunNumber);
    const job = this.createJob(parent.template, cases, parent.jobId, rerunNumber);
    return this.started('RerunNotPassed', job.jobId);
  }

  private jobStatus(fields: Record<string, string>): [number, string] {
    const jobId = fields.JobID ?? '';
    const job = this.jobsById.get(jobId);
    // ATS answers an unknown job id with a fault rather than a status (FIELD-NOTES).
    if (!job) return [500, renderFault('soap:Server', `Job '${jobId}' not found`)];
    const now = this.now();
    const status = jobStatusAt(job, now);
    const asked = (flag: string) => fields[flag] === 'true' || fields[flag] === '1';
    const capped = job.canceledByCap ?? false;
    const xml = renderJobStatus(
      {
        status,
        result: status === 'Done' ? jobResult(job) : '',
        errorMessage: '',
        canceled: capped || (job.template.canceled ?? false),
        warning: capped || (job.template.warning ?? false),
        cases: completedCases(job, now),
      },
      {
        flags: asked('IncludeExecutionFlags'),
        breakdown: asked('IncludeExecutionResultBreakdown'),
        details: asked('IncludeDetailsPerTestCase'),
      },
      this.format.cdata,
    );
    return [200, xml];
  }

  /**
   * Records a job ATS accepted. Beyond the cap of queued or running jobs, ATS accepts it and
   * cancels it at once: done, every case not executed, canceled and warning flags.
   */
  private createJob(
    template: SimTemplate,
    cases: SimJob['cases'],
    rerunOf: string | undefined,
    rerunNumber: number,
  ): SimJob {
    const cap = this.rules.jobCap;
    const canceledByCap = cap !== undefined && this.activeJobs() >= cap;
    const job: SimJob = {
      jobId: randomUUID(),
      templateId: template.templateId,
      template,
      createdAt: this.now(),
      rerunOf,
      rerunNumber,
      cases: canceledByCap ? canceledByCapCases(cases) : cases,
      ...(canceledByCap ? { canceledByCap } : {}),
    };
    this.jobsById.set(job.jobId, job);
    return job;
  }

  /** Jobs queued or running now. */
  private activeJobs(): number {
    const now = this.now();
    let active = 0;
    for (const job of this.jobsById.values()) if (jobStatusAt(job, now) !== 'Done') active++;
    return active;
  }

  private started(
    operation: 'RunJob' | 'RerunNotPassed',
    jobId: string,
    warning = '',
  ): [number, string] {
    return [
      200,
      renderStartedJob(
        operation,
        { started: true, errorMessage: warning, jobId },
        this.format.cdata,
        this.format.rerunAnswer,
      ),
    ];
  }

  private notStarted(operation: 'RunJob' | 'RerunNotPassed', message: string): [number, string] {
    return [
      200,
      renderStartedJob(
        operation,
        { started: false, errorMessage: message, jobId: '' },
        this.format.cdata,
        this.format.rerunAnswer,
      ),
    ];
  }
}
