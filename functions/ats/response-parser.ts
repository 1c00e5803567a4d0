import { XMLParser } from 'fast-xml-parser';
import type { AtsBreakdown, AtsFlags, AtsJobStatus, AtsStartedJob, AtsTestCase } from '../core/ats';
import {
  type AnswerBudget,
  answerBudgetFor,
  brokenLimit,
  DEFAULT_MAX_RESPONSE_BYTES,
} from './answer-budget';
import { ATS_OPERATIONS, type AtsOperation } from './cicd-api';
import { parseDuration } from './duration';
import {
  AtsBadResponseError,
  AtsHttpError,
  AtsJobNotStartedError,
  AtsSoapFaultError,
} from './errors';
import { DoctypeRefusedError, declaresDoctype, xmlEntityDecoder } from './xml-text';

/** One node of fast-xml-parser's `preserveOrder` output: `{ tag: children }` or `{ '#text': s }`. */
type OrderedNode = Record<string, unknown>;

/**
 * fast-xml-parser's options for ATS answers. `preserveOrder` skips the library's object
 * compaction (the slowest step on large answers) and gives lists everywhere, so one test case is
 * a list of one without `isArray` callbacks. Exported for `npm run bench:xml`, which times the
 * library alone with them.
 */
export const ATS_XML_PARSER_OPTIONS = {
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
  processEntities: true,
  entityDecoder: xmlEntityDecoder,
} as const satisfies ConstructorParameters<typeof XMLParser>[0];

/** Options of {@link AtsResponseParser}. */
export interface AtsResponseParserOptions {
  /**
   * Applied to every text read from an answer once it is decoded (secrets → redacted): test case
   * names, results and messages, statuses, job ids, faults and messages.
   */
  redact?: (text: string) => string;
  /** What parsing one answer may build; default for answers of `DEFAULT_MAX_RESPONSE_BYTES`. */
  budget?: AnswerBudget;
}

// The last closing tag of a complete answer; a cut-off answer fails this before parsing.
const ENVELOPE_END = /<\/(?:[A-Za-z_][\w.-]*:)?Envelope\s*>\s*$/;

/**
 * Reads ATS answers. ATS answers are untrusted: a DOCTYPE is refused before parsing (and again
 * inside the parser), an answer that would build more than the budget allows is refused before
 * parsing too, only XML's five entities and character references are decoded, names are
 * read without their namespace prefix, CDATA and plain text read alike, and IDs stay strings.
 * Build one per client: the configured parser is reused for every answer.
 */
export class AtsResponseParser {
  private readonly redact: (text: string) => string;
  private readonly budget: AnswerBudget;

  private readonly parser = new XMLParser(ATS_XML_PARSER_OPTIONS);

  constructor(options: AtsResponseParserOptions = {}) {
    this.redact = options.redact ?? ((text) => text);
    this.budget = options.budget ?? answerBudgetFor(DEFAULT_MAX_RESPONSE_BYTES);
  }

  /**
   * Reads the answer of RunJob or RerunNotPassed: the job ATS started, the `ErrorMessage` ATS sent
   * along with `Started=true` (a warning), and the names of the elements the fields came in (for
   * the log: the reference does not name them for RerunNotPassed).
   * @throws AtsJobNotStartedError when `Started` is not true; AtsSoapFaultError for a SOAP Fault;
   *   AtsHttpError for another non-2xx status; AtsBadResponseError when the answer is unusable.
   */
  readStartedJob(
    operation: 'RunJob' | 'RerunNotPassed',
    xml: string,
    httpStatus: number,
  ): StartedJobReading {
    const body = this.readBody(operation, xml, httpStatus);
    const { fields: run, elements } =
      operation === 'RerunNotPassed' ? findStartedFields(body) : this.readWrapper(operation, body);
    const started = textOf(child(run, 'Started'), () => missing(operation, 'Started'));
    const message = textOf(child(run, 'ErrorMessage')).trim();
    if (!/^(true|1)$/i.test(started.trim())) {
      throw new AtsJobNotStartedError(operation, message ? this.redact(message) : undefined);
    }
    const jobId = this.redact(textOf(child(run, 'JobID')));
    if (!jobId) throw missing(operation, 'JobID');
    return message ? { jobId, warning: this.redact(message), elements } : { jobId, elements };
  }

  /**
   * Reads the answer of GetJobStatus. Flags, breakdown and test cases are present when ATS sent
   * them (it does when they were asked for); an empty `ExecutionResult` or `ErrorMessage` reads as
   * undefined; a `Duration` that is not `hh:mm:ss` reads as undefined.
   * @throws AtsSoapFaultError, AtsHttpError or AtsBadResponseError as {@link readStartedJob}.
   */
  readJobStatus(xml: string, httpStatus: number): AtsJobStatus {
    const run = this.readResult('GetJobStatus', xml, httpStatus);
    const status: AtsJobStatus = {
      status: this.redact(
        textOf(child(run, 'ExecutionStatus'), () => missing('GetJobStatus', 'ExecutionStatus')),
      ),
      result: this.redact(textOf(child(run, 'ExecutionResult'))) || undefined,
      errorMessage: this.redact(textOf(child(run, 'ErrorMessage'))) || undefined,
    };
    const flags = child(child(run, 'ExecutionFlags'), 'Flags');
    if (flags) status.flags = readFlags(flags);
    const breakdown = child(child(run, 'ExecutionResultBreakdown'), 'ResultBreakdown');
    if (breakdown) status.breakdown = readBreakdown(breakdown);
    const details = child(run, 'ExecutionDetailsPerTestCase');
    if (details) status.testCases = readTestCases(details, this.redact);
    return status;
  }

