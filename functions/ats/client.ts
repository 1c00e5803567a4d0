import {
  type AtsGateway,
  type AtsJobStatus,
  type AtsStartedJob,
  type AtsStatusOptions,
  DEFAULT_ATS_START_TIMEOUT_MS,
  DEFAULT_ATS_STATUS_TIMEOUT_MS,
} from '../core/ats';
import { AtsError } from '../core/errors';
import { answerBudgetFor, DEFAULT_MAX_RESPONSE_BYTES } from './answer-budget';
import {
  ATS_OPERATIONS,
  type AtsOperation,
  DEFAULT_ATS_BASE_URL,
  resolveAtsBaseUrl,
  soapActionFor,
} from './cicd-api';
import {
  type AtsRequestAuth,
  buildGetJobStatusEnvelope,
  buildRerunNotPassedEnvelope,
  buildRunJobEnvelope,
} from './envelope';
import { AtsBadResponseError } from './errors';
import { AtsResponseParser, type StartedJobReading } from './response-parser';
import { secretRedactor, xmlSecretRedactor } from './secret-redaction';
import { postSoap } from './soap-transport';

/** Configuration of {@link AtsSoapClient}. */
export interface AtsClientConfig {
  /**
   * Default `https://ats100.mendixcloud.com/ws/`; on-premises installs differ. A host without a
   * path (`https://host`, as the vendor's plugin is configured) means `https://host/ws/`.
   */
  baseUrl?: string;
  appId: string;
  appApiToken: string;
  /** Optional web-service user, sent in the SOAP header when set. */
  username?: string;
  password?: string;
  /**
   * Per RunJob or RerunNotPassed call, covering connect, send and the full answer. Default
   * {@link DEFAULT_ATS_START_TIMEOUT_MS}: a start that times out may have started a job nobody
   * can find again, and the worker can afford to wait.
   */
  startTimeoutMs?: number;
  /** Per GetJobStatus call. Default {@link DEFAULT_ATS_STATUS_TIMEOUT_MS}: a missed poll is retried. */
  statusTimeoutMs?: number;
  /**
   * Larger answers are refused, and what parsing may build is bounded from it
   * ({@link answerBudgetFor}). Default {@link DEFAULT_MAX_RESPONSE_BYTES}.
   */
  maxResponseBytes?: number;
  /** Told after every call (for logs and metrics); what it gets never holds credentials. */
  onCall?: (call: AtsCallRecord) => void;
}

/** One finished ATS call, as told to {@link AtsClientConfig.onCall}. */
export interface AtsCallRecord {
  operation: AtsOperation;
  durationMs: number;
  ok: boolean;
  /** The AtsError code when the call failed. */
  errorCode?: AtsError['code'];
  /**
   * For a started job: the elements its fields came in (`RerunNotPassedResponse/RunJob`, …), which
   * the reference does not name for RerunNotPassed.
   */
  answerElements?: string;
}

/**
 * The ATS CI/CD SOAP client: RunJob, GetJobStatus and RerunNotPassed over HTTP(S). Every method
 * rejects only with the errors of `./errors.ts` (all {@link AtsError}s), whose messages never
 * contain the AppAPIToken or the password.
 */
export class AtsSoapClient implements AtsGateway {
  /** The base URL the operations are posted under. */
  readonly baseUrl: URL;
  /** True when the configured base URL named only the host and `/ws/` was added. */
  readonly baseUrlCompleted: boolean;
  private readonly auth: AtsRequestAuth;
  private readonly timeouts: Record<AtsOperation, number>;
  private readonly maxResponseBytes: number;
  private readonly parser: AtsResponseParser;
  /** Removes the configured credentials from every answer before it is read. */
  private readonly redactAnswer: (xml: string) => string;
  private readonly onCall: ((call: AtsCallRecord) => void) | undefined;

