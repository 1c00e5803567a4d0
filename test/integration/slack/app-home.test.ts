import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import { DynamoRunHistory } from '../../../functions/aws/dynamo-run-history';
import { createHistoryTableInput } from '../../../functions/aws/history-table';
import type { AppHome } from '../../../functions/core/home/app-home';
import { HomePicker } from '../../../functions/core/home/home-picker';
import { newJob } from '../../../functions/core/job';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests, requestIdFromTrigger } from '../../../functions/core/requests/requests';
import { assembleHome } from '../../../functions/home-assembly';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { createLogger } from '../../../functions/logger';
import { HOME_RUN_ACTION_ID } from '../../../functions/slack/blocks/app-home';
import type { SlackIngress } from '../../../functions/slack/bolt-app';
import { createSlackWebClient } from '../../../functions/slack/web-client';
import { createActiveJobsTable, type RunningDynalite, startDynalite } from '../../support/dynalite';
import { RecordingInvoker } from '../../support/recording-invoker';
import { runRecord } from '../../support/run-records';
import { signedAppHomeOpened, signedHomeBlockAction } from '../../support/slack-events';
import { signedViewSubmission } from '../../support/slack-requests';
import { localSlackIngress, TEST_BOT_TOKEN } from './local-slack-ingress';

/*
 * The App Home through the real parts: signed events and clicks into the ingress, the worker's
 * Home publishing to the local Slack Web API, history and jobs on dynalite.
 */

const SIGNING_SECRET = 'home-signing-secret-0123456789';
const ALICE = 'U0ALICE';
const HOME = 'D0ALICEHOME';
const DAY = 86_400_000;
const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
  {
    alias: 'release',
    templateId: 'TPL-REL',
    name: 'Release checks',
    allowedChannels: ['C0RELEASE'],
  },
  { alias: 'prod', templateId: 'TPL-PROD', name: 'Production checks', allowedUsers: ['U0BOSS'] },
]);
const lambdaContext = {} as never;

