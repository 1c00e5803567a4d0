import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers the next request with. */
export type ScriptedAnswer =
  /** A complete answer. */
  | { kind: 'body'; status: number; contentType?: string; body: string | Buffer }
  /** Declares `declaredBytes` in Content-Length, sends `sentBytes`, then keeps the socket open. */
  | { kind: 'declare'; declaredBytes: number; sentBytes: number }
  /** Streams `bytes` of XML-looking text in chunks, without a Content-Length. */
  | { kind: 'stream'; bytes: number }
  /** Declares the whole body, sends its first `cutAt` bytes, then destroys the connection. */
  | { kind: 'cut'; body: string; cutAt: number }
  /** Reads the request and never answers. */
  | { kind: 'hang' };

/** A request as {@link ScriptedAtsServer.answerBy} sees it. */
export interface ScriptedRequest {
  operation: string;
  body: string;
}

/** A raw HTTP server playing ATS with whatever answer a test scripts. */
export interface ScriptedAtsServer {
  /** Base URL for the SOAP client, e.g. `http://127.0.0.1:PORT/ws/`. */
  baseUrl: string;
  /** Sets the answer of every following request. */
  answer(next: ScriptedAnswer): void;
  /**
   * Answers each following request with what `responder` returns for it: the operation (the last
   * part of its SOAPAction: `RunJob`, `GetTestRun`, `RerunNotPassed`) and its body.
   */
  answerBy(responder: (request: ScriptedRequest) => ScriptedAnswer): void;
  /** Requests received so far. */
  readonly received: number;
  close(): Promise<void>;
}

const STREAM_CHUNK = Buffer.from(`<x>${'A'.repeat(64 * 1024 - 7)}</x>`);

/**
 * Starts the server on 127.0.0.1 (a free port). Each request's body is read in full before the
 * scripted answer, as a SOAP server would. Close it in `afterAll`: open sockets are destroyed.
 */
export async function startScriptedAtsServer(): Promise<ScriptedAtsServer> {
  let next: (request: ScriptedRequest) => ScriptedAnswer = () => ({
    kind: 'body',
    status: 200,
    body: '',
  });
  let received = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received++;
      const action = String(req.headers.soapaction ?? '').replace(/"/g, '');
      const operation = action.slice(action.lastIndexOf('/') + 1);
      play(next({ operation, body: Buffer.concat(chunks).toString('utf8') }), res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/ws/`,
    answer(answer) {
      next = () => answer;
    },
    answerBy(responder) {
      next = responder;
    },
    get received() {
      return received;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function play(answer: ScriptedAnswer, res: ServerResponse): void {
  switch (answer.kind) {
    case 'body':
      res.writeHead(answer.status, {
        'content-type': answer.contentType ?? 'text/xml; charset=utf-8',
        'content-length': Buffer.byteLength(answer.body),
      });
      res.end(answer.body);
      return;
    case 'declare':
      res.writeHead(200, {
        'content-type': 'text/xml; charset=utf-8',
        'content-length': answer.declaredBytes,
      });
      res.write(Buffer.alloc(answer.sentBytes, 0x20));
      return;
    case 'stream': {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      let left = answer.bytes;
      const pump = () => {
        // Bounded by `bytes`; stops early when the client hangs up.
        while (left > 0 && !res.destroyed) {
          const piece = left >= STREAM_CHUNK.length ? STREAM_CHUNK : STREAM_CHUNK.subarray(0, left);
          left -= piece.length;
          if (!res.write(piece)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      res.on('close', () => {
        left = 0;
      });
      pump();
      return;
    }
    case 'cut': {
      const body = Buffer.from(answer.body);
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length });
      res.write(body.subarray(0, Math.min(answer.cutAt, body.length - 1)), () => res.destroy());
      return;
    }
    case 'hang':
      return;
  }
}
