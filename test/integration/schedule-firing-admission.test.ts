import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AtsSimulator, startAtsSimulator } from '../../functions/ats/simulator/simulator';
import { DynamoJobStore } from '../../functions/aws/dynamo-job-store';
import { DynamoQuotaStore } from '../../functions/aws/dynamo-quota-store';
import { DynamoScheduleStore } from '../../functions/aws/dynamo-schedule-store';
import { createSchedulesTableInput } from '../../functions/aws/schedules-table';
import { loadRuntimeConfig } from '../../functions/config';
import { channelKey, userKey } from '../../functions/core/requests/quotas';
import { requestIdFromTrigger } from '../../functions/core/requests/requests';
import { firingTrigger, newSchedule } from '../../functions/core/schedules/schedule';
import { parseScheduleRule } from '../../functions/core/schedules/schedule-rule';
import { assembleIngress } from '../../functions/ingress-assembly';
import {
  type InProcessWorker,
  startInProcessWorker,
} from '../../functions/local/in-process-worker';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../functions/local/slack-api/slack-api-server';
import { StopStack } from '../../functions/local/stop-stack';
import { createLogger } from '../../functions/logger';
import { type RunningDynalite, startDynalite } from '../support/dynalite';
import { signedSlashCommand } from '../support/slack-requests';

// The worker's firing path as local mode and the worker Lambda assemble it
// (`assembleScheduleWorker`), over DynamoDB (dynalite) with the quotas table the ingress counts
// in: a firing is admitted by the same counters as `/ats run`.

const SIGNING_SECRET = 'firing-admission-signing-secret';
const SECRETS = {
  slackSigningSecret: SIGNING_SECRET,
  slackBotToken: 'xoxb-firing-admission',
  atsAppApiToken: 'firing-admission-ats-token',
};
const CHANNEL = 'C0FIRING1';
const OWNER = 'U0OWNER01';
const OTHER = 'U0OTHER01';
const CATALOG = [{ alias: 'long', templateId: 'tpl-long', name: 'Long suite' }];

function ruleOf(words: string[]) {
  const parsed = parseScheduleRule(words);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rule;
}

describe('schedule firings through the assembled worker, on DynamoDB', () => {
  let db: RunningDynalite;
  let slack: SlackApiServer;
  let ats: AtsSimulator;
  let stops: StopStack;
  let worker: InProcessWorker;
  let jobs: DynamoJobStore;
  let schedules: DynamoScheduleStore;
  let quotasTable: string;
  let ingress: ReturnType<typeof assembleIngress>;

  beforeAll(async () => {
    db = await startDynalite();
    slack = await startSlackApiServer();
    ats = await startAtsSimulator({
      appApiToken: SECRETS.atsAppApiToken,
      templates: [
        {
          templateId: 'tpl-long',
          name: 'Long suite',
          queuedSeconds: 1,
          runningSeconds: 3_600,
          testCases: [{ name: 'Log in', result: 'Passed', durationSeconds: 1 }],
        },
      ],
    });
    const jobsTable = await db.createJobsTable();
    quotasTable = await db.createQuotasTable();
    const schedulesTable = `schedules-${process.pid}-${Date.now().toString(36)}`;
    await db.client.send(new CreateTableCommand(createSchedulesTableInput(schedulesTable)));
    jobs = new DynamoJobStore(db.doc, jobsTable);
    schedules = new DynamoScheduleStore(db.doc, schedulesTable);
    const quotaStore = new DynamoQuotaStore(db.doc, quotasTable);
    const runtime = loadRuntimeConfig(
      {
        ATS_APP_ID: 'demo-app',
        ATS_TEMPLATES: JSON.stringify(CATALOG),
        // One active job per channel: the owner's command fills it.
        QUOTA_ACTIVE_JOBS_PER_CHANNEL: '1',
      },
      'local',
    );
    const log = createLogger('firing-admission-test', 'SILENT');
    const clock = { now: () => Date.now() };
    stops = new StopStack(log);
    worker = startInProcessWorker(
      {
        runtime,
        secrets: SECRETS,
        store: jobs,
        log,
        clock,
        atsBaseUrl: ats.baseUrl,
        slackApiUrl: slack.url,
        schedules: { store: schedules, quotaStore },
      },
      stops,
    );
    ingress = assembleIngress({
      runtime,
      secrets: SECRETS,
      store: jobs,
      quotaStore,
      invoker: worker.invoker,
      logger: log,
      clock,
      slackApiUrl: slack.url,
    });
  }, 30_000);

  afterAll(async () => {
    await stops?.stopAll();
    await Promise.allSettled([ats?.close(), slack?.close(), db?.close()]);
  });

  async function holders(key: string): Promise<string[]> {
    const out = await db.client.send(new ScanCommand({ TableName: quotasTable }));
    const item = (out.Items ?? []).map((i) => unmarshall(i)).find((i) => i.quotaKey === key);
    return Object.keys((item?.holders as Record<string, number> | undefined) ?? {});
  }

  it('skips a firing of a full channel, tells the channel once however often it is delivered, and takes no place', async () => {
    // Prepare: the owner's schedule, and a run by someone else that fills the channel.
    const schedule = newSchedule({
      triggerId: 'firing-admission-1',
      channelId: CHANNEL,
      templateAlias: 'long',
      templateId: 'tpl-long',
      templateName: 'Long suite',
      rule: ruleOf(['every', '1', 'hours']),
      timeZone: 'UTC',
      ownerId: OWNER,
      now: Date.now() - 3_600_000,
    });
    expect(await schedules.create(schedule)).toBe(true);
    const ack = await ingress.ingress.handler(
      signedSlashCommand(
        { text: 'run long', userId: OTHER, channelId: CHANNEL },
        { signingSecret: SIGNING_SECRET },
      ),
      {} as never,
    );
    expect(JSON.parse(ack.body).text).toContain('Starting');
    await worker.invoker.idle();
    const at = Math.floor(Date.now() / 60_000) * 60_000;
    const firing = { type: 'fire_schedule' as const, scheduleId: schedule.scheduleId };

    // Act: Scheduler delivers the firing three times.
    for (let i = 0; i < 3; i++) {
      await worker.invoker.invoke({ ...firing, scheduledTime: new Date(at).toISOString() });
      await worker.invoker.idle();
    }

    // Assess
    const requestId = requestIdFromTrigger(firingTrigger(schedule.scheduleId, at));
    expect(await jobs.get(requestId)).toBeUndefined();
    expect(ats.requests.filter((r) => r.operation === 'RunJob')).toHaveLength(1);
    const told = slack.messages({ channel: CHANNEL }).filter((m) => m.text?.includes('Skipped'));
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('this channel already has 1 active jobs');
    expect(await holders(channelKey(CHANNEL))).not.toContain(requestId);
    expect(await holders(userKey(OWNER))).toEqual([]);
    expect(await schedules.get(schedule.scheduleId)).toMatchObject({
      state: 'active',
      quotaNoticeFor: at,
    });
  }, 30_000);
});