  /**
   * @throws TypeError when the base URL is not http(s), AppID or AppAPIToken is empty, or a limit
   *   is not a positive number: configuration mistakes, found at start-up.
   */
  constructor(config: AtsClientConfig) {
    const base = resolveAtsBaseUrl(config.baseUrl ?? DEFAULT_ATS_BASE_URL);
    this.baseUrl = base.url;
    this.baseUrlCompleted = base.completed;
    if (this.baseUrl.protocol !== 'https:' && this.baseUrl.protocol !== 'http:') {
      throw new TypeError(`ATS base URL must be http(s), got ${this.baseUrl.protocol}`);
    }
    if (!config.appId) throw new TypeError('ATS AppID is required');
    if (!config.appApiToken) throw new TypeError('ATS AppAPIToken is required');
    const start = positive(config.startTimeoutMs ?? DEFAULT_ATS_START_TIMEOUT_MS, 'startTimeoutMs');
    this.timeouts = {
      RunJob: start,
      RerunNotPassed: start,
      GetJobStatus: positive(
        config.statusTimeoutMs ?? DEFAULT_ATS_STATUS_TIMEOUT_MS,
        'statusTimeoutMs',
      ),
    };
    this.maxResponseBytes = positive(
      config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      'maxResponseBytes',
    );
    this.auth = {
      appId: config.appId,
      appApiToken: config.appApiToken,
      username: config.username,
      password: config.password,
    };
    this.onCall = config.onCall;
    this.parser = new AtsResponseParser({
      redact: secretRedactor([config.appApiToken, config.password]),
      budget: answerBudgetFor(this.maxResponseBytes),
    });
    this.redactAnswer = xmlSecretRedactor([config.appApiToken, config.password]);
  }

  /**
   * Starts a job from a CI/CD template.
   * @throws AtsJobNotStartedError when ATS answers `Started=false`; any other AtsError.
   */
  runJob(templateId: string): Promise<AtsStartedJob> {
    return this.start('RunJob', buildRunJobEnvelope(this.auth, templateId));
  }

  /**
   * Asks for a job's status; `options` adds flags, breakdown and per-test-case details.
   * @throws AtsSoapFaultError for an unknown job id (ATS answers with a fault); any other AtsError.
   */
  getJobStatus(jobId: string, options?: AtsStatusOptions): Promise<AtsJobStatus> {
    return this.call(
      'GetJobStatus',
      buildGetJobStatusEnvelope(this.auth, jobId, options),
      (xml, status) => this.parser.readJobStatus(xml, status),
    );
  }

  /**
   * Reruns the failed and not-executed test cases of a finished job as a new job.
   * @throws AtsJobNotStartedError when ATS refuses (job not finished, nothing to rerun); any
   *   other AtsError.
   */
  rerunNotPassed(finishedJobId: string): Promise<AtsStartedJob> {
    return this.start('RerunNotPassed', buildRerunNotPassedEnvelope(this.auth, finishedJobId));
  }

  private async start(
    operation: 'RunJob' | 'RerunNotPassed',
    envelope: string,
  ): Promise<AtsStartedJob> {
    const { elements: _elements, ...started } = await this.call(
      operation,
      envelope,
      (xml, status) => this.parser.readStartedJob(operation, xml, status),
      (reading: StartedJobReading) => ({ answerElements: reading.elements }),
    );
    return started;
  }

  private async call<T>(
    operation: AtsOperation,
    envelope: string,
    read: (xml: string, status: number) => T,
    describe?: (result: T) => Partial<AtsCallRecord>,
  ): Promise<T> {
    const started = performance.now();
    try {
      const result = await this.send(operation, envelope, read);
      this.report({
        operation,
        durationMs: performance.now() - started,
        ok: true,
        ...describe?.(result),
      });
      return result;
    } catch (error) {
      const code = (error as AtsError).code;
      this.report({
        operation,
        durationMs: performance.now() - started,
        ok: false,
        errorCode: code,
      });
      throw error;
    }
  }

  private report(call: AtsCallRecord): void {
    try {
      this.onCall?.({ ...call, durationMs: Math.round(call.durationMs) });
    } catch {
      // An observer's failure must not turn a good ATS answer into an error.
    }
  }

  private async send<T>(
    operation: AtsOperation,
    envelope: string,
    read: (xml: string, status: number) => T,
  ): Promise<T> {
    try {
      const url = new URL(ATS_OPERATIONS[operation].path, this.baseUrl);
      const answer = await postSoap(url, envelope, {
        operation,
        soapAction: soapActionFor(operation),
        timeoutMs: this.timeouts[operation],
        maxResponseBytes: this.maxResponseBytes,
      });
      // Whatever ATS echoes (test case names and messages too) reaches Slack: credentials never.
      return read(this.redactAnswer(answer.body), answer.status);
    } catch (error) {
      if (error instanceof AtsError) throw error;
      // Keeps the promise of rejecting only with AtsErrors even for a failure nobody foresaw.
      throw new AtsBadResponseError(operation, 'not_xml', 'unexpected failure', { cause: error });
    }
  }
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`ATS ${name} must be a positive number, got ${value}`);
  }
  return value;
}
