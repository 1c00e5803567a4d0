import type { IncomingMessage } from 'node:http';

/**
 * Whether a request to the playground's command and click endpoints comes from the playground
 * page itself. Those endpoints sign what they receive with the bot's signing secret and post it
 * to `/slack/events`, so a request forged by any other web page the developer visits (a
 * cross-site `text/plain` form post needs no CORS preflight) would run commands as a playground
 * user, and could start real ATS jobs. Three checks, each of which such a page cannot pass:
 *
 * - `Content-Type: application/json`: a cross-site page can only send it after a CORS preflight,
 *   which this server never grants;
 * - the `Host` header names this server as the page reached it (a loopback name or the configured
 *   listen host, with its port), which defeats DNS rebinding;
 * - an `Origin` header, when present (browsers send one with every POST), is exactly this host.
 */

/** Why a playground request was refused. */
export type OriginRefusal = 'not_json' | 'foreign_host' | 'foreign_origin';

/** Host names under which the playground is reached on this machine. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * @param listening - the server's own address (`http://host:port`), known once it listens.
 * @returns undefined when the request is the playground's own, else why it is not.
 */
export function refuseForeignRequest(
  request: IncomingMessage,
  listening: URL,
): OriginRefusal | undefined {
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/json\s*(;|$)/.test(contentType)) return 'not_json';
  const host = String(request.headers.host ?? '').toLowerCase();
  const names = new Set([...LOOPBACK_NAMES, listening.hostname.toLowerCase()]);
  const allowed = [...names].map((name) => `${name}:${listening.port}`);
  if (!allowed.includes(host)) return 'foreign_host';
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return 'foreign_origin';
  return undefined;
}
