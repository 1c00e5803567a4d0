import { XMLParser } from 'fast-xml-parser';
import { ATS_NS, ATS_OPERATIONS, type AtsOperation, INCLUDE_FLAGS, SOAP_ENV_NS } from '../cicd-api';
import { DoctypeRefusedError, declaresDoctype, xmlEntityDecoder } from '../xml-text';

/** What the simulator read from a request, and the first thing a strict server would refuse. */
export interface AtsRequestReading {
  /** The operation's fields as sent (values exact, whitespace kept), as far as they could be read. */
  fields: Record<string, string>;
  /** `soap:Header/authentication` when present. */
  credentials?: { username: string; password: string };
  /** Set when the request breaks the contract: names what was wrong. */
  violation?: string;
}

type OrderedNode = Record<string, unknown>;

interface Element {
  /** Namespace URI; '' for unqualified names. */
  ns: string;
  local: string;
  /** Prefixed name as written, for messages. */
  qname: string;
  children: OrderedNode[];
  scope: Record<string, string>;
}

class Violation extends Error {}

// Namespace-aware reading needs the xmlns attributes and the prefixes as written; values keep
// their whitespace so what the client sent is exactly what tests see.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
  processEntities: true,
  entityDecoder: xmlEntityDecoder,
});

const BOOLEAN = /^(true|false|1|0)$/;

/**
 * Reads a request for `operation` the way a strict SOAP server would: one SOAP 1.1 Envelope, an
 * optional Header, a Body holding exactly the operation's element in the ATS namespace, its
 * unqualified wrapper, and every field present, unqualified, in the documented order (optional
 * Include flags after the required fields, in their order, `true`/`false`). Never throws.
 */
export function readAtsRequest(operation: AtsOperation, xml: string): AtsRequestReading {
  const reading: AtsRequestReading = { fields: {} };
  try {
    if (declaresDoctype(xml)) throw new Violation('A SOAP message must not contain a DOCTYPE');
    let doc: OrderedNode[];
    try {
      doc = parser.parse(xml) as OrderedNode[];
    } catch (error) {
      if (error instanceof DoctypeRefusedError) throw new Violation(error.message);
      throw new Violation(`The request is not well-formed XML: ${(error as Error).message}`);
    }
    const [envelope, ...others] = elementsOf(doc, {}, 'the document');
    if (!envelope || others.length > 0) {
      throw new Violation('The request must have exactly one root element, soap:Envelope');
    }
    expectName(envelope, SOAP_ENV_NS, 'Envelope');
    const parts = elementsOf(envelope.children, envelope.scope, 'Envelope');
    const header =
      parts[0]?.local === 'Header' && parts[0].ns === SOAP_ENV_NS ? parts[0] : undefined;
    const rest = header ? parts.slice(1) : parts;
    if (rest.length !== 1 || !rest[0]) {
      throw new Violation('Envelope must contain an optional Header followed by one Body');
    }
    const body = rest[0];
    expectName(body, SOAP_ENV_NS, 'Body');
    if (header) reading.credentials = readCredentials(header);
    reading.fields = readFields(operation, body, reading);
  } catch (error) {
    if (!(error instanceof Violation)) throw error;
    reading.violation = error.message;
  }
  return reading;
}

function readCredentials(header: Element): AtsRequestReading['credentials'] {
  const auth = elementsOf(header.children, header.scope, 'Header').find(
    (e) => e.local === 'authentication',
  );
  if (!auth) return undefined;
  expectName(auth, ATS_NS, 'authentication');
  const values: Record<string, string> = {};
  for (const e of elementsOf(auth.children, auth.scope, 'authentication')) {
    expectName(e, '', e.local);
    values[e.local] = leafText(e);
  }
  return { username: values.username ?? '', password: values.password ?? '' };
}

