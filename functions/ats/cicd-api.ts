/**
 * The shape of the ATS CI/CD SOAP API as the vendor reference and the field notes describe it:
 * one table shared by the envelope builder, the response parser and the simulator, so that
 * client and simulator can never disagree on an element name or a field order.
 */

/** SOAP 1.1 envelope namespace. */
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Namespace of the ATS body elements (`tns:` in the reference, other prefixes elsewhere). */
export const ATS_NS = 'http://www.mendix.com/';

/** Default base URL of ATS in the Mendix cloud. On-premises installs have their own. */
export const DEFAULT_ATS_BASE_URL = 'https://ats100.mendixcloud.com/ws/';

/** Where the web services live under a host: what the vendor's plugin and samples append. */
export const WEB_SERVICES_PATH = '/ws/';

/** A base URL as the client uses it, and whether it was completed from a host-only one. */
export interface ResolvedAtsBaseUrl {
  url: URL;
  /** True when the URL named only the host and {@link WEB_SERVICES_PATH} was added. */
  completed: boolean;
}

/**
 * The base URL the operations are posted under. People write the host only
 * (`https://ats100.mendixcloud.com`, as the vendor's plugin and docs configure it, appending
 * `/ws/<Operation>`): that becomes `https://host/ws/`. Any other path is kept, with a trailing `/`.
 * @throws TypeError when the text is not a URL.
 */
export function resolveAtsBaseUrl(base: string): ResolvedAtsBaseUrl {
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') {
    url.pathname = WEB_SERVICES_PATH;
    return { url, completed: true };
  }
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return { url, completed: false };
}

/** The three CI/CD operations, named after their URL paths. */
export type AtsOperation = 'RunJob' | 'GetJobStatus' | 'RerunNotPassed';

/** The optional `Include…` flags of GetJobStatus, in the order the reference documents them. */
export const INCLUDE_FLAGS = [
  'IncludeExecutionFlags',
  'IncludeExecutionResultBreakdown',
  'IncludeDetailsPerTestCase',
] as const;

/** Element names, field order and response wrappers of one operation. */
export interface AtsOperationShape {
  /** Path under the base URL. */
  path: string;
  /** Element inside `soap:Body` (namespace {@link ATS_NS}). */
  requestElement: string;
  /** Unqualified element inside the request element that carries the fields. */
  requestWrapper: string;
  /** Fields that must all be present, in this order. */
  requiredFields: readonly string[];
  /** Fields that may follow the required ones, each at most once, in this order. */
  optionalFields: readonly string[];
  /** Element inside `soap:Body` of the answer. */
  responseElement: string;
  /** Accepted unqualified wrappers inside the response element (the first is what ATS sends). */
  responseWrappers: readonly string[];
}

/** Every operation's shape, keyed by operation. */
export const ATS_OPERATIONS: Readonly<Record<AtsOperation, AtsOperationShape>> = {
  RunJob: {
    path: 'RunJob',
    requestElement: 'RunJob',
    requestWrapper: 'TestRun',
    requiredFields: ['AppAPIToken', 'AppID', 'JobTemplateID'],
    optionalFields: [],
    responseElement: 'RunJobResponse',
    responseWrappers: ['RunJob'],
  },
  GetJobStatus: {
    path: 'GetJobStatus',
    // The reference posts GetTestRun, not GetJobStatus, to the GetJobStatus URL.
    requestElement: 'GetTestRun',
    requestWrapper: 'TestRun',
    requiredFields: ['AppAPIToken', 'JobID', 'AppID'],
    optionalFields: INCLUDE_FLAGS,
    responseElement: 'GetTestRunResponse',
    responseWrappers: ['TestRun'],
  },
  RerunNotPassed: {
    path: 'RerunNotPassed',
    requestElement: 'RerunNotPassed',
    requestWrapper: 'RerunNotPassed',
    requiredFields: ['AppAPIToken', 'AppID', 'FinishedJobID'],
    optionalFields: [],
    // "Identical to Run Job": accept either inner wrapper.
    responseElement: 'RerunNotPassedResponse',
    responseWrappers: ['RunJob', 'RerunNotPassed'],
  },
};

/** The operation served at a URL path segment, if any. */
export function operationForPath(segment: string): AtsOperation | undefined {
  return (Object.keys(ATS_OPERATIONS) as AtsOperation[]).find(
    (op) => ATS_OPERATIONS[op].path === segment,
  );
}

/** `SOAPAction` header value for an operation: the ATS namespace plus the body element. */
export function soapActionFor(operation: AtsOperation): string {
  return `"${ATS_NS}${ATS_OPERATIONS[operation].requestElement}"`;
}