  /** The children of the operation's result wrapper, after every envelope-level check. */
  private readResult(operation: AtsOperation, xml: string, httpStatus: number): OrderedNode[] {
    return this.readWrapper(operation, this.readBody(operation, xml, httpStatus)).fields;
  }

  /** The documented `…Response/wrapper` of an operation inside the body. */
  private readWrapper(
    operation: AtsOperation,
    body: OrderedNode[],
  ): { fields: OrderedNode[]; elements: string } {
    const shape = ATS_OPERATIONS[operation];
    const response = child(body, shape.responseElement);
    if (!response) throw missing(operation, shape.responseElement);
    for (const wrapper of shape.responseWrappers) {
      const inner = child(response, wrapper);
      if (inner) return { fields: inner, elements: `${shape.responseElement}/${wrapper}` };
    }
    throw missing(operation, `${shape.responseElement}/${shape.responseWrappers[0]}`);
  }

  /**
   * The children of `Envelope/Body` of a successful answer.
   * @throws AtsSoapFaultError when the body is a Fault (whatever the status); AtsHttpError for a
   *   non-2xx status without one; AtsBadResponseError otherwise.
   */
  private readBody(operation: AtsOperation, xml: string, httpStatus: number): OrderedNode[] {
    const ok = httpStatus >= 200 && httpStatus < 300;
    // A gateway's error page (HTML, often with a DOCTYPE) says less than its status does; what is
    // not even an envelope is never parsed, so the DOCTYPE refusal is for would-be SOAP only.
    if (!ok && !beginsAsEnvelope(xml)) throw new AtsHttpError(operation, httpStatus);
    const envelope = this.readEnvelope(operation, xml);
    if (envelope instanceof AtsBadResponseError) {
      if (!ok && envelope.reason !== 'doctype') throw new AtsHttpError(operation, httpStatus);
      throw envelope;
    }
    const fault = child(envelope, 'Fault');
    if (fault) {
      // SOAP 1.1 faultcode/faultstring; SOAP 1.2 Code/Value and Reason/Text as a fallback.
      const code =
        textOf(child(fault, 'faultcode')) || textOf(child(child(fault, 'Code'), 'Value'));
      const reason =
        textOf(child(fault, 'faultstring')) || textOf(child(child(fault, 'Reason'), 'Text'));
      throw new AtsSoapFaultError(operation, this.redact(code), this.redact(reason), httpStatus);
    }
    if (!ok) throw new AtsHttpError(operation, httpStatus);
    return envelope;
  }

  /** `Envelope/Body` children, or the reason the text is not a usable SOAP envelope. */
  private readEnvelope(operation: AtsOperation, xml: string): OrderedNode[] | AtsBadResponseError {
    // A byte-order mark may precede the markup.
    const markup = (xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml).trimStart();
    if (!markup.startsWith('<')) return new AtsBadResponseError(operation, 'not_xml');
    if (!beginsAsEnvelope(markup)) return new AtsBadResponseError(operation, 'not_soap');
    if (declaresDoctype(xml)) return new AtsBadResponseError(operation, 'doctype');
    if (!ENVELOPE_END.test(xml.slice(-512))) {
      // Cut off (it began as an envelope) or something else altogether (an HTML page).
      const began = markup.slice(0, 512).includes('Envelope');
      return new AtsBadResponseError(operation, began ? 'not_xml' : 'not_soap');
    }
    // What the parser would build is counted first: memory, not bytes, is what runs out.
    const broken = brokenLimit(xml, this.budget);
    if (broken) return new AtsBadResponseError(operation, 'too_large', `over the ${broken} limit`);
    let doc: OrderedNode[];
    try {
      doc = this.parser.parse(xml) as OrderedNode[];
    } catch (error) {
      return new AtsBadResponseError(
        operation,
        error instanceof DoctypeRefusedError ? 'doctype' : 'not_xml',
        undefined,
        { cause: error },
      );
    }
    const body = child(child(doc, 'Envelope'), 'Body');
    return body ?? new AtsBadResponseError(operation, 'not_soap');
  }
}

/** What {@link AtsResponseParser.readStartedJob} read. */
export interface StartedJobReading extends AtsStartedJob {
  /** Where the fields were: `RunJobResponse/RunJob`, `RerunNotPassedResponse`, … */
  elements: string;
}

