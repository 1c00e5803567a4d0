import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the simulator reads. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

const ACCEPTED_CONTENT_TYPES = ['text/xml', 'application/xml'];

/** A request header as one string. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The body as UTF-8 text; undefined when it exceeds {@link MAX_REQUEST_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A message when the content type is not XML. `text/xml` is SOAP 1.1's; `application/xml` is
 * accepted too because the vendor's Jenkins plugin posts it and real ATS answers it.
 */
export function checkContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return 'Missing Content-Type: expected text/xml';
  const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (!type || !ACCEPTED_CONTENT_TYPES.includes(type)) {
    return `Unsupported Content-Type '${contentType}': expected text/xml`;
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8') return `Unsupported charset '${charset}': expected utf-8`;
  return undefined;
}

/** Sends a whole answer, unless the connection is gone. */
export function send(res: ServerResponse, status: number, body: string, type = 'text/xml'): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` });
  res.end(body);
}
