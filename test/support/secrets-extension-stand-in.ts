import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the stand-in: the secret's text (200), or an error status and body. */
export type ExtensionAnswer = { secretString: string } | { status: number; body: string };

/** A request the stand-in received. */
export interface ExtensionRequest {
  path: string;
  secretId: string | null;
  headers: IncomingHttpHeaders;
}

/**
 * The AWS Parameters and Secrets Lambda Extension's HTTP API on 127.0.0.1: `GET
 * /secretsmanager/get?secretId=…` with the `X-Aws-Parameters-Secrets-Token` header answers
 * Secrets Manager's GetSecretValue output as JSON; without the right token it answers 401, as
 * the extension does.
 */
export interface SecretsExtensionStandIn {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Every request, in order. */
  requests: ExtensionRequest[];
  /** Sets what the next requests get: each answer once, the last one from then on. */
  answer(...answers: ExtensionAnswer[]): void;
  close(): Promise<void>;
}

/**
 * Starts the stand-in on 127.0.0.1 (port chosen by the OS).
 * @param sessionToken the token requests must carry.
 */
export async function startSecretsExtensionStandIn(
  sessionToken: string,
  first: ExtensionAnswer = { status: 500, body: 'no answer configured' },
): Promise<SecretsExtensionStandIn> {
  let answers: ExtensionAnswer[] = [first];
  const requests: ExtensionRequest[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const secretId = url.searchParams.get('secretId');
    requests.push({ path: url.pathname, secretId, headers: request.headers });
    if (request.headers['x-aws-parameters-secrets-token'] !== sessionToken) {
      response.writeHead(401).end('missing or wrong X-Aws-Parameters-Secrets-Token');
      return;
    }
    if (request.method !== 'GET' || url.pathname !== '/secretsmanager/get' || !secretId) {
      response.writeHead(400).end('unsupported request');
      return;
    }
    const next = (answers.length > 1 ? answers.shift() : answers[0]) as ExtensionAnswer;
    if ('status' in next) {
      response.writeHead(next.status).end(next.body);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        ARN: secretId,
        Name: secretId.split(':').at(-1),
        SecretString: next.secretString,
        VersionId: 'v1',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: '2026-01-01T00:00:00Z',
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    answer: (...next) => {
      answers = next;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
