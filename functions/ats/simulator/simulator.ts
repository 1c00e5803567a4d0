import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AtsOperation, operationForPath } from '../cicd-api';
import {
  completedCases,
  firstRunCases,
  jobResult,
  jobStatusAt,
  rerunCases,
  type SimJob,
} from './jobs';
import { readAtsRequest } from './request';
import { renderFault, renderJobStatus, renderStartedJob } from './responses';
import { DEMO_TEMPLATES, type SimTemplate } from './templates';

export type { AtsOperation } from '../cicd-api';
export type { SimResult, SimTemplate, SimTestCase } from './templates';
export { DEMO_TEMPLATES } from './templates';

/** How the simulator misbehaves for one call. */
export type AtsFault =
  /** HTTP 500 with a SOAP Fault; the request is not acted on. */
  | { kind: 'soap_fault'; faultString?: string }
  /** This status with an HTML body and no fault (a gateway error); not acted on. */
  | { kind: 'http_error'; status: number }
  /** Acted on at once, answered `delayMs` later. */
  | { kind: 'slow'; delayMs: number }
  /** Acted on, answered with a cut-off envelope (HTTP 200). */
  | { kind: 'malformed' }
  /** The connection is destroyed without an answer; not acted on. */
  | { kind: 'drop' };

/** Options of {@link startAtsSimulator}. */
export interface AtsSimulatorOptions {
  /** Default 'demo-app'. */
  appId?: string;
  /** Default 'demo-token'. */
  appApiToken?: string;
  /** When set, header credentials are required and checked. */
  username?: string;
  password?: string;
  /** Default {@link DEMO_TEMPLATES}. */
  templates?: SimTemplate[];
  /** Clock (epoch ms) driving Queued → Running → Done; default Date.now. */
  now?: () => number;
  /** Answer values in CDATA (default true, like real ATS). */
  cdata?: boolean;
  /** Default 0 (any free port). */
  port?: number;
  /** Consulted for every call of a known operation after the queued faults; `seq` counts from 1. */
  faultInjector?: (call: { operation: AtsOperation; seq: number }) => AtsFault | undefined;
}

/** One request as the simulator received it. */
export interface RecordedAtsRequest {
  operation: AtsOperation | 'unknown';
  path: string;
  contentType: string | undefined;
  soapAction: string | undefined;
  body: string;
  /** The operation's fields as far as they could be read (exact values). */
  fields: Record<string, string>;
  /** Simulator clock time of arrival. */
  at: number;
}

/** A simulated job as tests see it. */
export interface SimJobView {
  jobId: string;
  templateId: string;
  rerunOf?: string;
  rerunNumber: number;
  status: 'Queued' | 'Running' | 'Done';
}

/** A running simulator. */
export interface AtsSimulator {
  /** e.g. `http://127.0.0.1:PORT/ws/`. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: RecordedAtsRequest[];
  /** Queues a fault for the next `times` (default 1) calls, of one operation or of any. */
  injectFault(fault: AtsFault, opts?: { operation?: AtsOperation; times?: number }): void;
  setCdata(cdata: boolean): void;
  /** Adds a template, replacing one with the same id. */
  addTemplate(t: SimTemplate): void;
  job(jobId: string): SimJobView | undefined;
  /** Every job started so far (runs and reruns), oldest first. */
  jobs(): SimJobView[];
  /** Stops listening and closes every connection, kept-alive ones too. */
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;
const ACCEPTED_CONTENT_TYPES = ['text/xml', 'application/xml'];

/**
 * Starts an ATS simulator on 127.0.0.1: the three CI/CD operations, checked as strictly as a SOAP
 * server would (a violation gets HTTP 500 with a Fault naming it), jobs moving Queued → Running →
 * Done on the given clock, reruns of not-passed cases, injectable faults, and a record of every
 * request. For tests and local mode.
 *
 * @throws when the port cannot be bound.
 */
export async function startAtsSimulator(options: AtsSimulatorOptions = {}): Promise<AtsSimulator> {
  const simulator = new AtsSimulatorServer(options);
  await simulator.listen(options.port ?? 0);
  return simulator;
}

interface QueuedFault {
  fault: AtsFault;
  operation?: AtsOperation;
  remaining: number;
}

class AtsSimulatorServer implements AtsSimulator {
  baseUrl = '';
  readonly requests: RecordedAtsRequest[] = [];
  private readonly server: Server;
  private readonly templates = new Map<string, SimTemplate>();
  private readonly jobsById = new Map<string, SimJob>();
  private readonly faults: QueuedFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private readonly appId: string;
  private readonly appApiToken: string;
  private cdata: boolean;
  private seq = 0;

