import { Logger } from '@aws-lambda-powertools/logger';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import { DynamoQuotaStore } from '../../../functions/aws/dynamo-quota-store';
import { DynamoScheduleStore } from '../../../functions/aws/dynamo-schedule-store';
import { createSchedulesTableInput } from '../../../functions/aws/schedules-table';
import { loadRuntimeConfig } from '../../../functions/config';
import type { AnyWorkerMessage } from '../../../functions/core/ports';
import { assembleIngress } from '../../../functions/ingress-assembly';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import type { SlackIngress } from '../../../functions/slack/bolt-app';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import { signedBlockAction, signedSlashCommand } from '../../support/slack-requests';
import { waitFor } from '../../support/wait-for';

const SIGNING_SECRET = 'schedule-signing-secret-0123';
const CHANNEL = 'C0SCHEDULE';
const ALICE = 'U0ALICE';
const lambdaContext = {} as never;

interface Ack {
  text: string;
  blocks?: {
    type: string;
    block_id?: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
}

describe('schedule commands and buttons through the Slack ingress, on DynamoDB and a local Slack', () => {
  let dynamo: RunningDynalite;
  let schedules: DynamoScheduleStore;
  let slack: SlackApiServer;
  let ingress: SlackIngress;
  const handed: AnyWorkerMessage[] = [];

  beforeAll(async () => {
    dynamo = await startDynalite();
    const jobs = new DynamoJobStore(dynamo.doc, await dynamo.createJobsTable());
    const schedulesTable = `schedules-${process.pid}-${Date.now().toString(36)}`;
    await dynamo.client.send(new CreateTableCommand(createSchedulesTableInput(schedulesTable)));
    schedules = new DynamoScheduleStore(dynamo.doc, schedulesTable);
    slack = await startSlackApiServer({
      users: { [ALICE]: { name: 'alice', tz: 'America/New_York' }, U0NOZONE: { name: 'nozone' } },
    });
    const runtime = loadRuntimeConfig(
      {
        ATS_APP_ID: 'app-1',
        ATS_TEMPLATES: JSON.stringify([
          { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
          {
            alias: 'prod',
            templateId: 'TPL-PROD',
            name: 'Production checks',
            allowedUsers: ['U0BOSS'],
          },
        ]),
        SLACK_API_URL: slack.url,
        SCHEDULE_DEFAULT_TIME_ZONE: 'Europe/Amsterdam',
      },
      'local',
    );
    const invoker = { invoke: async (message: AnyWorkerMessage) => void handed.push(message) };
    ({ ingress } = assembleIngress({
      runtime,
      secrets: { slackSigningSecret: SIGNING_SECRET, slackBotToken: 'xoxb-test' },
      store: jobs,
      quotaStore: new DynamoQuotaStore(dynamo.doc, await dynamo.createQuotasTable()),
      invoker,
      schedules: { store: schedules, invoker },
      logger: new Logger({ logLevel: 'SILENT' }),
    }));
  });

  afterAll(async () => {
    await slack.close();
    await dynamo.close();
  });

  async function command(text: string, userId = ALICE): Promise<Ack> {
    const response = await ingress.handler(
      signedSlashCommand({ text, userId, channelId: CHANNEL }, { signingSecret: SIGNING_SECRET }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(200);
    return JSON.parse(response.body) as Ack;
  }

  it('schedules in the Slack time zone of the person, shows three runs there and hands the schedule to the worker', async () => {
    // Prepare
    const before = handed.length;

    // Act
    const ack = await command('schedule smoke weekdays 02:00');

    // Assess
    expect(ack.text).toMatch(
      /^:calendar: Scheduled \*Smoke tests\* `weekdays 02:00` America\/New_York \(your Slack time zone\): schedule `(smoke-[0-9a-f]{8})`\./,
    );
    expect(ack.text).toMatch(
      /Next runs: \w{3} \d{1,2} \w{3} 02:00, \w{3} \d{1,2} \w{3} 02:00, \w{3} \d{1,2} \w{3} 02:00\./,
    );
    const id = /`(smoke-[0-9a-f]{8})`/.exec(ack.text)?.[1] ?? '';
    expect(await schedules.get(id)).toMatchObject({
      channelId: CHANNEL,
      ownerId: ALICE,
      timeZone: 'America/New_York',
      state: 'active',
    });
    expect(handed.slice(before)).toEqual([{ type: 'sync_schedule', scheduleId: id }]);
    expect(slack.calls.some((c) => c.method === 'users.info' && c.args.user === ALICE)).toBe(true);
  });

  it('falls back to the configured zone when Slack has none for the person', async () => {
    // Prepare / Act
    const ack = await command('schedule smoke every 6 hours', 'U0NOZONE');

    // Assess
    expect(ack.text).toContain("`every 6 hours` Europe/Amsterdam (the bot's default");
  });

  it.each([
    [
      'schedule smoke daily 25:00',
      /`25:00` is not a time of day: use 24-hour `HH:MM` from 00:00 to 23:59/,
    ],
    ['schedule smoek daily 02:00', /There is no template `smoek`\. Did you mean `smoke`\?/],
    ['schedule smoke daily 02:00 Moon/Base', /`Moon\/Base` is not a time zone I know/],
    ['schedule prod daily 02:00', /:lock: You may not schedule \*Production checks\* here/],
    ['schedule smoke daily <!channel>', /is not a template alias and when to run it/],
    ['schedules now', /`\/ats schedules` takes no arguments/],
    ['unschedule smoke-00000000', /I know no schedule `smoke-00000000`/],
  ])('answers %j clearly and records nothing', async (text, message) => {
    // Prepare
    const before = handed.length;

    // Act
    const ack = await command(text);

    // Assess
    expect(ack.text).toMatch(message);
    expect(handed.length).toBe(before);
  });

  it("lists the channel's schedules with Pause and Remove buttons, and the Remove button removes one", async () => {
    // Prepare
    const set = await command('schedule smoke daily 06:30 UTC');
    const id = /`(smoke-[0-9a-f]{8})`/.exec(set.text)?.[1] ?? '';

    // Act
    const list = await command('schedules');
    const responseUrl = slack.responseUrl(undefined, { channel: CHANNEL, userId: ALICE });
    const click = await ingress.handler(
      signedBlockAction(
        {
          actionId: 'schedule_remove',
          value: id,
          userId: ALICE,
          channelId: CHANNEL,
          responseUrl,
          blockId: `schedule:${id}`,
        },
        { signingSecret: SIGNING_SECRET },
      ),
      lambdaContext,
    );

    // Assess
    const actions = list.blocks?.find((b) => b.block_id === `schedule:${id}`);
    expect(actions?.elements?.map((e) => [e.action_id, e.value])).toEqual([
      ['schedule_pause', id],
      ['schedule_remove', id],
    ]);
    expect(click.statusCode).toBe(200);
    const answer = await waitFor('the click to be answered', 5, () =>
      slack
        .messages({ channel: CHANNEL })
        .find((m) => m.ephemeralFor === ALICE && m.text?.includes('Removed')),
    );
    expect(answer.text).toContain(`Removed the schedule \`${id}\``);
    expect(JSON.stringify(answer.blocks)).not.toContain(`schedule:${id}`);
    expect(await schedules.get(id)).toMatchObject({ state: 'removed', changedBy: ALICE });
    expect(handed.at(-1)).toEqual({ type: 'sync_schedule', scheduleId: id });
  });
});
