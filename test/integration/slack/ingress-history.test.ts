import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import { DynamoRunHistory } from '../../../functions/aws/dynamo-run-history';
import { createHistoryTableInput } from '../../../functions/aws/history-table';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests } from '../../../functions/core/requests/requests';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import type { SlackIngress } from '../../../functions/slack/bolt-app';
import { createSlackWebClient } from '../../../functions/slack/web-client';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import { aRecord, aRerun, DAY } from '../../support/hand-made-runs';
import { RecordingInvoker } from '../../support/recording-invoker';
import { signedSlashCommand } from '../../support/slack-requests';
import { localSlackIngress, TEST_BOT_TOKEN } from './local-slack-ingress';

const SIGNING_SECRET = 'test-signing-secret-0123456789';
const NOW = Date.UTC(2026, 11, 5, 12);
const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
  { alias: 'prod', templateId: 'TPL-PROD', name: 'Production checks', allowedUsers: ['U0BOSS'] },
]);

describe('/ats history through the ingress, on dynalite and the local Slack API', () => {
  let dynamo: RunningDynalite;
  let slack: SlackApiServer;
  let history: DynamoRunHistory;
  let ingress: SlackIngress;
  let invoker: RecordingInvoker;
  let lastFailedTs: string;

  beforeAll(async () => {
    dynamo = await startDynalite();
    slack = await startSlackApiServer();
    const tableName = `history-ingress-${process.pid}`;
    await dynamo.client.send(new CreateTableCommand(createHistoryTableInput(tableName)));
    history = new DynamoRunHistory(dynamo.doc, tableName);
    // The card of the run where `checkout` last failed, so Slack has a permalink for it.
    const web = createSlackWebClient(TEST_BOT_TOKEN, { slackApiUrl: slack.url });
    const posted = await web.chat.postMessage({ channel: 'C0TESTS', text: 'Smoke tests: failed' });
    lastFailedTs = posted.ts as string;
    const fail = (daysAgo: number, names: string[], extra = {}) =>
      aRecord({
        templateId: 'TPL-SMOKE',
        templateName: 'Smoke tests',
        channelId: 'C0TESTS',
        endedAt: NOW - daysAgo * DAY,
        verdict: 'failed',
        runMs: 200_000,
        notPassed: { names, count: names.length },
        ...extra,
      });
    const flakyRun = fail(3, ['search']);
    const records = [
      // Previous 30 days: 1 of 2 passed, median 180 s.
      aRecord({ templateId: 'TPL-SMOKE', endedAt: NOW - 40 * DAY, runMs: 180_000 }),
      fail(45, ['checkout'], { runMs: 180_000 }),
      // Last 30 days: 2 of 4 passed (one after a rerun), median 200 s.
      aRecord({ templateId: 'TPL-SMOKE', endedAt: NOW - 10 * DAY, runMs: 200_000 }),
      fail(5, ['checkout', 'login']),
      flakyRun,
      aRerun(flakyRun, { attempt: 1, verdict: 'passed', flaky: { names: ['search'], count: 1 } }),
      fail(1, ['checkout'], { messageTs: lastFailedTs, threadTs: lastFailedTs }),
    ];
    for (const r of records) await history.record(r);
    invoker = new RecordingInvoker();
    const requests = new JobRequests({
      store: new DynamoJobStore(dynamo.doc, await dynamo.createJobsTable()),
      invoker,
      clock: { now: () => NOW },
      catalog,
      history,
    });
    ingress = localSlackIngress({
      signingSecret: SIGNING_SECRET,
      slackApiUrl: slack.url,
      requests,
    });
  });

  afterAll(async () => {
    await slack?.close();
    await dynamo?.close();
  });

  async function ask(text: string, userId = 'U0ALICE') {
    const event = signedSlashCommand(
      { text, triggerId: `trigger-${text}-${userId}`, userId, channelId: 'C0TESTS' },
      { signingSecret: SIGNING_SECRET },
    );
    const response = await ingress.handler(event, {} as never);
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as {
      response_type: string;
      text: string;
      blocks: unknown[];
    };
    return { ...body, all: JSON.stringify(body.blocks) };
  }

  it('answers the strip, pass rate and change, median and change, top cases with their last failure', async () => {
    // Act
    const answer = await ask('history smoke');

    // Assess
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.all).toContain('Smoke tests');
    expect(answer.all).toContain('last 30 days');
    // Oldest first: passed 10 days ago, failed 5, passed (after its rerun) 3, failed 1.
    expect(answer.all).toContain(':white_check_mark::x::white_check_mark::x:');
    expect(answer.all).toContain('50 % (2 of 4), ±0 points on the period before');
    expect(answer.all).toContain('3m 20s, 20s slower than before');
    expect(answer.all).toMatch(/1\. checkout · 2 runs · <http[^|]+\|last failed>/);
    expect(answer.all).toContain('2. login · 1 run');
    expect(answer.all).toContain('1. search · 1 run');
    const permalink = slack.calls.find((c) => c.method === 'chat.getPermalink');
    expect(permalink).toBeDefined();
    // Reading history starts nothing.
    expect(invoker.messages).toEqual([]);
  });

  it('looks back the days asked for', async () => {
    const answer = await ask('history smoke 7');
    expect(answer.all).toContain('last 7 days');
    // 5, 3 and 1 days ago against the run 10 days ago (passed).
    expect(answer.all).toContain(':x::white_check_mark::x:');
    expect(answer.all).toContain('33 % (1 of 3), −67 points on the period before');
  });

  it('says a template without runs in the period has none', async () => {
    const answer = await ask('history prod', 'U0BOSS');
    expect(answer.all).toContain('No runs of `prod` ended in the last 30 days.');
  });

  it('refuses people who may not run the template here, as a run would be', async () => {
    const answer = await ask('history prod', 'U0ALICE');
    expect(answer.text).not.toContain('History of');
    expect(answer.all).toContain('U0BOSS');
  });

  it('answers an unknown alias with the closest one, and bad days with what they may be', async () => {
    const unknown = await ask('history smok');
    const notNumber = await ask('history smoke week');
    const tooMany = await ask('history smoke 500');
    const zero = await ask('history smoke 0');
    expect(unknown.text).toContain('There is no template `smok`.');
    expect(unknown.text).toContain('Did you mean `/ats history smoke`?');
    for (const bad of [notNumber, tooMany, zero]) {
      expect(bad.text).toMatch(/is not a number of days: give a whole number from 1 to 200/);
    }
  });
});
