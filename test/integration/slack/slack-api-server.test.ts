import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SlackApiServer,
  type SlackFault,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';

const TOKEN = 'xoxb-test-token';

/** Raw POST to a Web API method, for what WebClient would not send. */
async function post(
  server: SlackApiServer,
  method: string,
  body: string,
  headers: Record<string, string>,
) {
  const response = await fetch(`${server.url}${method}`, { method: 'POST', body, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('local Slack Web API server', () => {
  let server: SlackApiServer;
  let client: WebClient;
  let faults: ((call: { method: string; seq: number }) => SlackFault | undefined) | undefined;

  beforeAll(async () => {
    server = await startSlackApiServer({
      notInChannel: ['C0NOBOT'],
      userGroups: { S0QA: ['U0ALICE', 'U0BOB'] },
      faultInjector: (call) => faults?.(call),
    });
    client = new WebClient(TOKEN, { slackApiUrl: server.url, retryConfig: { retries: 0 } });
  });

  afterAll(async () => {
    await server.close();
  });

  it('posts messages with unique increasing timestamps and keeps threads', async () => {
    // Prepare
    const channel = 'C0POSTS';

    // Act
    const parent = await client.chat.postMessage({ channel, text: 'card' });
    const reply = await client.chat.postMessage({
      channel,
      text: 'result',
      thread_ts: parent.ts!,
      reply_broadcast: true,
    });

    // Assess
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));
    expect(server.messages({ channel, thread_ts: parent.ts! })).toEqual([
      expect.objectContaining({ text: 'result', thread_ts: parent.ts, reply_broadcast: true }),
    ]);
    expect(server.messages({ channel })).toHaveLength(2);
  });

  it('applies updates and counts them', async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: 'C0UPDATES', text: 'Queued' });

    // Act
    await client.chat.update({ channel: 'C0UPDATES', ts: posted.ts!, text: 'Running' });
    await client.chat.update({ channel: 'C0UPDATES', ts: posted.ts!, text: 'Done' });

    // Assess
    expect(server.messages({ channel: 'C0UPDATES' })).toEqual([
      expect.objectContaining({ ts: posted.ts, text: 'Done', edited: 2 }),
    ]);
  });

  it('answers like Slack for channels the bot is not in, malformed ids and unknown messages', async () => {
    // Prepare / Act
    const results = await Promise.allSettled([
      client.chat.postMessage({ channel: 'C0NOBOT', text: 'x' }),
      client.chat.postEphemeral({ channel: 'C0NOBOT', user: 'U0ALICE', text: 'x' }),
      client.chat.postMessage({ channel: 'general', text: 'x' }),
      client.chat.update({ channel: 'C0UPDATES', ts: '1.000000', text: 'x' }),
      client.apiCall('admin.users.list'),
    ]);

    // Assess
    const errors = results.map((r) =>
      r.status === 'rejected' ? (r.reason as { data: { error: string } }).data.error : 'ok',
    );
    expect(errors).toEqual([
      'not_in_channel',
      'not_in_channel',
      'channel_not_found',
      'message_not_found',
      'unknown_method',
    ]);
  });

  it('requires a bot token in the Authorization header or the form', async () => {
    // Prepare
    const form = { 'content-type': 'application/x-www-form-urlencoded' };

    // Act
    const none = await post(server, 'auth.test', '', form);
    const user = await post(server, 'auth.test', '', {
      ...form,
      authorization: 'Bearer xoxp-user',
    });
    const inForm = await post(server, 'auth.test', `token=${TOKEN}`, form);

    // Assess
    expect(none.body).toMatchObject({ ok: false, error: 'not_authed' });
    expect(user.body).toMatchObject({ ok: false, error: 'invalid_auth' });
    expect(inForm.body).toMatchObject({ ok: true, bot_id: 'B0LOCALBOT' });
    expect(
      server.calls.filter((c) => c.method === 'auth.test').every((c) => !('token' in c.args)),
    ).toBe(true);
  });

  it('accepts JSON bodies as well as forms', async () => {
    // Prepare
    const body = JSON.stringify({
      channel: 'C0JSON',
      text: 'hi',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
    });

    // Act
    const answer = await post(server, 'chat.postMessage', body, {
      'content-type': 'application/json; charset=utf-8',
      authorization: `Bearer ${TOKEN}`,
    });

    // Assess
    expect(answer.body).toMatchObject({ ok: true, channel: 'C0JSON' });
    expect(server.messages({ channel: 'C0JSON' })[0]?.blocks).toHaveLength(1);
  });

  it('refuses messages over Slack limits', async () => {
    // Prepare
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
    const tooMany = Array.from({ length: 51 }, () => section);
    const tooLong = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    const longHeader = [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }];

    // Act
    const results = await Promise.allSettled(
      [tooMany, tooLong, longHeader].map((blocks) =>
        client.chat.postMessage({ channel: 'C0LIMITS', text: 'x', blocks }),
      ),
    );
    const longText = await client.chat
      .postMessage({ channel: 'C0LIMITS', text: 'x'.repeat(40_001) })
      .catch((e) => e);

    // Assess
    for (const result of results) {
      expect(
        result.status === 'rejected' && (result.reason as { data: { error: string } }).data.error,
      ).toBe('invalid_blocks');
    }
    expect(longText.data.error).toBe('msg_too_long');
  });

  it('gives permalinks and user group members', async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: 'C0LINKS', text: 'x' });

    // Act
    const link = await client.chat.getPermalink({ channel: 'C0LINKS', message_ts: posted.ts! });
    const group = await client.usergroups.users.list({ usergroup: 'S0QA' });
    const missing = await client.usergroups.users
      .list({ usergroup: 'S0NONE' })
      .catch((e) => e.data.error);

    // Assess
    expect(link.permalink).toContain(`/archives/C0LINKS/p${posted.ts!.replace('.', '')}`);
    expect(group.users).toEqual(['U0ALICE', 'U0BOB']);
    expect(missing).toBe('no_such_subteam');
  });

  it('response_url posts land as ephemerals, replace the clicked message, and stop after 5 uses', async () => {
    // Prepare
    const clicked = await client.chat.postMessage({ channel: 'C0RESP', text: 'with button' });
    const url = server.responseUrl('click-1', {
      channel: 'C0RESP',
      userId: 'U0ALICE',
      messageTs: clicked.ts!,
    });
    const send = (payload: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });

    // Act
    const statuses: number[] = [];
    statuses.push((await send({ text: 'only you' })).status);
    statuses.push((await send({ replace_original: true, text: 'button gone' })).status);
    statuses.push((await send({ response_type: 'in_channel', text: 'everyone' })).status);
    statuses.push((await send({ text: '4' })).status, (await send({ text: '5' })).status);
    statuses.push((await send({ text: '6' })).status);

    // Assess
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    const messages = server.messages({ channel: 'C0RESP' });
    expect(messages.find((m) => m.ts === clicked.ts)).toMatchObject({
      text: 'button gone',
      edited: 1,
    });
    expect(messages.find((m) => m.text === 'only you')).toMatchObject({
      ephemeralFor: 'U0ALICE',
      via: 'response_url',
    });
    expect(messages.find((m) => m.text === 'everyone')?.ephemeralFor).toBeUndefined();
  });

  it('answers injected faults with 429 and Retry-After, or 5xx, and records them', async () => {
    // Prepare
    faults = ({ method }) =>
      method === 'chat.postMessage'
        ? { kind: 'rate_limited', retryAfterSeconds: 7 }
        : { kind: 'server_error', status: 503 };

    // Act
    const limited = await fetch(`${server.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0FAULT', text: 'x' }),
    });
    const failed = await fetch(`${server.url}chat.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    faults = undefined;

    // Assess
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(failed.status).toBe(503);
    expect(server.calls.slice(-2).map((c) => c.error)).toEqual(['ratelimited', 'fatal_error']);
    expect(server.messages({ channel: 'C0FAULT' })).toEqual([]);
  });

  it('reads a thread back with conversations.replies, metadata only when asked, page by page', async () => {
    // Prepare
    const channel = 'C0READ';
    const metadata = { event_type: 'ats_outcome', event_payload: { request_id: 'req-1' } };
    const parent = await client.chat.postMessage({ channel, text: 'card' });
    for (let i = 0; i < 3; i++) {
      await client.chat.postMessage({ channel, text: `reply ${i}`, thread_ts: parent.ts! });
    }
    const tagged = await client.chat.postMessage({
      channel,
      text: 'outcome',
      thread_ts: parent.ts!,
      metadata,
    });
    await client.chat.update({ channel, ts: tagged.ts!, text: 'outcome, updated' });

    // Act
    const first = await client.conversations.replies({
      channel,
      ts: parent.ts!,
      limit: 3,
      include_all_metadata: true,
    });
    const second = await client.conversations.replies({
      channel,
      ts: parent.ts!,
      limit: 3,
      include_all_metadata: true,
      cursor: first.response_metadata!.next_cursor!,
    });
    const plain = await client.conversations.replies({ channel, ts: tagged.ts! });

    // Assess
    expect(first.messages!.map((m) => m.text)).toEqual(['card', 'reply 0', 'reply 1']);
    expect(first.messages![0]).toMatchObject({
      ts: parent.ts,
      thread_ts: parent.ts,
      reply_count: 4,
    });
    expect(first.has_more).toBe(true);
    expect(second.messages!.map((m) => m.text)).toEqual(['reply 2', 'outcome, updated']);
    expect(second.messages![1]).toMatchObject({ ts: tagged.ts, bot_id: 'B0LOCALBOT', metadata });
    expect(second.has_more).toBe(false);
    expect(second.response_metadata?.next_cursor).toBe('');
    expect(plain.messages).toHaveLength(5);
    expect(plain.messages!.some((m) => m.metadata !== undefined)).toBe(false);
  });

  it('reads a channel newest first with conversations.history, from `oldest` on, without thread replies', async () => {
    // Prepare
    const channel = 'C0HISTORY';
    const metadata = { event_type: 'ats_job_card', event_payload: { request_id: 'req-2' } };
    const before = await client.chat.postMessage({ channel, text: 'before' });
    const card = await client.chat.postMessage({ channel, text: 'card', metadata });
    await client.chat.postMessage({ channel, text: 'in thread', thread_ts: card.ts! });
    await client.chat.postMessage({ channel, text: 'after' });

    // Act
    const answer = await client.conversations.history({
      channel,
      oldest: before.ts!,
      include_all_metadata: true,
      limit: 10,
    });
    const bad = await client.conversations
      .history({ channel, cursor: 'bm90LWEtY3Vyc29y' })
      .catch((e: { data?: { error?: string } }) => e.data?.error);

    // Assess
    expect(answer.messages!.map((m) => m.text)).toEqual(['after', 'card']);
    expect(answer.messages![1]).toMatchObject({ metadata, reply_count: 1 });
    expect(answer.has_more).toBe(false);
    expect(bad).toBe('invalid_cursor');
  });

  it('refuses reading without the history scope, or a thread that does not exist', async () => {
    // Prepare
    const noScope = await startSlackApiServer({ historyScopes: ['groups:history'] });
    const reader = new WebClient(TOKEN, { slackApiUrl: noScope.url, retryConfig: { retries: 0 } });
    const errorOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { data?: { error?: string; needed?: string } }) =>
          `${e.data?.error} ${e.data?.needed ?? ''}`.trim(),
      );
    try {
      const posted = await reader.chat.postMessage({ channel: 'C0PUBLIC', text: 'card' });

      // Act
      const publicRead = await errorOf(
        reader.conversations.replies({ channel: 'C0PUBLIC', ts: posted.ts! }),
      );
      const privateRead = await errorOf(reader.conversations.history({ channel: 'G0PRIVATE' }));
      const noThread = await errorOf(
        client.conversations.replies({ channel: 'C0READ', ts: '1.000001' }),
      );

      // Assess
      expect(publicRead).toBe('missing_scope channels:history');
      expect(privateRead).toBe('ok');
      expect(noThread).toBe('thread_not_found');
    } finally {
      await noScope.close();
    }
  });

  it('tells listeners about every change', async () => {
    // Prepare
    let changes = 0;
    const stop = server.onChange(() => {
      changes += 1;
    });

    // Act
    await client.chat.postMessage({ channel: 'C0WATCH', text: 'x' });
    stop();
    await client.chat.postMessage({ channel: 'C0WATCH', text: 'y' });

    // Assess
    expect(changes).toBe(1);
  });
});
