import type { IncomingMessage } from 'node:http';
import { ConfigError, parseSecretsOf } from '../config';
import type { SecretsOf } from '../env';
import type { SecretHolder } from '../setting-spec';

/**
 * Where the AWS Parameters and Secrets Lambda Extension listens: its own setting, which the stack
 * sets together with the layer (CDK's `paramsAndSecrets`).
 */
export const SECRETS_EXTENSION_PORT_VARIABLE = 'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT';
const DEFAULT_EXTENSION_PORT = 2773;

/** Options of {@link createSecretsLoader}. */
export interface SecretsLoaderOptions {
  /**
   * Base URL of the extension; `http://localhost:<PARAMETERS_SECRETS_EXTENSION_HTTP_PORT or
   * 2773>` by default, a local stand-in in tests.
   */
  endpoint?: string;
  /** Token the extension requires; the function's `AWS_SESSION_TOKEN` by default. */
  sessionToken?: string;
  /** How long a read value is reused before the extension is asked again (default 300 s). */
  maxAgeSeconds?: number;
  /** Per-request timeout in ms (default 3,000: the extension itself may call Secrets Manager). */
  timeoutMs?: number;
  /** Pause before retrying a refused connection (extension still starting), in ms (default 50). */
  retryDelayMs?: number;
}

/** The secret could not be read at all (missing, access denied, extension absent, network). */
export class SecretsUnavailableError extends Error {
  /** Machine-readable error code. */
  readonly code = 'SECRETS_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretsUnavailableError';
  }
}

const DEFAULT_MAX_AGE_SECONDS = 300;
// A refused connection means the extension is not listening yet (or not attached): a few short
// retries cover the first, and the last error names the layer for the second.
const CONNECT_ATTEMPTS = 3;
// Enough for any error text the extension relays; a secret is never in one.
const MAX_ERROR_TEXT = 300;

/**
 * Returns a function that reads one function's own JSON secret (`holder`: the ingress's or the
 * worker's, each holding only what that function needs) through the AWS Parameters and Secrets
 * Lambda Extension (a local HTTP endpoint, so no Secrets Manager SDK client is loaded at cold
 * start), keeps it for `maxAgeSeconds` so warm invocations make no call, and validates it.
 *
 * A secret that fails validation is not kept, so filling it in takes effect on the next
 * invocation instead of after the cache expires (the stack turns the extension's own cache off
 * for the same reason).
 *
 * The returned function throws:
 * - ConfigError (`CONFIG_INVALID`) when the value is not a JSON object, a required key is
 *   missing, empty or still `REPLACE_ME`; the message names keys, never values;
 * - SecretsUnavailableError (`SECRETS_UNAVAILABLE`) when the secret cannot be read.
 */
export function createSecretsLoader<H extends SecretHolder>(
  secretArn: string,
  holder: H,
  opts: SecretsLoaderOptions = {},
): () => Promise<SecretsOf<H>> {
  const maxAgeMs = (opts.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1_000;
  const source = `secret ${secretArn}`;
  const endpoint = opts.endpoint ?? defaultEndpoint();
  const url = new URL(`/secretsmanager/get?secretId=${encodeURIComponent(secretArn)}`, endpoint);
  let cached: { secrets: SecretsOf<H>; at: number } | undefined;

  return async () => {
    if (cached && Date.now() - cached.at < maxAgeMs) return cached.secrets;
    const token = opts.sessionToken ?? process.env.AWS_SESSION_TOKEN ?? '';
    const answer = await readWithRetries(url, token, opts, source);
    if (answer.status !== 200) {
      throw new SecretsUnavailableError(
        `Cannot read ${source}: the Parameters and Secrets extension answered HTTP ${answer.status}${
          answer.body ? `: ${answer.body.slice(0, MAX_ERROR_TEXT).trim()}` : ''
        }`,
      );
    }
    const secrets = parseSecretsOf(holder, secretValueOf(answer.body, source), source);
    cached = { secrets, at: Date.now() };
    return secrets;
  };
}

function defaultEndpoint(): string {
  const port = Number(process.env[SECRETS_EXTENSION_PORT_VARIABLE] ?? DEFAULT_EXTENSION_PORT);
  return `http://localhost:${Number.isInteger(port) && port > 0 ? port : DEFAULT_EXTENSION_PORT}`;
}

/**
 * The secret's value from the extension's answer (Secrets Manager's GetSecretValue output).
 * Parse failures never quote the text: it is the secret.
 */
function secretValueOf(body: string, source: string): unknown {
  const where = `secrets from ${source}`;
  let output: unknown;
  try {
    output = JSON.parse(body);
  } catch {
    throw new SecretsUnavailableError(`Cannot read ${source}: the extension's answer is not JSON`);
  }
  const secretString = (output as { SecretString?: unknown } | null)?.SecretString;
  if (typeof secretString !== 'string') {
    throw new ConfigError(['the secret has no text value (binary secrets are not read)'], where);
  }
  try {
    return JSON.parse(secretString);
  } catch {
    throw new ConfigError(['the value is not a JSON object'], where);
  }
}

interface ExtensionAnswer {
  status: number;
  body: string;
}

async function readWithRetries(
  url: URL,
  token: string,
  opts: SecretsLoaderOptions,
  source: string,
): Promise<ExtensionAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await get(url, token, opts.timeoutMs ?? 3_000);
    } catch (error) {
      const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      if (refused && attempt < CONNECT_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, (opts.retryDelayMs ?? 50) * attempt));
        continue;
      }
      const reason = refused
        ? `nothing listens on ${url.host}; is the AWS Parameters and Secrets Lambda Extension layer attached?`
        : error instanceof Error
          ? error.message
          : String(error);
      throw new SecretsUnavailableError(`Cannot read ${source}: ${reason}`, { cause: error });
    }
  }
}

function get(url: URL, token: string, timeoutMs: number): Promise<ExtensionAnswer> {
  // Not an `import` of node:http: in the ESM bundles Node would build that module's namespace at
  // load, reading its lazy WebSocket getters, which load undici: about 35 ms of every cold start
  // for nothing (`npm run bench:slack`). The CommonJS object reads no getter.
  const { request } = process.getBuiltinModule('node:http');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { 'X-Aws-Parameters-Secrets-Token': token }, timeout: timeoutMs },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