function readFields(
  operation: AtsOperation,
  body: Element,
  reading: AtsRequestReading,
): Record<string, string> {
  const shape = ATS_OPERATIONS[operation];
  const [request, ...extra] = elementsOf(body.children, body.scope, 'Body');
  if (!request || extra.length > 0) {
    throw new Violation(`Body must contain exactly one element, tns:${shape.requestElement}`);
  }
  expectName(request, ATS_NS, shape.requestElement);
  const [wrapper, ...more] = elementsOf(request.children, request.scope, request.qname);
  if (!wrapper || more.length > 0) {
    throw new Violation(
      `${request.qname} must contain exactly one element, ${shape.requestWrapper}`,
    );
  }
  expectName(wrapper, '', shape.requestWrapper);

  const order = [...shape.requiredFields, ...shape.optionalFields];
  const fields: Record<string, string> = {};
  reading.fields = fields;
  let next = 0;
  for (const field of elementsOf(wrapper.children, wrapper.scope, shape.requestWrapper)) {
    expectName(field, '', field.local);
    const at = order.indexOf(field.local, next);
    if (at === -1) {
      if (Object.hasOwn(fields, field.local)) {
        throw new Violation(
          `Element '${field.local}' appears more than once in ${shape.requestWrapper}`,
        );
      }
      if (order.includes(field.local)) {
        throw new Violation(
          `Element '${field.local}' is out of order in ${shape.requestWrapper}: expected ${order.join(', ')} in this order`,
        );
      }
      throw new Violation(`Unexpected element '${field.local}' in ${shape.requestWrapper}`);
    }
    const skipped = shape.requiredFields.slice(next, at);
    if (skipped.length > 0) {
      throw new Violation(
        `Required element '${skipped[0]}' is missing from ${shape.requestWrapper} (found '${field.local}' in its place)`,
      );
    }
    fields[field.local] = leafText(field);
    next = at + 1;
  }
  const absent = shape.requiredFields.find((name) => !Object.hasOwn(fields, name));
  if (absent)
    throw new Violation(`Required element '${absent}' is missing from ${shape.requestWrapper}`);
  for (const flag of INCLUDE_FLAGS) {
    const value = fields[flag];
    if (value !== undefined && !BOOLEAN.test(value)) {
      throw new Violation(`Element '${flag}' must be true or false, got '${value}'`);
    }
  }
  return fields;
}

/** Element children with resolved namespaces; whitespace between them is allowed, other text is not. */
function elementsOf(
  nodes: OrderedNode[],
  parentScope: Record<string, string>,
  where: string,
): Element[] {
  const elements: Element[] = [];
  for (const node of nodes) {
    const text = node['#text'];
    if (text !== undefined) {
      if (String(text).trim() !== '') throw new Violation(`Unexpected text inside ${where}`);
      continue;
    }
    const qname = Object.keys(node).find((k) => k !== ':@');
    if (!qname) continue;
    const attrs = (node[':@'] ?? {}) as Record<string, string>;
    const scope = { ...parentScope };
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'xmlns') scope[''] = value;
      else if (name.startsWith('xmlns:')) scope[name.slice(6)] = value;
    }
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const ns = scope[prefix];
    if (prefix && ns === undefined)
      throw new Violation(`Namespace prefix '${prefix}' of ${qname} is not declared`);
    elements.push({
      ns: ns ?? '',
      local: colon === -1 ? qname : qname.slice(colon + 1),
      qname,
      children: node[qname] as OrderedNode[],
      scope,
    });
  }
  return elements;
}

function expectName(element: Element, ns: string, local: string): void {
  if (element.local !== local) {
    throw new Violation(`Expected element '${local}', found '${element.qname}'`);
  }
  if (element.ns !== ns) {
    throw new Violation(
      ns
        ? `Element '${element.qname}' must be in namespace ${ns}, found ${element.ns || 'no namespace'}`
        : `Element '${element.qname}' must be unqualified (no namespace), found ${element.ns}`,
    );
  }
}

/** The text of a field: text and CDATA pieces joined, exactly as sent. */
function leafText(element: Element): string {
  let text = '';
  for (const node of element.children) {
    const piece = node['#text'];
    if (piece === undefined)
      throw new Violation(`Element '${element.local}' must contain text only`);
    text += String(piece);
  }
  return text;
}
