import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECRETS_EXTENSION_PORT_VARIABLE } from '../../functions/aws/secrets';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../functions/local/embedded-dynamo';
import { startSecretsExtensionStandIn } from './secrets-extension-stand-in';

/**
 * The AWS endpoints the two functions call, on 127.0.0.1, for code that runs in another process
 * with the real SDK clients (the bundled ingress and worker in the infra tests, the ingress in
 * `npm run bench:slack`): DynamoDB is dynalite with the jobs table; the Parameters and Secrets
 * Lambda Extension answers `/secretsmanager/get` with one JSON secret (and 401 without the
 * session token, as the extension does); Lambda accepts asynchronous `Invoke` calls (202) and
 * counts them; EventBridge Scheduler accepts `CreateSchedule` and records each schedule. The SDK
 * is pointed at them through its `AWS_ENDPOINT_URL_<SERVICE>` variables and the secrets reader
 * through the extension's port variable, see {@link AwsHttpStandIns.environment}.
 */
export interface AwsHttpStandIns {
  /** Environment for the SDK clients: endpoints, region, fake credentials, table name. */
  environment: Record<string, string>;
  /** Asynchronous invocations accepted so far, per function name. */
  invocations: Map<string, number>;
  /** Schedules created so far: group/name and the request body (target, time expression). */
  schedules: { group: string; name: string; input: Record<string, unknown> }[];
  /** Secret reads answered so far. */
  secretReads(): number;
  /** The DynamoDB stand-in, to look at what was written. */
  dynamo: EmbeddedDynamo;
  /** Stops the servers. */
  close(): Promise<void>;
}

/** What {@link startAwsHttpStandIns} serves. */
export interface AwsHttpStandInsOptions {
  /** The secret's JSON value, returned for any secret id. */
  secret: Record<string, string>;
}

/**
 * Starts the stand-ins (ports chosen by the OS).
 * @throws whatever dynalite or `listen` throws when a server cannot start.
 */
export async function startAwsHttpStandIns(
  options: AwsHttpStandInsOptions,
): Promise<AwsHttpStandIns> {
  const dynamo: EmbeddedDynamo = await startEmbeddedDynamo({ tableName: 'bench-jobs' });
  const invocations = new Map<string, number>();

  const secrets = await startSecretsExtensionStandIn(SESSION_TOKEN, {
    secretString: JSON.stringify(options.secret),
  });
  const lambda = await listen((request, response) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
    if (!match?.[1] || request.headers['x-amz-invocation-type'] !== 'Event') {
      return answer(response, 400, { Type: 'User', message: 'only asynchronous invokes' });
    }
    const name = decodeURIComponent(match[1]);
    invocations.set(name, (invocations.get(name) ?? 0) + 1);
    response.writeHead(202).end();
  });
  const schedules: AwsHttpStandIns['schedules'] = [];
  const scheduler = await listen((request, response, body) => {
    const match = /^\/schedules\/([^/?]+)/.exec(request.url ?? '');
    if (!match?.[1] || request.method !== 'POST') {
      return answer(response, 400, { message: 'only CreateSchedule' });
    }
    const input = JSON.parse(body || '{}') as Record<string, unknown>;
    const name = decodeURIComponent(match[1]);
    const group = String(input.GroupName ?? 'default');
    schedules.push({ group, name, input });
    answer(response, 200, {
      ScheduleArn: `arn:aws:scheduler:eu-west-1:123456789012:schedule/${group}/${name}`,
    });
  });

  return {
    environment: {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'ASIABENCH',
      AWS_SECRET_ACCESS_KEY: 'bench-secret-key',
      AWS_SESSION_TOKEN: SESSION_TOKEN,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      [SECRETS_EXTENSION_PORT_VARIABLE]: String(secrets.port),
      AWS_ENDPOINT_URL_LAMBDA: urlOf(lambda),
      AWS_ENDPOINT_URL_SCHEDULER: urlOf(scheduler),
      JOBS_TABLE_NAME: dynamo.tableName,
      QUOTAS_TABLE_NAME: dynamo.quotasTableName,
    },
    invocations,
    schedules,
    secretReads: () => secrets.requests.length,
    dynamo,
    close: async () => {
      await Promise.all([secrets.close(), close(lambda), close(scheduler)]);
      await dynamo.close();
    },
  };
}

const SESSION_TOKEN = 'bench-session-token';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

async function listen(handler: Handler): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
    .end(JSON.stringify(body));
}

function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
