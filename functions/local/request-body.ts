import type { IncomingMessage } from 'node:http';

/**
 * The whole body of a request, or undefined as soon as it exceeds `maxBytes`: local mode's servers
 * (ingress, Slack Web API, file uploads) each refuse a body past their own limit.
 */
export async function readBodyUpTo(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
