import { XMLBuilder } from 'fast-xml-parser';
import { ATS_NS, ATS_OPERATIONS, SOAP_ENV_NS } from '../cicd-api';
import { formatDuration } from '../duration';
import { escapeXmlText, replaceNonXmlChars } from '../xml-text';
import type { SimCaseRun, SimStatus } from './jobs';

/** Which optional parts of a status answer were asked for. */
export interface SimInclude {
  flags: boolean;
  breakdown: boolean;
  details: boolean;
}

/** Everything a GetJobStatus answer reports. */
export interface SimStatusView {
  status: SimStatus;
  /** Empty until Done. */
  result: string;
  errorMessage: string;
  canceled: boolean;
  warning: boolean;
  cases: SimCaseRun[];
}

const CDATA = '#cdata';

// `suppressEmptyNode` writes an empty value as `<X/>`, one of the forms ATS uses for "nothing".
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  cdataPropName: CDATA,
  processEntities: false,
  suppressEmptyNode: true,
  format: false,
  tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
});

/**
 * A text value, in CDATA like real ATS or as plain (escaped) text like the reference examples;
 * empty as `<X/>` (never an empty CDATA section, which the vendor's plugin reads as present).
 */
function leaf(value: string, cdata: boolean): unknown {
  if (value === '') return '';
  return cdata ? { [CDATA]: replaceNonXmlChars(value) } : value;
}

/** A flag or a count: plain text always, as ATS writes them. */
function plain(value: boolean | number): string {
  return String(value);
}

function envelope(body: Record<string, unknown>): string {
  return builder.build({
    'soap:Envelope': {
      '@_xmlns:soap': SOAP_ENV_NS,
      '@_xmlns:tns': ATS_NS,
      'soap:Body': body,
    },
  });
}

/**
 * The elements a RerunNotPassed answer comes in, which the reference leaves out ("identical to
 * Run Job"): the response element, and the wrapper inside it (none: the fields directly).
 */
export interface RerunAnswerShape {
  response: 'RerunNotPassedResponse' | 'RunJobResponse';
  wrapper: 'RunJob' | 'RerunNotPassed' | undefined;
}

/** What the simulator sends unless told otherwise. */
export const DEFAULT_RERUN_ANSWER: RerunAnswerShape = {
  response: 'RerunNotPassedResponse',
  wrapper: 'RunJob',
};

/** Answer of RunJob or RerunNotPassed (`Started`, `ErrorMessage`, `JobID`, in this order). */
export function renderStartedJob(
  operation: 'RunJob' | 'RerunNotPassed',
  answer: { started: boolean; errorMessage: string; jobId: string },
  cdata: boolean,
  rerunAnswer: RerunAnswerShape = DEFAULT_RERUN_ANSWER,
): string {
  const fields = {
    Started: plain(answer.started),
    // A started job carries no ErrorMessage at all unless ATS has something to say: the vendor's
    // plugin reads a present one, even empty, as "not started".
    ...(answer.errorMessage ? { ErrorMessage: leaf(answer.errorMessage, cdata) } : {}),
    JobID: leaf(answer.jobId, cdata),
  };
  const shape =
    operation === 'RunJob'
      ? { response: ATS_OPERATIONS.RunJob.responseElement, wrapper: 'RunJob' }
      : rerunAnswer;
  return envelope({
    [`tns:${shape.response}`]: shape.wrapper ? { [shape.wrapper]: fields } : fields,
  });
}

/** Answer of GetJobStatus with the optional parts that were asked for, in the reference's order. */
export function renderJobStatus(view: SimStatusView, include: SimInclude, cdata: boolean): string {
  const run: Record<string, unknown> = {
    ExecutionStatus: leaf(view.status, cdata),
    ExecutionResult: leaf(view.result, cdata),
    ErrorMessage: leaf(view.errorMessage, cdata),
  };
  if (include.flags) {
    run.ExecutionFlags = {
      Flags: { Canceled: plain(view.canceled), Warning: plain(view.warning) },
    };
  }
  if (include.breakdown) {
    const count = (result: string) => view.cases.filter((c) => c.result === result).length;
    run.ExecutionResultBreakdown = {
      ResultBreakdown: {
        CountPassed: plain(count('Passed')),
        CountNotExecuted: plain(count('Not_Executed')),
        CountFailed: plain(count('Failed')),
      },
    };
  }
  if (include.details) {
    run.ExecutionDetailsPerTestCase = {
      ExecutionDetailsTestCase: view.cases.map((c) => ({
        Name: leaf(c.name, cdata),
        Result: leaf(c.result, cdata),
        Duration: leaf(formatDuration(c.durationSeconds), cdata),
        ...(c.errorMessage ? { ErrorMessage: leaf(c.errorMessage, cdata) } : {}),
      })),
    };
  }
  return envelope({ 'tns:GetTestRunResponse': { TestRun: run } });
}

/** A SOAP 1.1 Fault (sent with HTTP 500). `faultCode` such as `soap:Client` or `soap:Server`. */
export function renderFault(faultCode: string, faultString: string): string {
  return envelope({ 'soap:Fault': { faultcode: faultCode, faultstring: faultString } });
}
