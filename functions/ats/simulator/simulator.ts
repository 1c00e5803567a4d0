import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ATS_JOBS_PER_APP } from '../../core/ats';
import { type AtsOperation, operationForPath } from '../cicd-api';
import { GATEWAY_PAGES, type GatewayPage } from './gateway-pages';
import { checkContentType, header, readBody, send } from './http-exchange';
import { readAtsRequest } from './request';
import { DEFAULT_RERUN_ANSWER, type RerunAnswerShape, renderFault } from './responses';
import { type SimJobView, SimulatedAts } from './simulated-ats';
import { DEMO_TEMPLATES, type SimTemplate } from './templates';

export type { AtsOperation } from '../cicd-api';
export type { GatewayPage } from './gateway-pages';
export type { RerunAnswerShape } from './responses';
export type { SimJobView } from './simulated-ats';
export type { SimResult, SimTemplate, SimTestCase } from './templates';
export { DEMO_TEMPLATES } from './templates';

/** How the simulator misbehaves for one call. */
export type AtsFault =
  /** HTTP 500 with a SOAP Fault; the request is not acted on. */
  | { kind: 'soap_fault'; faultString?: string }
  /**
   * This status with a gateway's HTML page (default `bare`, without a DOCTYPE) and no fault;
   * not acted on.
   */
  | { kind: 'http_error'; status: number; page?: GatewayPage }
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
  /**
   * ATS as strict as the reference reads and the release notes say: RerunNotPassed only of jobs
   * started with Run Job, and jobs beyond {@link AtsSimulatorOptions.jobCap} queued or running
   * canceled on arrival. Off (the default), reruns of reruns are accepted and there is no cap.
   */
  strict?: boolean;
  /** Queued or running jobs beyond which a new one is canceled; default 5 when strict. */
  jobCap?: number;
  /** Elements of the RerunNotPassed answer (default `RerunNotPassedResponse/RunJob`). */
  rerunAnswer?: RerunAnswerShape;
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

/** A running simulator. */
export interface AtsSimulator {
  /** e.g. `http://127.0.0.1:PORT/ws/`. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: RecordedAtsRequest[];
  /** Queues a fault for the next `times` (default 1) calls, of one operation or of any. */
  injectFault(fault: AtsFault, opts?: { operation?: AtsOperation; times?: number }): void;
  setCdata(cdata: boolean): void;
  /** Changes the elements later RerunNotPassed answers come in. */
  setRerunAnswer(shape: RerunAnswerShape): void;
  /** Adds a template, replacing one with the same id. */
  addTemplate(t: SimTemplate): void;
  job(jobId: string): SimJobView | undefined;
  /** Every job started so far (runs and reruns), oldest first. */
  jobs(): SimJobView[];
  /** Stops listening and closes every connection, kept-alive ones too. */
  close(): Promise<void>;
}

/**
 * Starts an ATS simulator on 127.0.0.1: the three CI/CD operations, checked as strictly as a SOAP
 * server would (a violation gets HTTP 500 with a Fault naming it), jobs moving Queued → Running →
 * Done on the given clock, reruns of not-passed cases, injectable faults (gateway pages among
 * them), and a record of every request. In strict mode it also keeps ATS's rules the reference
 * and release notes state (see {@link AtsSimulatorOptions.strict}). For tests and local mode.
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
  private readonly ats: SimulatedAts;
  private readonly faults: QueuedFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private readonly appId: string;
  private readonly appApiToken: string;
  private seq = 0;

  constructor(private readonly options: AtsSimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.appId = options.appId ?? 'demo-app';
    this.appApiToken = options.appApiToken ?? 'demo-token';
    const strict = options.strict ?? false;
    this.ats = new SimulatedAts(
      options.templates ?? DEMO_TEMPLATES,
      this.now,
      {
        rerunOfRunJobOnly: strict,
        jobCap: options.jobCap ?? (strict ? ATS_JOBS_PER_APP : undefined),
      },
      {
        cdata: options.cdata ?? true,
        rerunAnswer: options.rerunAnswer ?? DEFAULT_RERUN_ANSWER,
      },
    );
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, renderFault('soap:Server', String(error)));
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
    this.ats.format.cdata = cdata;
  }

  setRerunAnswer(shape: RerunAnswerShape): void {
    this.ats.format.rerunAnswer = shape;
  }

  addTemplate(t: SimTemplate): void {
    this.ats.addTemplate(t);
  }

  job(jobId: string): SimJobView | undefined {
    return this.ats.job(jobId);
  }

  jobs(): SimJobView[] {
    return this.ats.jobs();
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
      send(res, 413, 'Request too large', 'text/plain');
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
      send(res, 404, '<html><body><h1>404 Not Found</h1></body></html>', 'text/html');
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, 'Method not allowed', 'text/plain');
      return;
    }

    const fault = this.nextFault(operation);
    switch (fault?.kind) {
      case 'soap_fault':
        send(res, 500, renderFault('soap:Server', fault.faultString ?? 'Internal server error'));
        return;
      case 'http_error':
        send(res, fault.status, GATEWAY_PAGES[fault.page ?? 'bare'](fault.status), 'text/html');
        return;
      case 'drop':
        req.socket.destroy();
        return;
    }

    const violation =
      checkContentType(contentType) ?? reading.violation ?? this.checkAccess(reading);
    const [status, xml] = violation
      ? [500, renderFault('soap:Client', violation)]
      : this.ats.answer(operation, reading.fields);

    if (fault?.kind === 'malformed') {
      send(res, 200, xml.slice(0, Math.floor(xml.length * 0.6)));
    } else if (fault?.kind === 'slow') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send(res, status, xml);
      }, fault.delayMs);
      this.timers.add(timer);
    } else {
      send(res, status, xml);
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
}
