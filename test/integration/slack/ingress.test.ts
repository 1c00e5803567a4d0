import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtsSoapClient } from '../../../functions/ats/client';
import {
  type AtsSimulator,
  DEMO_TEMPLATES,
  startAtsSimulator,
} from '../../../functions/ats/simulator/simulator';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import type { Job } from '../../../functions/core/job';
import type { WorkerMessage } from '../../../functions/core/ports';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests, requestIdFromTrigger } from '../../../functions/core/requests/requests';
import { InProcessInvoker } from '../../../functions/local/in-process-invoker';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import type { SlackIngress } from '../../../functions/slack/bolt-app';
import { SlackNotifier } from '../../../functions/slack/slack-notifier';
import { createSlackWebClient } from '../../../functions/slack/web-client';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import { RecordingInvoker } from '../../support/recording-invoker';
import { signedBlockAction, signedSlashCommand } from '../../support/slack-requests';
import { failingCases, finished } from '../../unit/slack/blocks-support';
import { localSlackIngress, localUserGroups, TEST_BOT_TOKEN } from './local-slack-ingress';
import { CapturingBoltLogger } from './quiet-bolt-logger';

const SIGNING_SECRET = 'test-signing-secret-0123456789';
const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
  {
    alias: 'prod',
    templateId: 'TPL-PROD',
    name: 'Production checks',
    allowedUsers: ['U0BOSS'],
    allowedUserGroups: ['S0QA'],
  },
]);

const lambdaContext = {} as never;

function ackBody(response: { body: string }): {
  response_type?: string;
  text: string;
  blocks?: unknown[];
} {
  return JSON.parse(response.body);
}

