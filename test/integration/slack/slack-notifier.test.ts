import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../functions/core/job';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import {
  type SlackApiServer,
  type SlackFault,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { SlackChannelError } from '../../../functions/slack/slack-errors';
import { SlackNotifier } from '../../../functions/slack/slack-notifier';
import { createSlackWebClient } from '../../../functions/slack/web-client';
import { failingCases, finished, jobAt } from '../../unit/slack/blocks-support';

const catalog = parseCatalog([
  {
    alias: 'smoke',
    templateId: 'TPL-SMOKE',
    name: 'Smoke tests',
    notifyChannels: ['C0QA', 'C0NOBOT'],
    broadcastFailures: true,
  },
  { alias: 'quiet', templateId: 'TPL-QUIET', name: 'Quiet' },
]);

describe('SlackNotifier over the local Slack Web API', () => {
  let slack: SlackApiServer;
  let notifier: SlackNotifier;
  let now = Date.UTC(2025, 0, 6, 9, 0, 0);
  let faults: ((call: { method: string; seq: number }) => SlackFault | undefined) | undefined;
  const warnings: string[] = [];

  beforeAll(async () => {
    slack = await startSlackApiServer({
      notInChannel: ['C0NOBOT'],
      faultInjector: (call) => faults?.(call),
    });
    const client = createSlackWebClient('xoxb-test', { slackApiUrl: slack.url, retries: 2 });
    notifier = new SlackNotifier(client, {
      catalog,
      clock: { now: () => now },
      logger: { warn: (message) => warnings.push(message) },
    });
  });

  afterAll(async () => {
    await slack.close();
  });

  /** Runs a job through card → updates → outcome as the worker would. */
  async function runToOutcome(channel: string, testCases = failingCases(3)): Promise<Job> {
    const requested = jobAt('requested', { channelId: channel });
    const card = await notifier.postCard(requested);
    const running: Job = {
      ...jobAt('running', { channelId: channel }),
      cardTs: card.ts,
      threadTs: card.ts,
    };
    await notifier.updateCard(running);
    const done: Job = {
      ...finished(testCases, { channelId: channel }),
      cardTs: card.ts,
      threadTs: card.ts,
    };
    await notifier.updateCard(done);
    const outcome = await notifier.postOutcome(done);
    return { ...done, outcomeTs: outcome.ts };
  }

  it('posts the card, updates it in place, and replies with the outcome in its thread', async () => {
    // Prepare / Act
    const job = await runToOutcome('C0RUN');

    // Assess
    const [card, ...others] = slack
      .messages({ channel: 'C0RUN' })
      .filter((m) => m.thread_ts === undefined);
    expect(others).toEqual([]);
    expect(card).toMatchObject({ ts: job.cardTs, edited: 2, text: 'Smoke tests: Failed' });
    const replies = slack.messages({ channel: 'C0RUN', thread_ts: job.cardTs! });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ ts: job.outcomeTs, reply_broadcast: true });
    expect(JSON.stringify(replies[0]!.blocks)).toContain('"action_id":"rerun_not_passed"');
  });

  it('sends the completion notice with a permalink to notification channels it is in', async () => {
    // Prepare / Act
    const job = await runToOutcome('C0NOTIFY');

    // Assess
    const [notice] = slack
      .messages({ channel: 'C0QA' })
      .filter((m) => JSON.stringify(m.blocks).includes('C0NOTIFY'));
    expect(JSON.stringify(notice?.blocks)).toContain(
      `/archives/C0NOTIFY/p${job.outcomeTs!.replace('.', '')}`,
    );
    expect(warnings).toContain('Completion notice not delivered');
  });

  it('does not broadcast a pass, nor failures of templates that do not ask for it', async () => {
    // Prepare
    const passed = finished(
      [{ name: 'A', result: 'Passed', durationSeconds: 1, errorMessage: undefined }],
      {
        channelId: 'C0QUIET',
        cardTs: '1700000000.000100',
      },
    );
    const failedQuietly = finished(failingCases(1), {
      channelId: 'C0QUIET',
      templateAlias: 'quiet',
      templateId: 'TPL-QUIET',
    });

    // Act
    const a = await notifier.postOutcome(passed);
    const b = await notifier.postOutcome(failedQuietly);

    // Assess
    const byTs = new Map(slack.messages({ channel: 'C0QUIET' }).map((m) => [m.ts, m]));
    expect(byTs.get(a.ts)?.reply_broadcast).toBeUndefined();
    expect(byTs.get(b.ts)?.reply_broadcast).toBeUndefined();
  });

  it('puts a rerun card and its outcome in the first job’s thread, numbered', async () => {
    // Prepare
    const first = await runToOutcome('C0RERUN');
    const rerun = jobAt('requested', {
      channelId: 'C0RERUN',
      attempt: 1,
      threadTs: first.cardTs,
      kind: 'rerun',
      rerunOf: first.requestId,
    });

    // Act
    await notifier.updateOutcome({ ...first, rerunRequestId: 'req-rerun', rerunBy: 'U0BOB' });
    const card = await notifier.postCard(rerun);
    const done: Job = {
      ...finished(failingCases(1), { channelId: 'C0RERUN', attempt: 1 }),
      threadTs: first.cardTs,
      cardTs: card.ts,
    };
    await notifier.postOutcome(done);

    // Assess
    const thread = slack.messages({ channel: 'C0RERUN', thread_ts: first.cardTs! });
    expect(thread.map((m) => m.text)).toEqual([
      'Smoke tests: Failed: 0 passed, 2 failed, 1 not executed',
      'Smoke tests · Rerun 1: Requested',
      'Smoke tests · Rerun 1: Failed: 0 passed, 0 failed, 1 not executed',
    ]);
    const firstOutcome = thread[0]!;
    expect(firstOutcome.edited).toBe(1);
    expect(JSON.stringify(firstOutcome.blocks)).toContain('Rerun started by <@U0BOB>');
    expect(JSON.stringify(firstOutcome.blocks)).not.toContain('rerun_not_passed');
  });

  it('fits an outcome of 5,000 failing cases into one message Slack accepts', async () => {
    // Prepare
    const job = finished(failingCases(5_000), { channelId: 'C0HUGE', cardTs: '1700000000.000100' });

    // Act
    const ref = await notifier.postOutcome(job);

    // Assess
    const posted = slack.messages({ channel: 'C0HUGE' }).find((m) => m.ts === ref.ts);
    expect(posted?.blocks?.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(posted?.blocks)).toMatch(/…and [\d,]+ more test cases/);
  });

  it('surfaces a typed error when the bot is not in the channel, after telling the person how to invite it', async () => {
    // Prepare
    const responseUrl = slack.responseUrl('cmd-nobot', { channel: 'C0NOBOT', userId: 'U0ALICE' });
    const job = jobAt('requested', {
      channelId: 'C0NOBOT',
      requester: { userId: 'U0ALICE', responseUrl },
      createdAt: now,
    });

    // Act
    const error = await notifier.postCard(job).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SlackChannelError);
    expect(error).toMatchObject({
      code: 'BOT_NOT_IN_CHANNEL',
      channelId: 'C0NOBOT',
      requesterTold: true,
    });
    const told = slack.messages({ channel: 'C0NOBOT' });
    expect(told).toEqual([
      expect.objectContaining({ ephemeralFor: 'U0ALICE', via: 'response_url' }),
    ]);
    expect(told[0]!.text).toContain('/invite @ATS');
    expect(told[0]!.text).toContain('<#C0NOBOT>');
  });

  it('tells the requester by ephemeral message once the response_url is stale, and by DM as a last resort', async () => {
    // Prepare
    const responseUrl = slack.responseUrl('cmd-stale', { channel: 'C0TELL', userId: 'U0ALICE' });
    const job = jobAt('running', {
      channelId: 'C0TELL',
      requester: { userId: 'U0ALICE', responseUrl },
      createdAt: now,
    });
    now += 31 * 60_000;

    // Act
    await notifier.tellRequester(job, 'ATS said <!channel> no');
    await notifier.tellRequester({ ...job, channelId: 'C0NOBOT' }, 'ATS is down');

    // Assess
    expect(slack.messages({ channel: 'C0TELL' })).toEqual([
      expect.objectContaining({
        ephemeralFor: 'U0ALICE',
        via: 'web_api',
        text: 'ATS said &lt;!channel&gt; no',
      }),
    ]);
    expect(slack.messages({ channel: 'U0ALICE' })).toEqual([
      expect.objectContaining({ text: 'ATS is down' }),
    ]);
  });

  it('waits out a rate limit (429 + Retry-After: 1) and then posts', async () => {
    // Prepare
    let limited = false;
    faults = ({ method }) => {
      if (method !== 'chat.postMessage' || limited) return undefined;
      limited = true;
      return { kind: 'rate_limited', retryAfterSeconds: 1 };
    };

    // Act
    const ref = await notifier.postCard(jobAt('requested', { channelId: 'C0LIMITED' }));
    faults = undefined;

    // Assess
    const attempts = slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'C0LIMITED',
    );
    expect(attempts.map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(slack.messages({ channel: 'C0LIMITED' })).toEqual([
      expect.objectContaining({ ts: ref.ts }),
    ]);
  });

  it('adopts the outcome an earlier attempt posted but never recorded, instead of posting it twice', async () => {
    // Prepare
    const card = await notifier.postCard(jobAt('requested', { channelId: 'C0ONCE' }));
    const done: Job = {
      ...finished(failingCases(2), { channelId: 'C0ONCE' }),
      cardTs: card.ts,
      threadTs: card.ts,
      outcomeAttempts: 1,
    };
    const first = await notifier.postOutcome(done);
    const notices = slack.messages({ channel: 'C0QA' }).length;

    // Act: the worker died before the store recorded `first.ts`; the next one holds lease 2.
    const again = await notifier.postOutcome({ ...done, outcomeAttempts: 2 });

    // Assess
    expect(again).toEqual(first);
    const replies = slack.messages({ channel: 'C0ONCE', thread_ts: card.ts });
    expect(replies).toEqual([
      expect.objectContaining({
        ts: first.ts,
        edited: 1,
        metadata: { event_type: 'ats_outcome', event_payload: { request_id: done.requestId } },
      }),
    ]);
    expect(slack.messages({ channel: 'C0ONCE' })[0]?.metadata).toEqual({
      event_type: 'ats_job_card',
      event_payload: { request_id: done.requestId },
    });
    expect(slack.messages({ channel: 'C0QA' })).toHaveLength(notices);
    expect(
      slack.calls.some(
        (c) =>
          c.method === 'conversations.replies' &&
          c.args.ts === card.ts &&
          c.args.include_all_metadata === true,
      ),
    ).toBe(true);
  });

  it('adopts an earlier outcome posted in the channel when the job has no thread', async () => {
    // Prepare
    const done: Job = {
      ...finished(failingCases(1), { channelId: 'C0NOTHREAD', templateAlias: 'quiet' }),
      cardTs: undefined,
      threadTs: undefined,
      createdAt: now,
      outcomeAttempts: 1,
    };
    const first = await notifier.postOutcome(done);

    // Act
    const again = await notifier.postOutcome({ ...done, outcomeAttempts: 3 });

    // Assess
    expect(again.ts).toBe(first.ts);
    expect(slack.calls.some((c) => c.method === 'conversations.history' && c.ok)).toBe(true);
    expect(slack.messages({ channel: 'C0NOTHREAD' })).toEqual([
      expect.objectContaining({ ts: first.ts, edited: 1 }),
    ]);
  });

  it('posts a first attempt without reading, and a retry that finds nothing posts anew', async () => {
    // Prepare
    const card = await notifier.postCard(jobAt('requested', { channelId: 'C0FRESH' }));
    const done: Job = {
      ...finished(failingCases(1), { channelId: 'C0FRESH', templateAlias: 'quiet' }),
      cardTs: card.ts,
      threadTs: card.ts,
    };
    const readsBefore = slack.calls.filter((c) => c.method.startsWith('conversations.')).length;

    // Act
    await notifier.postOutcome({ ...done, outcomeAttempts: 1 });
    const reads = slack.calls.filter((c) => c.method.startsWith('conversations.')).length;
    await notifier.postOutcome({ ...done, requestId: 'other-request', outcomeAttempts: 2 });

    // Assess
    expect(reads).toBe(readsBefore);
    expect(slack.messages({ channel: 'C0FRESH', thread_ts: card.ts })).toHaveLength(2);
  });

  it('falls back to posting when it may not read the channel (missing_scope), and says so', async () => {
    // Prepare
    const noScope = await startSlackApiServer({ historyScopes: [] });
    const logged: string[] = [];
    const blind = new SlackNotifier(
      createSlackWebClient('xoxb-test', { slackApiUrl: noScope.url, retries: 0 }),
      { catalog, clock: { now: () => now }, logger: { warn: (m) => logged.push(m) } },
    );
    try {
      const card = await blind.postCard(jobAt('requested', { channelId: 'C0BLIND' }));
      const done: Job = {
        ...finished(failingCases(1), { channelId: 'C0BLIND', templateAlias: 'quiet' }),
        cardTs: card.ts,
        threadTs: card.ts,
        outcomeAttempts: 1,
      };
      const first = await blind.postOutcome(done);

      // Act
      const again = await blind.postOutcome({ ...done, outcomeAttempts: 2 });

      // Assess
      expect(again.ts).not.toBe(first.ts);
      expect(noScope.messages({ channel: 'C0BLIND', thread_ts: card.ts })).toHaveLength(2);
      expect(noScope.calls.find((c) => c.method === 'conversations.replies')?.error).toBe(
        'missing_scope',
      );
      expect(logged).toContain('Could not look for an earlier message; posting anew');
    } finally {
      await noScope.close();
    }
  });

  it('adopts the card an earlier claim posted but never recorded, instead of posting another', async () => {
    // Prepare
    const requested = jobAt('requested', { channelId: 'C0CARDONCE', cardAttempts: 1 });
    const first = await notifier.postCard(requested);

    // Act: that worker died before recording `first.ts`; the start was taken over.
    const again = await notifier.postCard({ ...requested, phase: 'starting', cardAttempts: 2 });

    // Assess
    expect(again).toEqual(first);
    expect(slack.messages({ channel: 'C0CARDONCE' })).toEqual([
      expect.objectContaining({
        ts: first.ts,
        edited: 1,
        metadata: {
          event_type: 'ats_job_card',
          event_payload: { request_id: requested.requestId },
        },
      }),
    ]);
    expect(
      slack.calls.some(
        (c) =>
          c.method === 'conversations.history' &&
          c.args.channel === 'C0CARDONCE' &&
          c.args.include_all_metadata === true &&
          c.ok,
      ),
    ).toBe(true);
  });

  it("adopts a rerun's earlier card in the first job's thread, leaving other jobs' messages alone", async () => {
    // Prepare
    const parent = await notifier.postCard(jobAt('requested', { channelId: 'C0RERUNCARD' }));
    const rerun = jobAt('requested', {
      channelId: 'C0RERUNCARD',
      requestId: 'req-rerun-0000000000000001',
      kind: 'rerun',
      attempt: 1,
      threadTs: parent.ts,
      cardAttempts: 1,
    });
    const first = await notifier.postCard(rerun);

    // Act
    const again = await notifier.postCard({ ...rerun, cardAttempts: 2 });

    // Assess
    expect(again.ts).toBe(first.ts);
    expect(first.ts).not.toBe(parent.ts);
    expect(slack.messages({ channel: 'C0RERUNCARD', thread_ts: parent.ts })).toEqual([
      expect.objectContaining({ ts: first.ts, edited: 1 }),
    ]);
    expect(
      slack.calls.some(
        (c) => c.method === 'conversations.replies' && c.args.ts === parent.ts && c.ok,
      ),
    ).toBe(true);
  });

  it('finds the card an earlier claim posted, by its request id, and nothing for a job without one', async () => {
    // Prepare
    const posted = jobAt('requested', { channelId: 'C0FINDCARD', cardAttempts: 1 });
    const other = jobAt('requested', {
      channelId: 'C0FINDCARD',
      requestId: 'req-other-000000000000001',
      cardAttempts: 1,
    });
    const first = await notifier.postCard(posted);

    // Act
    const found = await notifier.findCard({ ...posted, phase: 'starting', cardAttempts: 2 });
    const none = await notifier.findCard({ ...other, cardAttempts: 2 });

    // Assess
    expect(found).toEqual(first);
    expect(none).toBeUndefined();
    // Only read: the card is neither posted again nor edited.
    const messages = slack.messages({ channel: 'C0FINDCARD' });
    expect(messages.map((m) => [m.ts, m.edited])).toEqual([[first.ts, undefined]]);
  });

  it('posts the card again when it may not read the channel (missing_scope), and says so', async () => {
    // Prepare
    const noScope = await startSlackApiServer({ historyScopes: [] });
    const logged: string[] = [];
    const blind = new SlackNotifier(
      createSlackWebClient('xoxb-test', { slackApiUrl: noScope.url, retries: 0 }),
      { catalog, clock: { now: () => now }, logger: { warn: (m) => logged.push(m) } },
    );
    try {
      const requested = jobAt('requested', { channelId: 'C0BLINDCARD', cardAttempts: 1 });
      const first = await blind.postCard(requested);

      // Act
      const again = await blind.postCard({ ...requested, cardAttempts: 2 });

      // Assess
      expect(again.ts).not.toBe(first.ts);
      expect(noScope.messages({ channel: 'C0BLINDCARD' })).toHaveLength(2);
      expect(noScope.calls.find((c) => c.method === 'conversations.history')?.error).toBe(
        'missing_scope',
      );
      expect(logged).toContain('Could not look for an earlier message; posting anew');
    } finally {
      await noScope.close();
    }
  });

  it('retries a 5xx answer', async () => {
    // Prepare
    let failures = 0;
    faults = ({ method }) =>
      method === 'chat.update' && failures++ < 1
        ? { kind: 'server_error', status: 502 }
        : undefined;
    const card = await notifier.postCard(jobAt('requested', { channelId: 'C0FLAKY' }));

    // Act
    await notifier.updateCard({ ...jobAt('running', { channelId: 'C0FLAKY' }), cardTs: card.ts });
    faults = undefined;

    // Assess
    expect(slack.messages({ channel: 'C0FLAKY' })[0]).toMatchObject({
      edited: 1,
      text: 'Smoke tests: Running',
    });
  });
});
