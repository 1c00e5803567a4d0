import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { SETTINGS } from '../settings';
import {
  type FunctionUrlResult,
  toFunctionUrlEvent,
  writeFunctionUrlResult,
} from './function-url-event';
import { localLambdaContext } from './lambda-context';
import { LocalModeError } from './local-mode-error';
import { readBodyUpTo } from './request-body';

/** The ingress Lambda handler, exactly as deployed behind the Function URL. */
export type IngressHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<FunctionUrlResult>;

/** Extra routes (the playground) tried after the server's own. */
export interface ExtraRoutes {
  /** Resolves true when it answered the request. */
  handle(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<boolean>;
}

/** What the local server serves. */
export interface LocalServerOptions {
  /** 0: any free port. */
  port: number;
  /** Default 127.0.0.1: local mode is for this machine (a tunnel reaches it there too). */
  host?: string;
  /** Set when Slack reaches the bot over HTTP; absent in Socket Mode (then 404 on /slack/events). */
  ingress?: IngressHandler;
  routes?: ExtraRoutes;
  /** `GET /health` answers 200 only once this is true. */
  isReady: () => boolean;
  /** Told about a request the server could not answer normally. */
  onError?: (error: unknown) => void;
}

/** The local HTTP server, listening. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  server: Server;
  /** Stops listening and drops open connections (event streams included). */
  close(): Promise<void>;
}

/** Slack never sends more; anything bigger is not from Slack. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Starts the HTTP server of local mode: `POST /slack/events` turns the request into a Lambda
 * Function URL event and runs the same ingress handler as on AWS (signature checks included);
 * `GET /health` answers `{ "status": "ok" }` once ready (503 before); anything else goes to
 * `routes` (the playground), then 404.
 *
 * @throws LocalModeError `LOCAL_SERVER_FAILED` when the port cannot be bound (in use, no rights).
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const host = options.host ?? SETTINGS.host.default;
  const server = createServer((request, response) => {
    void serve(options, request, response).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
      }
      response.end(JSON.stringify({ error: 'internal error' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new LocalModeError(
          'LOCAL_SERVER_FAILED',
          `PORT: cannot listen on ${host}:${options.port}: ${(cause as Error).message}`,
          { cause },
        ),
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${reachableName(host)}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  options: LocalServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  if (method === 'GET' && pathname === '/health') {
    const ready = options.isReady();
    response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
    return;
  }
  const body = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (body === undefined) {
    response.writeHead(413, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'request body too large' }));
    return;
  }
  if (pathname === '/slack/events' && options.ingress) {
    if (method !== 'POST') {
      response.writeHead(405, { allow: 'POST' });
      response.end();
      return;
    }
    const event = toFunctionUrlEvent({
      method,
      url: request.url ?? '/',
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, ''),
      host: request.headers.host,
    });
    const result = await options.ingress(event, localLambdaContext('ats-bot-slack-events'));
    writeFunctionUrlResult(response, result);
    return;
  }
  if (options.routes && (await options.routes.handle(request, response, body))) return;
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: `no route for ${method} ${pathname}` }));
}

/**
 * The name this process reaches the server under: the listen address itself, except that "all
 * interfaces" (`0.0.0.0`, `::`) is reached on loopback; IPv6 addresses in brackets.
 */
function reachableName(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
