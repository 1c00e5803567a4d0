/** Machine-readable codes of every way an ATS call can fail. */
export type AtsErrorCode =
  | 'ATS_SOAP_FAULT'
  | 'ATS_NOT_STARTED'
  | 'ATS_HTTP_ERROR'
  | 'ATS_BAD_RESPONSE'
  /** The answer was larger than the client reads (a status with tens of thousands of cases). */
  | 'ATS_TOO_LARGE'
  | 'ATS_TIMEOUT'
  | 'ATS_CONNECTION';

/**
 * Base of every error an {@link AtsGateway} call rejects with. Concrete subclasses live
 * in `functions/ats/errors.ts`; the domain only reads these fields.
 *
 * `message` is written for a Slack user (what happened, what to do) and never contains
 * credentials.
 */
export class AtsError extends Error {
  constructor(
    readonly code: AtsErrorCode,
    message: string,
    /** True when the same call may succeed later (network trouble, ATS overloaded). */
    readonly retryable: boolean,
    /**
     * True when the request may have reached ATS and been acted on although no answer came
     * (timeout after sending, connection reset): a RunJob/RerunNotPassed must then not be
     * repeated blindly.
     */
    readonly outcomeUnknown: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A request from a person that cannot be carried out; the message is shown to them as is. */
export class UserFacingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/**
 * The store refused to write a job because its item would be larger than the store holds
 * (DynamoDB: 400 KB). Writing the same item again fails the same way; a smaller one may not.
 */
export class JobTooLargeError extends Error {
  readonly code = 'JOB_TOO_LARGE';

  constructor(
    readonly requestId: string,
    options?: { cause?: unknown },
  ) {
    super(`Job ${requestId} is larger than the store holds in one item`, options);
    this.name = 'JobTooLargeError';
  }
}
