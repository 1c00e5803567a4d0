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

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  cdataPropName: CDATA,
  processEntities: false,
  suppressEmptyNode: false,
  format: false,
  tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
});

/** A leaf value, in CDATA like real ATS or as plain (escaped) text like the reference examples. */
function leaf(value: string | number | boolean, cdata: boolean): unknown {
  const text = String(value);
  return cdata ? { [CDATA]: replaceNonXmlChars(text) } : text;
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

/** Answer of RunJob or RerunNotPassed (`Started`, `ErrorMessage`, `JobID`, in this order). */
export function renderStartedJob(
  operation: 'RunJob' | 'RerunNotPassed',
  answer: { started: boolean; errorMessage: string; jobId: string },
  cdata: boolean,
): string {
  const shape = ATS_OPERATIONS[operation];
  return envelope({
    [`tns:${shape.responseElement}`]: {
      [shape.responseWrappers[0] ?? 'RunJob']: {
        Started: leaf(answer.started, cdata),
        ErrorMessage: leaf(answer.errorMessage, cdata),
        JobID: leaf(answer.jobId, cdata),
      },
    },
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
      Flags: { Canceled: leaf(view.canceled, cdata), Warning: leaf(view.warning, cdata) },
    };
  }
  if (include.breakdown) {
    const count = (result: string) => view.cases.filter((c) => c.result === result).length;
    run.ExecutionResultBreakdown = {
      ResultBreakdown: {
        CountPassed: leaf(count('Passed'), cdata),
        CountNotExecuted: leaf(count('Not_Executed'), cdata),
        CountFailed: leaf(count('Failed'), cdata),
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
