import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FunctionUrlResult,
  toFunctionUrlEvent,
  writeFunctionUrlResult,
} from '../../../functions/local/function-url-event';

describe('toFunctionUrlEvent', () => {
  it('builds a payload 2.0 event with lower-cased headers and the form body as text', () => {
    // Prepare
    const body = 'command=%2Fats&text=run+smoke';
    const now = new Date(Date.UTC(2020, 2, 12, 19, 3, 58));

    // Act
    const event = toFunctionUrlEvent(
      {
        method: 'post',
        url: '/slack/events?retry=1&retry=2',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Slack-Signature': 'v0=abc',
          'x-forwarded-for': ['10.0.0.1', '10.0.0.2'] as unknown as string,
          cookie: 'a=1; b=2',
        },
        body: Buffer.from(body),
        sourceIp: '127.0.0.1',
        host: 'localhost:3000',
      },
      now,
    );

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/slack/events',
      rawQueryString: 'retry=1&retry=2',
      queryStringParameters: { retry: '1,2' },
      cookies: ['a=1', 'b=2'],
      body,
      isBase64Encoded: false,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-signature': 'v0=abc',
        'x-forwarded-for': '10.0.0.1,10.0.0.2',
      },
      requestContext: {
        http: { method: 'POST', path: '/slack/events', sourceIp: '127.0.0.1' },
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: now.getTime(),
        domainName: 'localhost:3000',
      },
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('base64-encodes a binary body and leaves out an empty one', () => {
    // Prepare
    const bytes = Buffer.from([0, 1, 2, 255]);

    // Act
    const binary = toFunctionUrlEvent({
      method: 'POST',
      url: '/upload',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const empty = toFunctionUrlEvent({
      method: 'GET',
      url: '/health',
      headers: {},
      body: Buffer.alloc(0),
    });

    // Assess
    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body ?? '', 'base64')).toEqual(bytes);
    expect(empty.body).toBeUndefined();
    expect(empty.isBase64Encoded).toBe(false);
    expect(empty.queryStringParameters).toBeUndefined();
  });
});

describe('writeFunctionUrlResult', () => {
  let server: Server;
  let baseUrl: string;
  let nextResult: FunctionUrlResult;

  beforeAll(async () => {
    server = createServer((_req, res) => writeFunctionUrlResult(res, nextResult));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('writes a structured result: status, headers, cookies and a base64 body decoded', async () => {
    // Prepare
    nextResult = {
      statusCode: 401,
      headers: { 'x-test': 'yes' },
      cookies: ['s=1'],
      body: Buffer.from('refused').toString('base64'),
      isBase64Encoded: true,
    };

    // Act
    const response = await fetch(baseUrl);

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.get('x-test')).toBe('yes');
    expect(response.headers.get('set-cookie')).toBe('s=1');
    expect(await response.text()).toBe('refused');
  });

  it('sends any other value as 200 JSON, like a Function URL', async () => {
    // Prepare
    nextResult = { ok: true };

    // Act
    const response = await fetch(baseUrl);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ ok: true });
  });
});