// The first element of a document, past any declaration, comment, processing instruction or
// DOCTYPE (whose internal subset holds only `<!…>` declarations): `<` then a name, never `<!`/`<?`.
const FIRST_ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/;

/**
 * True when the first element of the text is an `Envelope` (any prefix): a SOAP answer, complete
 * or not. Anything else (an HTML page, plain text, nothing) is no SOAP answer at all.
 */
function beginsAsEnvelope(text: string): boolean {
  return FIRST_ELEMENT.exec(text.slice(0, 4096))?.[1] === 'Envelope';
}

/**
 * The fields of a RerunNotPassed answer, whose element names the reference leaves out ("identical
 * to Run Job"): the first body element named `…Response` that holds `Started` or `JobID`, directly
 * or in one wrapper element.
 */
function findStartedFields(body: OrderedNode[]): { fields: OrderedNode[]; elements: string } {
  const holds = (nodes: OrderedNode[]) =>
    child(nodes, 'Started') !== undefined || child(nodes, 'JobID') !== undefined;
  for (const [name, response] of elementsOf(body)) {
    if (!name.endsWith('Response')) continue;
    if (holds(response)) return { fields: response, elements: name };
    for (const [wrapper, inner] of elementsOf(response)) {
      if (holds(inner)) return { fields: inner, elements: `${name}/${wrapper}` };
    }
  }
  throw missing('RerunNotPassed', ATS_OPERATIONS.RerunNotPassed.responseElement);
}

/** The child elements of a node list, as (prefix-less name, children) pairs. */
function elementsOf(nodes: OrderedNode[]): [string, OrderedNode[]][] {
  const found: [string, OrderedNode[]][] = [];
  for (const node of nodes) {
    for (const [name, value] of Object.entries(node)) {
      if (name !== '#text' && Array.isArray(value)) found.push([name, value as OrderedNode[]]);
    }
  }
  return found;
}

/** Children of the first child element with this (prefix-less) name. */
function child(nodes: OrderedNode[] | undefined, name: string): OrderedNode[] | undefined {
  if (!nodes) return undefined;
  for (const node of nodes) {
    const value = node[name];
    if (Array.isArray(value)) return value as OrderedNode[];
  }
  return undefined;
}

/**
 * The text of an element: its text and CDATA pieces joined; '' when empty. When the element is
 * absent, `onMissing` decides (default '').
 */
function textOf(nodes: OrderedNode[] | undefined, onMissing?: () => Error): string {
  if (!nodes) {
    if (onMissing) throw onMissing();
    return '';
  }
  let text = '';
  for (const node of nodes) {
    const piece = node['#text'];
    if (piece !== undefined) text += String(piece);
  }
  return text;
}

function missing(operation: AtsOperation, element: string): AtsBadResponseError {
  return new AtsBadResponseError(operation, 'missing_element', element);
}

function readFlags(flags: OrderedNode[]): AtsFlags {
  return {
    canceled: isTrue(textOf(child(flags, 'Canceled'))),
    warning: isTrue(textOf(child(flags, 'Warning'))),
  };
}

function isTrue(text: string): boolean {
  return text.toLowerCase() === 'true';
}

function readBreakdown(breakdown: OrderedNode[]): AtsBreakdown {
  return {
    passed: count(textOf(child(breakdown, 'CountPassed'))),
    failed: count(textOf(child(breakdown, 'CountFailed'))),
    notExecuted: count(textOf(child(breakdown, 'CountNotExecuted'))),
  };
}

/** A count as ATS sends it; anything unreadable counts as 0 (the verdict comes from the result). */
function count(text: string): number {
  return /^\d{1,9}$/.test(text) ? Number(text) : 0;
}

/**
 * The test cases, each text redacted once decoded and joined: the client removes credentials
 * from the raw answer, but a credential spelled with character references or split across CDATA
 * sections only appears once the text is read.
 */
function readTestCases(details: OrderedNode[], redact: (text: string) => string): AtsTestCase[] {
  const cases: AtsTestCase[] = [];
  for (const node of details) {
    const fields = node.ExecutionDetailsTestCase;
    if (!Array.isArray(fields)) continue;
    let name = '';
    let result = '';
    let duration = '';
    let errorMessage = '';
    // One pass over the case's fields, looking each up by name (a field node has a single key):
    // this loop runs once per test case of large suites.
    for (const field of fields as OrderedNode[]) {
      if (field.Name !== undefined) name = redact(textOf(field.Name as OrderedNode[]));
      else if (field.Result !== undefined) result = redact(textOf(field.Result as OrderedNode[]));
      else if (field.Duration !== undefined) duration = textOf(field.Duration as OrderedNode[]);
      else if (field.ErrorMessage !== undefined) {
        errorMessage = redact(textOf(field.ErrorMessage as OrderedNode[]));
      }
    }
    cases.push({
      name,
      result,
      durationSeconds: parseDuration(duration),
      errorMessage: errorMessage || undefined,
    });
  }
  return cases;
}
