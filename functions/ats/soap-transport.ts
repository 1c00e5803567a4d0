import type { ClientRequest, IncomingMessage } from 'node:http';
import type { AtsError } from '../core/errors';
import type { AtsOperation } from './cicd-api';
import { AtsBadResponseError, AtsConnectionError, AtsTimeoutError } from './errors';

/** What came back: the status and the whole body as text. */
export interface SoapExchange {
  status: number;
  body: string;
}

/** How to post one envelope. */
export interface SoapPostOptions {
  operation: AtsOperation;
  soapAction: string;
  /** Whole exchange: connect, send, and read the full answer. */
  timeoutMs: number;
  /** Larger answers are refused as soon as they are known to be larger. */
  maxResponseBytes: number;
}

/**
 * POSTs a SOAP envelope and reads the whole answer, whatever its status. Each call uses a fresh
 * connection (no keep-alive): a pooled socket that went stale while a Lambda was frozen would
 * otherwise fail as "reset after sending" and make a RunJob look as if it might have started.
 *
 * @throws AtsTimeoutError when the exchange takes longer than `timeoutMs`; AtsConnectionError
 *   when the connection fails (`outcomeUnknown` once the request was fully sent);
 *   AtsBadResponseError (`too_large`) when the answer exceeds `maxResponseBytes`.
 */
export function postSoap(
  url: URL,
  envelope: string,
  options: SoapPostOptions,
): Promise<SoapExchange> {
  const { operation, timeoutMs, maxResponseBytes } = options;
  const payload = Buffer.from(envelope, 'utf8');
  // From the CommonJS modules, not `import`: in the ESM bundle Node would build node:http's
  // namespace at load, reading its lazy WebSocket getters, which load undici (~35 ms of every cold
  // start; `npm run bench:slack`).
  const send =
    url.protocol === 'https:'
      ? process.getBuiltinModule('node:https').request
      : process.getBuiltinModule('node:http').request;
  return new Promise<SoapExchange>((resolve, reject) => {
    let settled = false;
    let requestSent = false;
    let timer: NodeJS.Timeout | undefined;
    let req: ClientRequest | undefined;

    const fail = (error: AtsError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      reject(error);
    };
    const broken = (error: NodeJS.ErrnoException, sent: boolean) =>
      fail(
        new AtsConnectionError(operation, url.host, error.code ?? 'ECONNRESET', sent, {
          cause: error,
        }),
      );

    const onResponse = (res: IncomingMessage) => {
      const declared = Number(res.headers['content-length']);
      if (declared > maxResponseBytes) {
        fail(new AtsBadResponseError(operation, 'too_large', `${declared} bytes declared`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) {
          // Drop what was read at once: the response object (and so this closure) may outlive
          // the failure until its socket is closed, and must not hold up to the cap meanwhile.
          chunks.length = 0;
          res.destroy();
          fail(new AtsBadResponseError(operation, 'too_large', `over ${maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error: NodeJS.ErrnoException) => broken(error, true));
      res.on('close', () => {
        if (!res.complete)
          broken(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' }), true);
      });
    };

    req = send(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          'Content-Length': payload.length,
          SOAPAction: options.soapAction,
          Accept: 'text/xml',
        },
      },
      onResponse,
    );
    // 'finish' fires once the whole request is handed to the socket: from then on ATS may act.
    req.on('finish', () => {
      requestSent = true;
    });
    req.on('error', (error: NodeJS.ErrnoException) => broken(error, requestSent));
    timer = setTimeout(() => fail(new AtsTimeoutError(operation, timeoutMs)), timeoutMs);
    req.end(payload);
  });
}
