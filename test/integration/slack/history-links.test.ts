import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseTally, RunLink } from '../../../functions/core/history/history-stats';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { historyRunLinks } from '../../../functions/slack/history-links';
import { createSlackWebClient } from '../../../functions/slack/web-client';

let slack: SlackApiServer | undefined;

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

function tally(name: string, run: RunLink): CaseTally {
  return { name, count: 1, lastFailed: run };
}

describe('historyRunLinks against the local Slack Web API', () => {
  it('links each run once, by its card, and leaves out a run Slack has no message for', async () => {
    // Prepare
    slack = await startSlackApiServer();
    const client = createSlackWebClient('xoxb-test', { slackApiUrl: slack.url, retries: 1 });
    const posted = await client.chat.postMessage({ channel: 'C0TESTS', text: 'card' });
    const card: RunLink = {
      requestId: 'req-card',
      channelId: 'C0TESTS',
      messageTs: posted.ts as string,
      endedAt: 1,
    };
    const gone: RunLink = {
      requestId: 'req-gone',
      channelId: 'C0TESTS',
      threadTs: '1.000100',
      endedAt: 2,
    };

    // Act
    const links = await historyRunLinks(client, {
      mostFailed: [tally('a', card), tally('b', gone)],
      flakiest: [tally('c', card)],
    });

    // Assess
    expect([...links.keys()]).toEqual(['req-card']);
    expect(links.get('req-card')).toMatch(/\/archives\/C0TESTS\/p\d+/);
    expect(slack.calls.filter((c) => c.method === 'chat.getPermalink')).toHaveLength(2);
  });

  it('gives up on links Slack is slow to give, within the budget', async () => {
    // Prepare: Slack rate-limits every permalink for 5 s; the client would wait and retry.
    slack = await startSlackApiServer({
      faultInjector: ({ method }) =>
        method === 'chat.getPermalink' ? { kind: 'rate_limited', retryAfterSeconds: 5 } : undefined,
    });
    const client = createSlackWebClient('xoxb-test', { slackApiUrl: slack.url, retries: 1 });
    const run: RunLink = {
      requestId: 'req-slow',
      channelId: 'C0TESTS',
      messageTs: '1.000100',
      endedAt: 1,
    };

    // Act
    const started = performance.now();
    const links = await historyRunLinks(
      client,
      { mostFailed: [tally('a', run)], flakiest: [] },
      300,
    );
    const tookMs = performance.now() - started;

    // Assess
    expect(links.size).toBe(0);
    expect(tookMs).toBeLessThan(2_000);
  });
});
