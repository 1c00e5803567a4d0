import { XMLParser } from 'fast-xml-parser';

/** One element of a document, in document order. */
export interface OutlineEntry {
  depth: number;
  /** Name as written, prefix included. */
  qname: string;
  /** Namespace URI the prefix (or default namespace) resolves to; '' when none. */
  ns: string;
  /** Direct text of the element, trimmed; '' for containers. */
  text: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  ignoreDeclaration: true,
});

/**
 * Every element of an XML document in order, with resolved namespaces: two documents with the
 * same outline have the same elements, namespaces, order and values, whatever their whitespace.
 * Written independently of the production code so that tests do not check it against itself.
 */
export function xmlOutline(xml: string): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const walk = (nodes: Node[], depth: number, scope: Record<string, string>) => {
    for (const node of nodes) {
      const qname = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
      if (!qname) continue;
      const attrs = (node[':@'] ?? {}) as Record<string, string>;
      const inner = { ...scope };
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'xmlns') inner[''] = v;
        else if (k.startsWith('xmlns:')) inner[k.slice(6)] = v;
      }
      const prefix = qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '';
      const children = node[qname] as Node[];
      const text = children
        .map((c) => (c['#text'] === undefined ? '' : String(c['#text'])))
        .join('')
        .trim();
      out.push({ depth, qname, ns: inner[prefix] ?? '', text });
      walk(children, depth + 1, inner);
    }
  };
  walk(parser.parse(xml) as Node[], 0, {});
  return out;
}
