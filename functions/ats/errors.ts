import { AtsError } from '../core/errors';
import type { AtsOperation } from './cicd-api';

/**
 * The ways an ATS call fails, one class each. Messages are plain words for the person in Slack
 * (what happened, what to do); they never contain the AppAPIToken or the password: every text
 * that came from ATS is redacted by the client before it gets here.
 */

const WHAT: Record<AtsOperation, string> = {
  RunJob: 'starting the job',
  GetJobStatus: 'asking for the job status',
  RerunNotPassed: 'rerunning the not-passed test cases',
};

/**
 * ATS answered with a SOAP Fault (seen with HTTP 500 and 200 alike), e.g. for an unknown
 * template, job id, app or token. ATS understood and refused the request, so repeating it does
 * not help and nothing was started.
 */
export class AtsSoapFaultError extends AtsError {
  constructor(
    readonly operation: AtsOperation,
    readonly faultCode: string,
    readonly faultString: string,
    readonly httpStatus: number,
  ) {
    super(
      'ATS_SOAP_FAULT',
      `ATS refused ${WHAT[operation]}: ${faultString || 'no reason given'} (SOAP fault ${faultCode || 'without code'}, HTTP ${httpStatus}). Check the template or job id and the ATS app settings (AppID, AppAPIToken).`,
      false,
      false,
    );
  }
}

/** RunJob or RerunNotPassed answered `Started=false`; `atsMessage` is ATS's reason. */
export class AtsJobNotStartedError extends AtsError {
  constructor(
    readonly operation: AtsOperation,
    readonly atsMessage: string | undefined,
  ) {
    const reason = atsMessage?.replace(/[\s.]+$/, '') || 'it gave no reason';
    super(
      'ATS_NOT_STARTED',
      `ATS did not start the ${operation === 'RerunNotPassed' ? 'rerun' : 'job'}: ${reason}.`,
      false,
      false,
    );
  }
}

/** What the URL looks like when an HTTP status says it is wrong: the one place the /ws/ hint lives. */
const URL_HINT =
  'Check ATS_BASE_URL: it should point at the ATS CI/CD web services, ending in /ws/ (for example https://ats100.mendixcloud.com/ws/).';

/**
 * An HTTP error status without a SOAP Fault body: a gateway's error page (502/503/504, whatever
 * its DOCTYPE), a server error, a refusal, or a wrong URL (404, 405). 5xx, 408 and 429 may pass
 * later; 500, 502 and 504 may come from a gateway after ATS already acted.
 */
export class AtsHttpError extends AtsError {
  constructor(
    readonly operation: AtsOperation,
    readonly httpStatus: number,
  ) {
    const retryable = httpStatus >= 500 || httpStatus === 408 || httpStatus === 429;
    super(
      'ATS_HTTP_ERROR',
      httpErrorMessage(operation, httpStatus),
      retryable,
      httpStatus === 500 || httpStatus === 502 || httpStatus === 504,
    );
  }
}

function httpErrorMessage(operation: AtsOperation, status: number): string {
  const what = `while ${WHAT[operation]}`;
  if (status === 502 || status === 503 || status === 504) {
    return `Gateway error: the gateway in front of ATS answered HTTP ${status} ${what}. ATS seems to be down or restarting; the bot tries again.`;
  }
  if (status >= 500)
    return `ATS answered HTTP ${status} (a server error) ${what}. It seems to have trouble.`;
  if (status === 408 || status === 429) {
    return `ATS answered HTTP ${status} ${what}: it is busy. Try again in a few minutes.`;
  }
  if (status === 401 || status === 403) {
    return `ATS refused access (HTTP ${status}) ${what}. Check the ATS credentials (AppID, AppAPIToken, web-service user).`;
  }
  if (status === 404) return `ATS answered HTTP 404 (not found) ${what}. ${URL_HINT}`;
  return `ATS answered HTTP ${status} ${what}. ${URL_HINT}`;
}

/** Why an answer could not be read. */
export type AtsBadResponseReason =
  | 'not_xml'
  | 'not_soap'
  | 'doctype'
  | 'too_large'
  | 'missing_element';

const BAD_RESPONSE_DETAIL: Record<AtsBadResponseReason, string> = {
  not_xml: 'it is not XML, or it was cut off',
  not_soap: 'it is a page, not a SOAP answer',
  doctype: 'it declares a DOCTYPE, which the bot refuses for safety',
  too_large: 'it is too large for the bot to read',
  missing_element: 'an element the bot needs is missing',
};

/**
 * ATS's answer could not be used: not XML, not a SOAP envelope, a DOCTYPE, too large (code
 * `ATS_TOO_LARGE`, so the lifecycle can ask for less), or a required element missing. ATS may have acted on the request. Only a garbled answer
 * (`not_xml`) is worth retrying. Only a successful answer that is not SOAP at all points at the
 * URL (a web page served where the web services should be).
 */
export class AtsBadResponseError extends AtsError {
  constructor(
    readonly operation: AtsOperation,
    readonly reason: AtsBadResponseReason,
    /** Which element or limit, for logs; never contains response text. */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'too_large' ? 'ATS_TOO_LARGE' : 'ATS_BAD_RESPONSE',
      `ATS sent an answer the bot cannot read while ${WHAT[operation]}: ${BAD_RESPONSE_DETAIL[reason]}${detail ? ` (${detail})` : ''}.${reason === 'not_soap' ? ` ${URL_HINT}` : ''}`,
      reason === 'not_xml',
      true,
      options,
    );
  }
}

/** No complete answer within the configured time. ATS may have acted on the request. */
export class AtsTimeoutError extends AtsError {
  constructor(
    readonly operation: AtsOperation,
    readonly timeoutMs: number,
  ) {
    super(
      'ATS_TIMEOUT',
      `ATS did not answer within ${formatSeconds(timeoutMs)} while ${WHAT[operation]}. It may still have acted on the request; try again in a few minutes.`,
      true,
      true,
    );
  }
}

/** System error codes of a host name that does not resolve: the URL is the likely cause. */
const UNKNOWN_HOST = new Set(['ENOTFOUND', 'EAI_NONAME']);

/**
 * The connection failed. Before the request was sent (refused, unknown host) ATS cannot have
 * acted; after it was sent (reset, closed without an answer) it may have.
 */
export class AtsConnectionError extends AtsError {
  constructor(
    readonly operation: AtsOperation,
    /** Host and port only, never user info. */
    readonly host: string,
    /** System error code such as ECONNREFUSED or ECONNRESET. */
    readonly errorCode: string,
    requestSent: boolean,
    options?: { cause?: unknown },
  ) {
    super(
      'ATS_CONNECTION',
      requestSent
        ? `The connection to ATS at ${host} broke before an answer came (${errorCode}) while ${WHAT[operation]}. ATS may have acted on the request; try again in a few minutes.`
        : UNKNOWN_HOST.has(errorCode)
          ? `The ATS host ${host} is not known (${errorCode}) while ${WHAT[operation]}. Check the host in ATS_BASE_URL.`
          : `ATS unreachable: could not connect to ATS at ${host} (${errorCode}) while ${WHAT[operation]}. ATS seems to be down; try again later.`,
      true,
      requestSent,
      options,
    );
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
