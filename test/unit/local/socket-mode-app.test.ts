import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerMessage } from '../../../functions/core/ports';
import { JobRequests } from '../../../functions/core/requests/requests';
import { DEMO_CATALOG } from '../../../functions/local/demo-catalog';
import {
  type SocketModeConnection,
  startSocketMode,
} from '../../../functions/local/socket-mode-app';
import { MemoryJobStore } from '../../support/memory-job-store';

/**
 * The smallest Slack Socket Mode back end that Bolt's client accepts: `apps.connections.open` over
 * HTTP, then a WebSocket (RFC 6455 handshake, unmasked text frames out, masked frames in, pong for
 * ping, close for close) that says hello and delivers envelopes.
 */
class FakeSocketModeSlack {
  readonly received: unknown[] = [];
  readonly authorizations: string[] = [];
  private socket: Socket | undefined;
  private readonly server: Server;
  private pending = Buffer.alloc(0);
  url = '';

  constructor() {
    this.server = createServer((request, response) => {
      this.authorizations.push(String(request.headers.authorization));
      const answers: Record<string, object> = {
        '/api/apps.connections.open': { ok: true, url: `${this.url.replace('http', 'ws')}/link` },
        '/api/auth.test': {
          ok: true,
          user_id: 'U0SOCKBOT',
          bot_id: 'B0SOCKBOT',
          team_id: 'T0SOCKET',
        },
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(answers[request.url ?? ''] ?? { ok: false, error: 'unknown_method' }),
      );
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Socket) =>
      this.accept(request, socket),
    );
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  send(message: unknown): void {
    this.socket?.write(frame(1, Buffer.from(JSON.stringify(message))));
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(request: IncomingMessage, socket: Socket): void {
    const accept = createHash('sha1')
      .update(`${request.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => undefined);
    this.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0SOCKET' } });
  }

  private read(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    // Bounded: each pass consumes one whole frame or stops.
    for (let i = 0; i < 1000; i++) {
      const parsed = unframe(this.pending);
      if (!parsed) return;
      this.pending = this.pending.subarray(parsed.length);
      if (parsed.opcode === 1) this.received.push(JSON.parse(parsed.payload.toString('utf8')));
      if (parsed.opcode === 9) this.socket?.write(frame(10, parsed.payload));
      if (parsed.opcode === 8) {
        this.socket?.end(frame(8, parsed.payload));
        return;
      }
    }
  }
}

function frame(opcode: number, payload: Buffer): Buffer {
  const head =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, payload.length])
      : Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

function unframe(data: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (data.length < 2) return undefined;
  const opcode = (data[0] ?? 0) & 0x0f;
  const masked = ((data[1] ?? 0) & 0x80) !== 0;
  let length = (data[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const mask = masked ? data.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (mask)
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return { opcode, payload, length: offset + length };
}

const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => 'error' as never,
  setName: () => undefined,
};

describe('startSocketMode', () => {
  let slack: FakeSocketModeSlack;
  let connection: SocketModeConnection;
  const invoked: WorkerMessage[] = [];
  const store = new MemoryJobStore();

  beforeAll(async () => {
    slack = new FakeSocketModeSlack();
    await slack.listen();
    const requests = new JobRequests({
      store,
      invoker: {
        invoke: async (message) => {
          invoked.push(message);
        },
      },
      clock: { now: () => Date.now() },
      catalog: [...DEMO_CATALOG],
    });
    connection = await startSocketMode({
      appToken: 'xapp-1-socket-test',
      botToken: 'xoxb-socket-test',
      slackApiUrl: `${slack.url}/api/`,
      logger: silentLogger,
      requests,
    });
  });
  afterAll(async () => {
    await connection?.stop();
    await slack?.close();
  });

  it('runs /ats from a Socket Mode envelope through the ingress listener and acknowledges on the socket', async () => {
    // Prepare
    const envelope = {
      envelope_id: 'env-run-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      retry_attempt: 0,
      retry_reason: '',
      payload: {
        token: 'x',
        team_id: 'T0SOCKET',
        team_domain: 'socket',
        channel_id: 'C0SOCKET',
        channel_name: 'socket',
        user_id: 'U0SOCKET',
        user_name: 'socket',
        command: '/ats',
        text: 'run smoke',
        api_app_id: 'A0SOCKET',
        is_enterprise_install: 'false',
        response_url: `${slack.url}/response/1`,
        trigger_id: '1.2.socket-trigger',
      },
    };

    // Act
    slack.send(envelope);
    for (let i = 0; i < 100 && slack.received.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Assess
    expect(slack.authorizations).toContain('Bearer xapp-1-socket-test');
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]).toMatchObject({
      envelope_id: 'env-run-1',
      payload: { response_type: 'ephemeral' },
    });
    expect(JSON.stringify(slack.received[0])).toContain('Smoke test');
    expect(invoked).toHaveLength(1);
    expect(invoked[0]?.type).toBe('start');
    const job = await store.get(invoked[0]?.requestId ?? '');
    expect(job).toMatchObject({
      templateAlias: 'smoke',
      channelId: 'C0SOCKET',
      phase: 'requested',
    });
  });
});