describe('App Home: app_home_opened publishes the Home, its Run button opens the picker', () => {
  let dynamo: RunningDynalite;
  let slack: SlackApiServer;
  let invoker: RecordingInvoker;
  let store: DynamoJobStore;
  let home: AppHome;
  let ingress: SlackIngress;
  const handedOver: string[] = [];

  beforeAll(async () => {
    dynamo = await startDynalite();
    store = new DynamoJobStore(dynamo.doc, await dynamo.createJobsTable());
    const historyTable = `history-${Date.now()}`;
    await createActiveJobsTable(dynamo.client, historyTable, createHistoryTableInput(historyTable));
    const history = new DynamoRunHistory(dynamo.doc, historyTable);
    const now = Date.now();
    const smoke = { templateId: 'TPL-SMOKE', templateName: 'Smoke tests', userId: ALICE };
    await history.record(runRecord({ ...smoke, endedAt: now - 3 * DAY, verdict: 'failed' }));
    await history.record(runRecord({ ...smoke, endedAt: now - 2 * DAY, verdict: 'passed' }));
    slack = await startSlackApiServer();
    const webClient = createSlackWebClient(TEST_BOT_TOKEN, { slackApiUrl: slack.url });
    // The card of her last job, whose thread the Home links to.
    const card = await webClient.chat.postMessage({ channel: 'C0TEAM', text: 'Smoke tests' });
    await history.record(
      runRecord({
        ...smoke,
        requestId: 'req-alice-last',
        endedAt: now - DAY,
        channelId: 'C0TEAM',
        threadTs: card.ts as string,
      }),
    );
    // A job of hers still running, with its card: on her Home before the finished ones.
    const runningCard = await webClient.chat.postMessage({ channel: 'C0TEAM', text: 'Smoke' });
    await store.create({
      ...newJob({
        requestId: 'req-alice-running',
        kind: 'run',
        templateId: 'TPL-SMOKE',
        templateAlias: 'smoke',
        templateName: 'Smoke tests now',
        requester: { userId: ALICE },
        channelId: 'C0TEAM',
        now,
      }),
      phase: 'running',
      cardTs: runningCard.ts as string,
    });
    home = assembleHome({
      runtime: { templates: catalog, admins: [], watchers: 'anyone' },
      webClient,
      history,
      jobs: store,
      logger: createLogger('app-home-test'),
    });
    invoker = new RecordingInvoker();
    const clock = { now: () => Date.now() };
    const requests = new JobRequests({ store, invoker, clock, catalog });
    ingress = localSlackIngress({
      signingSecret: SIGNING_SECRET,
      slackApiUrl: slack.url,
      requests,
      home: {
        // The worker, run at once: on AWS this is Lambda's asynchronous invoke.
        invoker: {
          invoke: async (message) => {
            handedOver.push(message.userId);
            await home.handle(message);
          },
        },
        picker: new HomePicker({ access: requests.access, store, clock }),
      },
    });
  });

  afterAll(async () => {
    await slack.close();
    await dynamo.close();
  });

  it('publishes the templates Alice may run with their figures, and not the others', async () => {
    // Act
    const response = await ingress.handler(
      signedAppHomeOpened({ userId: ALICE, channelId: HOME }, { signingSecret: SIGNING_SECRET }),
      lambdaContext,
    );

    // Assess
    expect(response.statusCode).toBe(200);
    const publishes = slack.calls.filter((c) => c.method === 'views.publish');
    expect(publishes).toHaveLength(1);
    expect(publishes[0]).toMatchObject({ ok: true, args: { user_id: ALICE } });
    const [published] = slack.homes();
    expect(published?.userId).toBe(ALICE);
    const json = JSON.stringify(published?.view);
    expect(json).toContain('*Smoke tests* `smoke`');
    expect(json).toContain('67 % passed of 3 runs');
    expect(json).toContain(':x::white_check_mark::white_check_mark:');
    expect(json).toContain('*Release checks* `release`');
    expect(json).toContain('Only in <#C0RELEASE>');
    expect(json).not.toContain('Production checks');
    // Her last job links to its thread (chat.getPermalink at the local Slack), after the one of
    // hers still running (from the jobs table's index of jobs under way).
    expect(json).toMatch(/<http[^|>]+C0TEAM[^|>]*\|Smoke tests>/);
    expect(json).toMatch(
      /:arrows_counterclockwise: <http[^|>]+C0TEAM[^|>]*\|Smoke tests now> · Running · <#C0TEAM> · started /,
    );
    expect(json.indexOf('Smoke tests now>')).toBeLessThan(json.indexOf('Smoke tests>'));
  });

  it('publishes again on a redelivery: the same Home, replaced', async () => {
    // Act
    await ingress.handler(
      signedAppHomeOpened(
        { userId: ALICE, channelId: HOME, retryNum: 1 },
        { signingSecret: SIGNING_SECRET },
      ),
      lambdaContext,
    );

    // Assess
    expect(slack.homes()).toHaveLength(1);
    expect(slack.homes()[0]?.publishes).toBe(2);
    expect(handedOver).toEqual([ALICE, ALICE]);
  });

  it("opens the run picker from a template's Run button, with that template chosen and a channel to pick", async () => {
    // Prepare
    const view = slack.homes()[0]?.view ?? {};
    const trigger = slack.triggerFor(ALICE);

    // Act
    const response = await ingress.handler(
      signedHomeBlockAction(
        { userId: ALICE, view, actionId: HOME_RUN_ACTION_ID, value: 'release', triggerId: trigger },
        { signingSecret: SIGNING_SECRET },
      ),
      lambdaContext,
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(slack.calls.filter((c) => c.method === 'views.open').at(-1)).toMatchObject({
      ok: true,
      args: { trigger_id: trigger },
    });
    const picker = slack.views().at(-1)?.view as { blocks: unknown[]; private_metadata: string };
    const json = JSON.stringify(picker.blocks);
    expect(json).toContain('"type":"conversations_select"');
    expect(json).toContain('"initial_option":{"text":{"type":"plain_text","text":"Release checks"');
    expect(json).toContain('Smoke tests');
    expect(json).not.toContain('Production checks');
    expect(JSON.parse(picker.private_metadata)).toEqual({ chooseChannel: true });
  });

  it('refuses, under the channel, a template in a channel it may not run in; starts it in one it may', async () => {
    // Prepare
    const view = slack.views().at(-1)?.view ?? {};
    const values = (channel: string) => ({
      template: { template: { type: 'radio_buttons', selected_option: { value: 'release' } } },
      channel: { channel: { type: 'conversations_select', selected_conversation: channel } },
    });
    const allowed = slack.triggerFor(ALICE);

    // Act
    const refused = await ingress.handler(
      signedViewSubmission(
        { view, values: values('C0ELSEWHERE'), userId: ALICE },
        { signingSecret: SIGNING_SECRET },
      ),
      lambdaContext,
    );
    const started = await ingress.handler(
      signedViewSubmission(
        { view, values: values('C0RELEASE'), userId: ALICE, triggerId: allowed },
        { signingSecret: SIGNING_SECRET },
      ),
      lambdaContext,
    );

    // Assess
    expect(JSON.parse(refused.body ?? '{}')).toEqual({
      response_action: 'errors',
      errors: {
        channel:
          'You may not run Release checks in that channel. Pick a channel where it is allowed, or ask an admin for access.',
      },
    });
    expect(started.statusCode).toBe(200);
    expect(started.body ?? '').toBe('');
    const requestId = requestIdFromTrigger(allowed);
    expect(invoker.messages).toEqual([{ type: 'start', requestId }]);
    expect(await store.get(requestId)).toMatchObject({
      templateAlias: 'release',
      channelId: 'C0RELEASE',
      requester: { userId: ALICE },
    });
  });

  it('asks for the channel when none was picked', async () => {
    // Prepare
    const view = slack.views().at(-1)?.view ?? {};

    // Act
    const response = await ingress.handler(
      signedViewSubmission(
        {
          view,
          values: {
            template: { template: { type: 'radio_buttons', selected_option: { value: 'smoke' } } },
          },
          userId: ALICE,
        },
        { signingSecret: SIGNING_SECRET },
      ),
      lambdaContext,
    );

    // Assess
    expect(JSON.parse(response.body ?? '{}')).toEqual({
      response_action: 'errors',
      errors: { channel: 'Pick the channel to run it in.' },
    });
  });
});
