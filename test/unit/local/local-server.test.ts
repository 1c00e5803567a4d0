import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../../functions/local/demo-catalog';
import { type LocalServer, startLocalServer } from '../../../functions/local/local-server';
import { Playground } from '../../../functions/local/playground/routes';
import { PLAYGROUND_WORKSPACE } from '../../../functions/local/playground/workspace';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';

const SECRET = 'local-test-signing-secret';

/** An ingress stand-in that checks Slack's signature the way Bolt does and records what came. */
function recordingIngress(events: APIGatewayProxyEventV2[]) {
  return async (event: APIGatewayProxyEventV2) => {
    events.push(event);
    const timestamp = event.headers['x-slack-request-timestamp'] ?? '';
    const expected = `v0=${createHmac('sha256', SECRET)
      .update(`v0:${timestamp}:${event.body ?? ''}`)
      .digest('hex')}`;
    if (event.headers['x-slack-signature'] !== expected) return { statusCode: 401, body: '' };
    const form = new URLSearchParams(event.body ?? '');
    if (form.get('command')) {
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `Got \`${form.get('text')}\`` }),
      };
    }
    return { statusCode: 200, body: '' };
  };
}

describe('local server with the playground', () => {
  let slack: SlackApiServer;
  let server: LocalServer;
  let playground: Playground;
  let ready = false;
  const events: APIGatewayProxyEventV2[] = [];

  beforeAll(async () => {
    slack = await startSlackApiServer();
    playground = new Playground({
      slack,
      signingSecret: SECRET,
      eventsUrl: () => `${server.url}/slack/events`,
      catalog: DEMO_CATALOG,
    });
    server = await startLocalServer({
      port: 0,
      ingress: recordingIngress(events),
      routes: playground,
      isReady: () => ready,
    });
  });
  afterAll(async () => {
    playground.close();
    await server.close();
    await slack.close();
  });

  async function postJson(path: string, body: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /** A raw POST with every header under the test's control (fetch fixes Host and Origin). */
  function rawPost(
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path, method: 'POST', headers },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function postBotMessage(blocks: unknown[], threadTs?: string): Promise<string> {
    const response = await fetch(`${slack.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: PLAYGROUND_WORKSPACE.channel.id,
        text: 'Smoke test: failed',
        blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    });
    return ((await response.json()) as { ts: string }).ts;
  }

  it('answers /health with 503 until ready, then 200', async () => {
    // Act
    const before = await fetch(`${server.url}/health`);
    ready = true;
    const after = await fetch(`${server.url}/health`);

    // Assess
    expect(before.status).toBe(503);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: 'ok' });
  });

  it('serves the playground page and its scripts, and nothing outside them', async () => {
    // Act
    const page = await fetch(`${server.url}/`);
    const script = await fetch(`${server.url}/playground/block-kit.js`);
    const traversal = await fetch(`${server.url}/playground/..%2Flocal-config.ts`);
    const unknown = await fetch(`${server.url}/nowhere`);

    // Assess
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('ats-playground');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('export function messageToHtml');
    expect(traversal.status).toBe(404);
    expect(unknown.status).toBe(404);
  });

  it('sends a typed command as a signed Slack slash command and shows the acknowledgement to its sender only', async () => {
    // Prepare
    events.length = 0;

    // Act
    const { status, json } = await postJson('/playground/command', {
      text: '/ats run smoke',
      userId: 'U0BOB00001',
    });

    // Assess
    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, status: 200 });
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.rawPath).toBe('/slack/events');
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.isBase64Encoded).toBe(false);
    const form = new URLSearchParams(event.body);
    expect([...form.keys()]).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'api_app_id',
      'is_enterprise_install',
      'response_url',
      'trigger_id',
    ]);
    expect(form.get('command')).toBe('/ats');
    expect(form.get('text')).toBe('run smoke');
    expect(form.get('user_id')).toBe('U0BOB00001');
    expect(form.get('channel_id')).toBe(PLAYGROUND_WORKSPACE.channel.id);
    expect(form.get('response_url')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\//);
    const acknowledgement = slack.messages().find((m) => m.text === 'Got `run smoke`');
    expect(acknowledgement).toMatchObject({ ephemeralFor: 'U0BOB00001', via: 'response_url' });
  });

  it('refuses other slash commands without bothering the bot', async () => {
    // Prepare
    events.length = 0;

    // Act
    const { status, json } = await postJson('/playground/command', { text: '/giphy cats' });

    // Assess
    expect(status).toBe(400);
    expect(String(json.error)).toContain('/giphy is not a valid command');
    expect(events).toHaveLength(0);
  });

  it('sends a click as a signed block_actions payload built from the stored message', async () => {
    // Prepare
    events.length = 0;
    const parentTs = await postBotMessage([
      { type: 'section', text: { type: 'mrkdwn', text: 'card' } },
    ]);
    const ts = await postBotMessage(
      [
        { type: 'section', text: { type: 'mrkdwn', text: '*Failed*' } },
        {
          type: 'actions',
          block_id: 'outcome-actions',
          elements: [
            {
              type: 'button',
              action_id: 'rerun_not_passed',
              value: 'req-42',
              style: 'primary',
              text: { type: 'plain_text', text: 'Rerun not passed' },
            },
          ],
        },
      ],
      parentTs,
    );

    // Act
    const { status, json } = await postJson('/playground/action', {
      ts,
      actionId: 'rerun_not_passed',
      blockId: 'outcome-actions',
      userId: 'U0ALICE001',
    });

    // Assess
    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true });
    expect(events).toHaveLength(1);
    const payload = JSON.parse(new URLSearchParams(events[0]!.body).get('payload') ?? '{}');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ALICE001', username: 'alice' },
      channel: { id: PLAYGROUND_WORKSPACE.channel.id },
      container: { type: 'message', message_ts: ts, thread_ts: parentTs },
      message: { ts, thread_ts: parentTs, text: 'Smoke test: failed' },
      actions: [
        {
          type: 'button',
          action_id: 'rerun_not_passed',
          block_id: 'outcome-actions',
          value: 'req-42',
          text: { type: 'plain_text', text: 'Rerun not passed' },
        },
      ],
    });
    expect(payload.message.blocks).toHaveLength(2);
    expect(payload.response_url).toMatch(/\/response\//);
  });

  it('sends a click on a button the message no longer has to the bot, as Slack does', async () => {
    // Prepare: the page still shows the rerun button; the bot has replaced it meanwhile.
    events.length = 0;
    const ts = await postBotMessage([
      { type: 'section', text: { type: 'mrkdwn', text: 'Rerun started by <@U0BOB00001>.' } },
    ]);

    // Act
    const stale = await postJson('/playground/action', {
      ts,
      actionId: 'rerun_not_passed',
      blockId: 'outcome-actions',
      value: 'req-42',
      text: 'Rerun not passed',
      style: 'primary',
    });

    // Assess
    expect(stale.status).toBe(200);
    expect(events).toHaveLength(1);
    const payload = JSON.parse(new URLSearchParams(events[0]!.body).get('payload') ?? '{}');
    expect(payload).toMatchObject({
      type: 'block_actions',
      message: { ts },
      actions: [{ action_id: 'rerun_not_passed', block_id: 'outcome-actions', value: 'req-42' }],
    });
  });

  it('answers 404 for a click on a message that does not exist or that names no button', async () => {
    // Prepare
    events.length = 0;
    const ts = await postBotMessage([
      { type: 'section', text: { type: 'mrkdwn', text: 'no buttons' } },
    ]);

    // Act
    const noButton = await postJson('/playground/action', { ts });
    const missingMessage = await postJson('/playground/action', { ts: '1.2', actionId: 'x' });

    // Assess
    expect(noButton.status).toBe(404);
    expect(missingMessage.status).toBe(404);
    expect(events).toHaveLength(0);
  });

  it('pushes the channel to the page live over server-sent events', async () => {
    // Prepare
    const controller = new AbortController();
    const response = await fetch(`${server.url}/playground/events`, { signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (needle: string) => {
      for (let i = 0; i < 50 && !received.includes(needle); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    };
    await readUntil('\n\n');

    // Act
    await postBotMessage([
      { type: 'section', text: { type: 'mrkdwn', text: 'live-update-marker' } },
    ]);
    await readUntil('live-update-marker');
    controller.abort();

    // Assess
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(received.startsWith('event: state\ndata: {')).toBe(true);
    expect(received).toContain('live-update-marker');
  });

  it('serves the state with the workspace, the templates and the messages in order', async () => {
    // Act
    const state = (await (await fetch(`${server.url}/playground/state`)).json()) as {
      workspace: { channel: { id: string } };
      templates: Array<{ alias: string }>;
      messages: Array<{ ts: string; seenAt: number }>;
    };

    // Assess
    expect(state.workspace.channel.id).toBe(PLAYGROUND_WORKSPACE.channel.id);
    expect(state.templates.map((t) => t.alias)).toContain('smoke');
    const order = state.messages.map((m) => Number(m.ts));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(state.messages.every((m) => typeof m.seenAt === 'number')).toBe(true);
  });

  it('refuses GET on /slack/events and bodies over 1 MB', async () => {
    // Act
    const get = await fetch(`${server.url}/slack/events`);
    const large = await fetch(`${server.url}/slack/events`, {
      method: 'POST',
      body: 'x'.repeat(1024 * 1024 + 1),
    });

    // Assess
    expect(get.status).toBe(405);
    expect(large.status).toBe(413);
  });
  describe('only the playground page may drive the bot', () => {
    it('refuses a cross-site text/plain POST to /playground/command and runs nothing', async () => {
      // Prepare: what a form on another site can send without a CORS preflight.
      const before = events.length;
      const host = new URL(server.url).host;

      // Act
      const answer = await rawPost('/playground/command', '{"text":"run smoke"}', {
        'content-type': 'text/plain',
        host,
        origin: 'https://evil.example',
      });

      // Assess
      expect(answer.status).toBe(415);
      expect(events.length).toBe(before);
    });

    it('refuses JSON from another origin and a rebound host name', async () => {
      // Prepare
      const before = events.length;
      const host = new URL(server.url).host;
      const port = new URL(server.url).port;
      const body = JSON.stringify({ text: 'run smoke' });

      // Act
      const foreignOrigin = await rawPost('/playground/command', body, {
        'content-type': 'application/json',
        host,
        origin: 'https://evil.example',
      });
      const rebound = await rawPost('/playground/action', body, {
        'content-type': 'application/json',
        host: `evil.example:${port}`,
        origin: `http://evil.example:${port}`,
      });

      // Assess
      expect(foreignOrigin.status).toBe(403);
      expect(rebound.status).toBe(403);
      expect(events.length).toBe(before);
    });

    it("accepts the page's own JSON under localhost with its origin", async () => {
      // Prepare
      ready = true;
      const before = events.length;
      const port = new URL(server.url).port;

      // Act
      const answer = await rawPost('/playground/command', JSON.stringify({ text: 'help' }), {
        'content-type': 'application/json; charset=utf-8',
        host: `localhost:${port}`,
        origin: `http://localhost:${port}`,
      });

      // Assess
      expect(answer.status).toBe(200);
      expect(events.length).toBe(before + 1);
    });
  });
});

describe('local server listen address', () => {
  it.each([
    ['127.0.0.2', 'http://127.0.0.2:'],
    ['0.0.0.0', 'http://127.0.0.1:'],
    ['::1', 'http://[::1]:'],
  ])('listens on HOST=%s and is reached at %s…', async (host, prefix) => {
    // Prepare
    const server = await startLocalServer({ port: 0, host, isReady: () => true });

    // Act
    const health = await fetch(`${server.url}/health`).finally(() => server.close());

    // Assess
    expect(server.url.startsWith(prefix)).toBe(true);
    expect(health.status).toBeLessThan(500);
  });
});