  constructor(private readonly options: AtsSimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.appId = options.appId ?? 'demo-app';
    this.appApiToken = options.appApiToken ?? 'demo-token';
    this.cdata = options.cdata ?? true;
    for (const t of options.templates ?? DEMO_TEMPLATES) this.addTemplate(t);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, renderFault('soap:Server', String(error)));
        else res.destroy();
      });
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const { port: bound } = this.server.address() as AddressInfo;
        this.baseUrl = `http://127.0.0.1:${bound}/ws/`;
        resolve();
      });
    });
  }

  injectFault(fault: AtsFault, opts: { operation?: AtsOperation; times?: number } = {}): void {
    this.faults.push({ fault, operation: opts.operation, remaining: opts.times ?? 1 });
  }

  setCdata(cdata: boolean): void {
    this.cdata = cdata;
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

  private view(job: SimJob): SimJobView {
    return {
      jobId: job.jobId,
      templateId: job.templateId,
      rerunOf: job.rerunOf,
      rerunNumber: job.rerunNumber,
      status: jobStatusAt(job, this.now()),
    };
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    const operation = path.startsWith('/ws/') ? operationForPath(path.slice(4)) : undefined;
    const body = await readBody(req);
    if (body === undefined) {
      this.send(res, 413, 'Request too large', 'text/plain');
      return;
    }
    const reading = operation ? readAtsRequest(operation, body) : undefined;
    const contentType = req.headers['content-type'];
    this.requests.push({
      operation: operation ?? 'unknown',
      path,
      contentType,
      soapAction: header(req, 'soapaction'),
      body,
      fields: reading?.fields ?? {},
      at: this.now(),
    });
    if (!operation || !reading) {
      this.send(res, 404, '<html><body><h1>404 Not Found</h1></body></html>', 'text/html');
      return;
    }
    if (req.method !== 'POST') {
      this.send(res, 405, 'Method not allowed', 'text/plain');
      return;
    }

    const fault = this.nextFault(operation);
    switch (fault?.kind) {
      case 'soap_fault':
        this.send(
          res,
          500,
          renderFault('soap:Server', fault.faultString ?? 'Internal server error'),
        );
        return;
      case 'http_error':
        this.send(
          res,
          fault.status,
          `<html><body><h1>${fault.status}</h1></body></html>`,
          'text/html',
        );
        return;
      case 'drop':
        req.socket.destroy();
        return;
    }

    const violation =
      checkContentType(contentType) ?? reading.violation ?? this.checkAccess(reading);
    const [status, xml] = violation
      ? [500, renderFault('soap:Client', violation)]
      : this.answer(operation, reading.fields);

    if (fault?.kind === 'malformed') {
      this.send(res, 200, xml.slice(0, Math.floor(xml.length * 0.6)));
    } else if (fault?.kind === 'slow') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.send(res, status, xml);
      }, fault.delayMs);
      this.timers.add(timer);
    } else {
      this.send(res, status, xml);
    }
  }

  /** The first matching queued fault, else the injector's. */
  private nextFault(operation: AtsOperation): AtsFault | undefined {
    const seq = ++this.seq;
    const index = this.faults.findIndex((f) => !f.operation || f.operation === operation);
    const queued = this.faults[index];
    if (queued) {
      queued.remaining -= 1;
      if (queued.remaining <= 0) this.faults.splice(index, 1);
      return queued.fault;
    }
    return this.options.faultInjector?.({ operation, seq });
  }

  /** A message when the app, token or (when configured) header credentials are wrong. */
  private checkAccess(reading: ReturnType<typeof readAtsRequest>): string | undefined {
    const { fields, credentials } = reading;
    if (fields.AppID !== this.appId) return `Unknown AppID '${fields.AppID}'`;
    // Like a server that echoes what it got: the client must keep it out of its messages.
    if (fields.AppAPIToken !== this.appApiToken) {
      return `Invalid AppAPIToken '${fields.AppAPIToken}' for app '${fields.AppID}'`;
    }
    const { username, password } = this.options;
    if (username !== undefined || password !== undefined) {
      if (!credentials) return 'Authentication required: soap:Header/tns:authentication is missing';
      if (credentials.username !== username || credentials.password !== password) {
        return `Authentication failed for user '${credentials.username}'`;
      }
    }
    return undefined;
  }

  /** Status and envelope of a valid call. */
  private answer(operation: AtsOperation, fields: Record<string, string>): [number, string] {
    switch (operation) {
      case 'RunJob':
        return this.runJob(fields.JobTemplateID ?? '');
      case 'GetJobStatus':
        return this.jobStatus(fields);
      case 'RerunNotPassed':
        return this.rerun(fields.FinishedJobID ?? '');
    }
  }

  private runJob(templateId: string): [number, string] {
    const template = this.templates.get(templateId);
    if (!template) return this.notStarted('RunJob', `Template '${templateId}' not found`);
    if (template.reject?.as === 'soap_fault') {
      return [500, renderFault('soap:Server', template.reject.message)];
    }
    if (template.reject) return this.notStarted('RunJob', template.reject.message);
    const job = this.createJob(template, firstRunCases(template), undefined, 0);
    return this.started('RunJob', job.jobId);
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
    const rerunNumber = parent.rerunNumber + 1;
    const cases = rerunCases(parent, rerunNumber);
    if (cases.length === 0) {
      return this.notStarted(
        'RerunNotPassed',
        `Job '${finishedJobId}' has no test cases that did not pass`,
      );
    }
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
    const xml = renderJobStatus(
      {
        status,
        result: status === 'Done' ? jobResult(job) : '',
        errorMessage: '',
        canceled: job.template.canceled ?? false,
        warning: job.template.warning ?? false,
        cases: completedCases(job, now),
      },
      {
        flags: asked('IncludeExecutionFlags'),
        breakdown: asked('IncludeExecutionResultBreakdown'),
        details: asked('IncludeDetailsPerTestCase'),
      },
      this.cdata,
    );
    return [200, xml];
  }

  private createJob(
    template: SimTemplate,
    cases: SimJob['cases'],
    rerunOf: string | undefined,
    rerunNumber: number,
  ): SimJob {
    const job: SimJob = {
      jobId: randomUUID(),
      templateId: template.templateId,
      template,
      createdAt: this.now(),
      rerunOf,
      rerunNumber,
      cases,
    };
    this.jobsById.set(job.jobId, job);
    return job;
  }

  private started(operation: 'RunJob' | 'RerunNotPassed', jobId: string): [number, string] {
    return [
      200,
      renderStartedJob(operation, { started: true, errorMessage: '', jobId }, this.cdata),
    ];
  }

  private notStarted(operation: 'RunJob' | 'RerunNotPassed', message: string): [number, string] {
    return [
      200,
      renderStartedJob(operation, { started: false, errorMessage: message, jobId: '' }, this.cdata),
    ];
  }

  private send(res: ServerResponse, status: number, body: string, type = 'text/xml'): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` });
    res.end(body);
  }
}

/** A request header as one string. */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The body as UTF-8 text; undefined when it exceeds {@link MAX_REQUEST_BYTES}. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A message when the content type is not XML. `text/xml` is SOAP 1.1's; `application/xml` is
 * accepted too because the vendor's Jenkins plugin posts it and real ATS answers it.
 */
function checkContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return 'Missing Content-Type: expected text/xml';
  const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (!type || !ACCEPTED_CONTENT_TYPES.includes(type)) {
    return `Unsupported Content-Type '${contentType}': expected text/xml`;
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8') return `Unsupported charset '${charset}': expected utf-8`;
  return undefined;
}
