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

/**
 * An HTTP error status without a SOAP Fault body (a proxy page, a wrong URL). 5xx, 408 and 429
 * may pass later; 502/504 and a bare 500 may come from a gateway after ATS already acted.
 */
export class AtsHttpError extends AtsError {
  constructor(
    readonly operation: AtsOperation,
    readonly httpStatus: number,
  ) {
    const retryable = httpStatus >= 500 || httpStatus === 408 || httpStatus === 429;
    super(
      'ATS_HTTP_ERROR',
      retryable
        ? `ATS answered HTTP ${httpStatus} while ${WHAT[operation]}: it seems busy or down. Try again in a few minutes.`
        : `ATS answered HTTP ${httpStatus} while ${WHAT[operation]}. Check the ATS base URL (ATS_BASE_URL) and the ATS credentials.`,
      retryable,
      httpStatus === 500 || httpStatus === 502 || httpStatus === 504,
    );
  }
}

/** Why an answer could not be read. */
export type AtsBadResponseReason =
  | 'not_xml'
  | 'not_soap'
  | 'doctype'
  | 'too_large'
  | 'missing_element';

const BAD_RESPONSE_DETAIL: Record<AtsBadResponseReason, string> = {
  not_xml: 'it is not complete XML',
  not_soap: 'it is not a SOAP envelope',
  doctype: 'it declares a DOCTYPE, which the bot refuses',
  too_large: 'it is larger than the bot accepts',
  missing_element: 'an expected element is missing',
};

/**
 * ATS's answer could not be used: not XML, not a SOAP envelope, a DOCTYPE, too large, or a
 * required element missing. ATS may have acted on the request. Only a garbled answer
 * (`not_xml`) is worth retrying.
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
      'ATS_BAD_RESPONSE',
      `ATS sent an answer the bot cannot read while ${WHAT[operation]}: ${BAD_RESPONSE_DETAIL[reason]}${detail ? ` (${detail})` : ''}. Check that ATS_BASE_URL points at the ATS CI/CD web services (ending in /ws/).`,
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
        : `Could not connect to ATS at ${host} (${errorCode}) while ${WHAT[operation]}. Check ATS_BASE_URL, or try again later if ATS is down.`,
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