describe('Slack ingress (Bolt AwsLambdaReceiver) with DynamoDB and a local Slack', () => {
  let dynamo: RunningDynalite;
  let store: DynamoJobStore;
  let slack: SlackApiServer;
  let invoker: RecordingInvoker;
  let ingress: SlackIngress;
  let logger: CapturingBoltLogger;

  beforeAll(async () => {
    dynamo = await startDynalite();
    store = new DynamoJobStore(dynamo.doc, await dynamo.createJobsTable());
    slack = await startSlackApiServer({
      notInChannel: ['C0NOBOT'],
      userGroups: { S0QA: ['U0QA'] },
    });
    invoker = new RecordingInvoker();
    logger = new CapturingBoltLogger();
    const requests = new JobRequests({
      store,
      invoker,
      clock: { now: () => Date.now() },
      catalog,
      userGroups: localUserGroups(slack.url),
    });
    ingress = localSlackIngress({
      signingSecret: SIGNING_SECRET,
      slackApiUrl: slack.url,
      logger,
      requests,
    });
  });

  afterAll(async () => {
    await slack.close();
    await dynamo.close();
  });

  it('records /ats run, hands it to the worker and acknowledges with an ephemeral answer', async () => {
    // Prepare
    const event = signedSlashCommand(
      { text: 'run smoke', triggerId: 'trigger-run-1', userId: 'U0ALICE' },
      { signingSecret: SIGNING_SECRET },
    );
    const slackCallsBefore = slack.calls.length;

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(ackBody(response)).toMatchObject({ response_type: 'ephemeral' });
    expect(ackBody(response).text).toContain('Starting *Smoke tests*');
    const requestId = requestIdFromTrigger('trigger-run-1');
    expect(await store.get(requestId)).toMatchObject({
      phase: 'requested',
      templateId: 'TPL-SMOKE',
      requester: { userId: 'U0ALICE' },
    });
    expect(invoker.messages).toContainEqual({ type: 'start', requestId });
    expect(slack.calls.length).toBe(slackCallsBefore);
  });

  it('records a redelivered command once', async () => {
    // Prepare
    const event = signedSlashCommand(
      { text: 'run smoke', triggerId: 'trigger-run-2' },
      { signingSecret: SIGNING_SECRET },
    );
    const retry = signedSlashCommand(
      { text: 'run smoke', triggerId: 'trigger-run-2' },
      {
        signingSecret: SIGNING_SECRET,
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      },
    );

    // Act
    await ingress.handler(event, lambdaContext);
    const second = await ingress.handler(retry, lambdaContext);

    // Assess
    expect(ackBody(second).text).toContain('I already had this request');
    expect(
      (await store.listActiveInChannel('C0TESTS', 50)).filter(
        (j) => j.requestId === requestIdFromTrigger('trigger-run-2'),
      ),
    ).toHaveLength(1);
  });

  it.each([
    [
      'a wrong signature',
      { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' },
    ],
    ['another signing secret', { signingSecret: 'not-the-secret' }],
    ['a timestamp older than 5 minutes', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('refuses %s with 401 and starts nothing', async (_, options) => {
    // Prepare
    const triggerId = `trigger-forged-${Math.random()}`;
    const event = signedSlashCommand(
      { text: 'run smoke', triggerId },
      { signingSecret: SIGNING_SECRET, ...options },
    );
    const invokesBefore = invoker.messages.length;

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(await store.get(requestIdFromTrigger(triggerId))).toBeUndefined();
    expect(invoker.messages.length).toBe(invokesBefore);
  });

  it('answers an unknown alias with help suggesting the closest one', async () => {
    // Prepare
    const event = signedSlashCommand({ text: 'run smoek' }, { signingSecret: SIGNING_SECRET });

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess
    expect(ackBody(response).text).toContain(
      'There is no template `smoek`. Did you mean `/ats run smoke`?',
    );
  });

  it('refuses a person who may not run a template, naming who may, after one group lookup', async () => {
    // Prepare
    const triggerId = 'trigger-prod-denied';
    const event = signedSlashCommand(
      { text: 'run prod', userId: 'U0MALLORY', triggerId },
      { signingSecret: SIGNING_SECRET },
    );

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess
    expect(ackBody(response).text).toContain(
      'You may not run *Production checks* here: the catalog lets only these run it: <@U0BOSS>, members of <!subteam^S0QA>',
    );
    expect(await store.get(requestIdFromTrigger(triggerId))).toBeUndefined();
    expect(slack.calls.filter((c) => c.method === 'usergroups.users.list')).toHaveLength(1);
  });

  it('lets a member of the allowed group run it, from the cached member list', async () => {
    // Prepare
    const event = signedSlashCommand(
      { text: 'run prod', userId: 'U0QA' },
      { signingSecret: SIGNING_SECRET },
    );

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess
    expect(ackBody(response).text).toContain('Starting *Production checks*');
    expect(slack.calls.filter((c) => c.method === 'usergroups.users.list')).toHaveLength(1);
  });

  it('gives any input a clear answer, never an error', async () => {
    // Prepare
    const texts = fc.sample(fc.string({ unit: 'binary', maxLength: 3_000 }), {
      numRuns: 25,
      seed: 42,
    });

    // Act
    const responses = await Promise.all(
      texts.map((text) =>
        ingress.handler(
          signedSlashCommand({ text }, { signingSecret: SIGNING_SECRET }),
          lambdaContext,
        ),
      ),
    );

    // Assess
    for (const response of responses) {
      expect(response.statusCode).toBe(200);
      expect(ackBody(response).text.length).toBeGreaterThan(0);
    }
  });

  it('answers Slack’s ssl_check without a signature check', async () => {
    // Prepare
    const event = signedSlashCommand({ text: '' }, { signingSecret: 'whatever' });
    event.body = Buffer.from('ssl_check=1&token=x').toString('base64');

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(200);
  });

  describe('the Rerun not passed button', () => {
    let finishedJob: Job;
    let outcomeTs: string;

    beforeAll(async () => {
      const client = createSlackWebClient(TEST_BOT_TOKEN, { slackApiUrl: slack.url });
      const notifier = new SlackNotifier(client, { catalog });
      const base = finished(failingCases(4), {
        requestId: 'req-finished-button',
        channelId: 'C0BUTTON',
        atsJobId: 'ats-button-1',
      });
      const card = await notifier.postCard(base);
      finishedJob = { ...base, cardTs: card.ts, threadTs: card.ts };
      outcomeTs = (await notifier.postOutcome(finishedJob)).ts;
      finishedJob = { ...finishedJob, outcomeTs };
      await store.create(finishedJob);
    });

    it('starts one rerun for concurrent and repeated clicks; later clickers are told who reran', async () => {
      // Prepare
      const clickers = ['U0ALICE', 'U0BOB', 'U0ALICE', 'U0CAROL', 'U0BOB', 'U0DAN'];
      const clicks = clickers.map((userId, i) =>
        signedBlockAction(
          {
            value: finishedJob.requestId,
            userId,
            channelId: 'C0BUTTON',
            messageTs: outcomeTs,
            triggerId: `trigger-click-${i}`,
            responseUrl: slack.responseUrl(`click-${i}`, {
              channel: 'C0BUTTON',
              userId,
              messageTs: outcomeTs,
            }),
          },
          { signingSecret: SIGNING_SECRET },
        ),
      );
      const invokesBefore = invoker.messages.length;

      // Act
      const responses = await Promise.all(
        clicks.map((click) => ingress.handler(click, lambdaContext)),
      );

      // Assess
      expect(responses.map((r) => r.statusCode)).toEqual(clickers.map(() => 200));
      const reruns = invoker.messages.slice(invokesBefore);
      expect(reruns).toHaveLength(1);
      expect(reruns[0]).toMatchObject({ type: 'rerun' });
      const stored = await store.get(finishedJob.requestId);
      expect(stored?.rerunRequestId).toBe(reruns[0]!.requestId);
      expect(await store.get(reruns[0]!.requestId)).toMatchObject({
        kind: 'rerun',
        attempt: 1,
        threadTs: finishedJob.cardTs,
        rerunOf: finishedJob.requestId,
        requester: { userId: stored?.rerunBy },
      });
      const told = slack
        .messages({ channel: 'C0BUTTON' })
        .filter((m) => m.ephemeralFor !== undefined);
      expect(told).toHaveLength(clickers.length - 1);
      for (const message of told) {
        expect(message.text).toContain('Already rerunning');
        expect(message.text).toContain(reruns[0]!.requestId);
        expect(message.text).toContain(`<@${stored?.rerunBy}>`);
      }
      const outcome = slack.messages({ channel: 'C0BUTTON' }).find((m) => m.ts === outcomeTs);
      expect(JSON.stringify(outcome?.blocks)).toContain(`Rerun started by <@${stored?.rerunBy}>`);
      expect(JSON.stringify(outcome?.blocks)).not.toContain('rerun_not_passed');
    });

    it('tells a clicker why a forged button value does nothing', async () => {
      // Prepare
      const responseUrl = slack.responseUrl('click-forged', {
        channel: 'C0BUTTON',
        userId: 'U0EVE',
      });
      const click = signedBlockAction(
        { value: '<!channel>', userId: 'U0EVE', channelId: 'C0BUTTON', responseUrl },
        { signingSecret: SIGNING_SECRET },
      );

      // Act
      const response = await ingress.handler(click, lambdaContext);

      // Assess
      expect(response.statusCode).toBe(200);
      const told = slack
        .messages({ channel: 'C0BUTTON' })
        .filter((m) => m.ephemeralFor === 'U0EVE');
      expect(told).toEqual([
        expect.objectContaining({
          text: expect.stringContaining('I know no job `&lt;!channel&gt;`'),
        }),
      ]);
    });
  });

  it('never calls auth.test: authorize hands Bolt the token as is', () => {
    // Prepare / Act
    const authTests = slack.calls.filter((c) => c.method === 'auth.test');

    // Assess
    expect(authTests).toEqual([]);
  });

  it('sends Bolt’s own logs to the logger it was given', () => {
    // Prepare / Act
    const lines = logger.lines.map((l) => l.text);

    // Assess
    expect(lines.some((l) => l.includes('/ats handled: accepted'))).toBe(true);
  });
});

describe('acknowledging while ATS is slow', () => {
  let ats: AtsSimulator;
  let dynamo: RunningDynalite;

  beforeAll(async () => {
    ats = await startAtsSimulator();
    dynamo = await startDynalite();
  });

  afterAll(async () => {
    await ats.close();
    await dynamo.close();
  });

  it('answers Slack before ATS answers RunJob (ATS set to take 10 s): the worker gets it asynchronously', async () => {
    // Prepare
    ats.injectFault({ kind: 'slow', delayMs: 10_000 }, { operation: 'RunJob' });
    const gateway = new AtsSoapClient({
      baseUrl: ats.baseUrl,
      appId: 'demo-app',
      appApiToken: 'demo-token',
      startTimeoutMs: 15_000,
    });
    const store = new DynamoJobStore(dynamo.doc, await dynamo.createJobsTable());
    let atsAnswered = false;
    // Stands in for the worker: what Lambda's async invoke would run after the ingress returned.
    const worker = async (event: unknown) => {
      const job = await store.get((event as WorkerMessage).requestId);
      await gateway.runJob(job!.templateId!).finally(() => {
        atsAnswered = true;
      });
    };
    const invoker = new InProcessInvoker(worker, { retries: 0, onError: () => {} });
    const template = DEMO_TEMPLATES[0]!;
    const requests = new JobRequests({
      store,
      invoker,
      clock: { now: () => Date.now() },
      catalog: parseCatalog([{ alias: 'demo', templateId: template.templateId, name: 'Demo' }]),
    });
    const ingress = localSlackIngress({ signingSecret: SIGNING_SECRET, requests });

    // Act
    const response = await ingress.handler(
      signedSlashCommand({ text: 'run demo' }, { signingSecret: SIGNING_SECRET }),
      lambdaContext,
    );
    for (let i = 0; i < 200 && ats.requests.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(ackBody(response).text).toContain('Starting *Demo*');
    expect(ats.requests.map((r) => r.operation)).toEqual(['RunJob']);
    expect(atsAnswered).toBe(false);
    invoker.close();
  });
});
