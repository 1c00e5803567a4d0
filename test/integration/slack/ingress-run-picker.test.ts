import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import type { Job } from '../../../functions/core/job';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests, requestIdFromTrigger } from '../../../functions/core/requests/requests';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { RUN_PICKER_CALLBACK_ID } from '../../../functions/slack/blocks/run-picker';
import type { SlackIngress } from '../../../functions/slack/bolt-app';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import { smokeTestsRun } from '../../support/job-fixtures';
import { RecordingInvoker } from '../../support/recording-invoker';
import { signedSlashCommand, signedViewSubmission } from '../../support/slack-requests';
import { localSlackIngress, localUserGroups } from './local-slack-ingress';

const SIGNING_SECRET = 'test-signing-secret-0123456789';
const catalog = parseCatalog([
  {
    alias: 'smoke',
    templateId: 'TPL-SMOKE',
    name: 'Smoke tests',
    description: 'Logs in and opens the dashboard',
  },
  { alias: 'prod', templateId: 'TPL-PROD', name: 'Production checks', allowedUsers: ['U0BOSS'] },
  { alias: 'nightly', templateId: 'TPL-NIGHT', name: 'Nightly', allowedChannels: ['C0TESTS'] },
]);
const lambdaContext = {} as never;

describe('the run picker: /ats alone opens a modal, its submission runs the template', () => {
  let dynamo: RunningDynalite;
  let store: DynamoJobStore;
  let slack: SlackApiServer;
  let invoker: RecordingInvoker;
  let ingress: SlackIngress;

  beforeAll(async () => {
    dynamo = await startDynalite();
    store = new DynamoJobStore(dynamo.doc, await dynamo.createJobsTable());
    slack = await startSlackApiServer();
    invoker = new RecordingInvoker();
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
      requests,
    });
    // Smoke tests passed an hour ago: the picker shows it.
    const finished: Job = {
      ...smokeTestsRun('req-smoke-earlier', Date.now() - 2 * 3_600_000),
      requester: { userId: 'U0BOB' },
      phase: 'done',
      atsJobId: '8f14e45f-ceea-467a-9a36-000000000001',
      startedAt: Date.now() - 2 * 3_600_000,
      finishedAt: Date.now() - 3_600_000,
      result: {
        verdict: 'passed',
        atsResult: 'Passed',
        breakdown: { passed: 3, failed: 0, notExecuted: 0 },
        flags: { canceled: false, warning: false },
        testCases: [],
        flaky: [],
        errorMessage: undefined,
      },
    };
    await store.create(finished);
  });

  afterAll(async () => {
    await slack.close();
    await dynamo.close();
  });

  it('opens the picker at the local Slack API within the acknowledgement, listing what this person may run here', async () => {
    // Prepare
    const trigger = slack.triggerFor('U0ALICE');
    const responseUrl = slack.responseUrl('picker-1', { channel: 'C0TESTS', userId: 'U0ALICE' });
    const event = signedSlashCommand(
      { text: '', triggerId: trigger, userId: 'U0ALICE', channelId: 'C0TESTS', responseUrl },
      { signingSecret: SIGNING_SECRET },
    );
    const started = Date.now();

    // Act
    const response = await ingress.handler(event, lambdaContext);
    const answeredAfter = Date.now() - started;

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body ?? '').toBe('');
    // Within Slack's 3 s: the local API refuses a trigger older than that (expired_trigger_id),
    // and the call was made before the acknowledgement went back.
    const open = slack.calls.filter((c) => c.method === 'views.open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ ok: true, args: { trigger_id: trigger } });
    expect(open[0]?.at).toBeLessThanOrEqual(started + answeredAfter);
    const [view] = slack.views();
    expect(view?.userId).toBe('U0ALICE');
    const json = JSON.stringify(view?.view);
    expect(view?.view).toMatchObject({ callback_id: RUN_PICKER_CALLBACK_ID });
    expect(json).toContain('Smoke tests');
    expect(json).toContain('Nightly');
    expect(json).not.toContain('Production checks');
    expect(json).toContain(':white_check_mark: Passed 1 h ago · Logs in and opens the dashboard');
    expect(invoker.messages).toEqual([]);
  });

  it('opens the picker for /ats run without a template too', async () => {
    // Prepare
    const trigger = slack.triggerFor('U0ALICE');

    // Act
    await ingress.handler(
      signedSlashCommand(
        { text: 'run', triggerId: trigger, userId: 'U0ALICE' },
        {
          signingSecret: SIGNING_SECRET,
        },
      ),
      lambdaContext,
    );

    // Assess
    expect(slack.calls.filter((c) => c.method === 'views.open').at(-1)).toMatchObject({
      ok: true,
      args: { trigger_id: trigger },
    });
  });

  it('answers with the templates to type when Slack refuses the modal (an expired trigger)', async () => {
    // Act
    const response = await ingress.handler(
      signedSlashCommand(
        { text: '', triggerId: '1.2.3', userId: 'U0ALICE' },
        {
          signingSecret: SIGNING_SECRET,
        },
      ),
      lambdaContext,
    );

    // Assess
    const body = JSON.parse(response.body ?? '{}') as { text: string };
    expect(body.text).toContain('`/ats run smoke`');
  });

  it('starts one job on submission, exactly as /ats run would, and closes the modal (empty answer)', async () => {
    // Prepare
    const view = slack.views()[0]?.view ?? {};
    const submission = slack.triggerFor('U0ALICE');
    const event = signedViewSubmission(
      {
        view,
        values: {
          template: { template: { type: 'radio_buttons', selected_option: { value: 'smoke' } } },
        },
        userId: 'U0ALICE',
        triggerId: submission,
      },
      { signingSecret: SIGNING_SECRET },
    );

    // Act
    const response = await ingress.handler(event, lambdaContext);
    const again = await ingress.handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body ?? '').toBe('');
    expect(again.statusCode).toBe(200);
    // A redelivered submission finds its job recorded: no second job (the worker is idempotent).
    const requestId = requestIdFromTrigger(submission);
    expect(new Set(invoker.messages.map((m) => `${m.type}:${m.requestId}`))).toEqual(
      new Set([`start:${requestId}`]),
    );
    const recorded = await store.listActiveInChannel('C0TESTS');
    expect(recorded.filter((j) => j.templateAlias === 'smoke')).toHaveLength(1);
    // The person hears what `/ats run smoke` would have said, through the command's response_url.
    const told = slack.messages({ channel: 'C0TESTS' }).filter((m) => m.ephemeralFor === 'U0ALICE');
    expect(told.at(-1)?.text).toContain('Starting *Smoke tests*');
    expect(await store.get(requestId)).toMatchObject({
      kind: 'run',
      phase: 'requested',
      templateAlias: 'smoke',
      channelId: 'C0TESTS',
      requester: { userId: 'U0ALICE' },
    });
  });

  it('keeps the modal open with the reason when the person may not run the template', async () => {
    // Prepare
    const view = slack.views()[0]?.view ?? {};

    // Act
    const response = await ingress.handler(
      signedViewSubmission(
        {
          view,
          values: {
            template: { template: { type: 'radio_buttons', selected_option: { value: 'prod' } } },
          },
          userId: 'U0ALICE',
        },
        { signingSecret: SIGNING_SECRET },
      ),
      lambdaContext,
    );

    // Assess
    expect(JSON.parse(response.body ?? '{}')).toEqual({
      response_action: 'errors',
      errors: { template: 'You may not run Production checks here. Ask an admin for access.' },
    });
  });
});
