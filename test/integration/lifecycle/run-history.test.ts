import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import { DynamoRunHistory } from '../../../functions/aws/dynamo-run-history';
import { createHistoryTableInput } from '../../../functions/aws/history-table';
import {
  buildChannelDigest,
  DIGEST_RECORD_LIMIT,
  digestPeriods,
  digestReadSpan,
} from '../../../functions/core/digest/channel-digest';
import { templateTrend } from '../../../functions/core/history/history-stats';
import type { RunHistory } from '../../../functions/core/history/ports';
import type { RunRecord } from '../../../functions/core/history/run-record';
import { renderDigest } from '../../../functions/slack/blocks/digest-message';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import { createScenario, type SharedAts, startSharedAts } from './scenario';

let shared: SharedAts;
let db: RunningDynalite;
let tables = 0;

beforeAll(async () => {
  [shared, db] = await Promise.all([startSharedAts(), startDynalite()]);
});

afterAll(async () => {
  await Promise.all([shared.sim.close(), db.close()]);
});

async function historyScenario(
  options: { pollLimitMs?: number; history?: (h: RunHistory) => RunHistory } = {},
) {
  tables += 1;
  const tableName = `history-${process.pid}-${tables}`;
  await db.client.send(new CreateTableCommand(createHistoryTableInput(tableName)));
  const stored = new DynamoRunHistory(db.doc, tableName);
  const store = new DynamoJobStore(db.doc, await db.createJobsTable());
  const s = createScenario(shared, {
    store,
    history: options.history ? options.history(stored) : stored,
    settings: { pollLimitMs: options.pollLimitMs, historyDays: 30 },
  });
  const all = (templateId: string) =>
    stored.runsOfTemplate(templateId, { from: 0, to: s.clock.now() + 1 }, 100);
  return { s, stored, all };
}

describe('every finished job leaves one history record (lifecycle on dynalite)', () => {
  it('records a run and each automatic rerun once, linked, under triple concurrent delivery', async () => {
    // Prepare
    const { s, all } = await historyScenario();
    const job = await s.request('run', 'flaky-auto');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const report = await s.drain({ copies: 3, concurrent: true });

    // Assess
    expect(report.errors).toEqual([]);
    const records = await all('tpl-flaky');
    expect(records).toHaveLength(3);
    const [third, second, first] = records as [RunRecord, RunRecord, RunRecord];
    expect([first.attempt, second.attempt, third.attempt]).toEqual([0, 1, 2]);
    expect(records.every((r) => r.rootRequestId === job.requestId)).toBe(true);
    expect([first.verdict, second.verdict, third.verdict]).toEqual(['failed', 'failed', 'passed']);
    // Refund order was not executed by the original: passing now is not flaking.
    expect(third.flaky).toEqual({ names: ['Apply voucher', 'Export invoice'], count: 2 });
    expect(first).toMatchObject({
      templateAlias: 'flaky-auto',
      templateName: 'Regression suite',
      userId: 'U0000ALICE',
      channelId: 'C0000TESTS',
    });
    expect(first.threadTs).toBeDefined();
    expect(third.threadTs).toBe(first.threadTs);
    expect(first.runMs).toBeGreaterThan(0);
    // The original's cases by duration, the passed one included; the not-executed one (0 s) not.
    expect(first.slowest).toEqual({
      cases: [
        { name: 'Apply voucher', seconds: 97 },
        { name: 'Export invoice', seconds: 61 },
        { name: 'Log in', seconds: 40 },
      ],
      count: 3,
    });
    expect(first.expiresAt).toBe(Math.floor(first.endedAt / 1000) + 30 * 86_400);
    // Counted once, with the chain's final verdict.
    const trend = templateTrend(records, { now: s.clock.now(), days: 30 });
    expect(trend.passRate).toEqual({ runs: 1, counted: 1, passed: 1, rate: 1 });
    expect(trend.flakiest.map((t) => t.name)).toEqual(['Apply voucher', 'Export invoice']);
  });

  it("the channel's digest names the slowest cases of the settled jobs' records", async () => {
    // Prepare
    const { s, stored } = await historyScenario();
    const flaky = await s.request('run', 'flaky-auto');
    const failing = await s.request('run', 'fail');
    await s.handle({ type: 'start', requestId: flaky.requestId });
    await s.handle({ type: 'start', requestId: failing.requestId });
    await s.drain();
    const periods = digestPeriods(s.clock.now() + 1);

    // Act
    const records = await stored.runsInChannel(
      'C0000TESTS',
      digestReadSpan(periods),
      DIGEST_RECORD_LIMIT,
    );
    const digest = buildChannelDigest(records, {
      ...periods,
      channelId: 'C0000TESTS',
      timeZone: 'UTC',
      truncated: false,
    });
    const message = renderDigest(digest);

    // Assess: from each run's original (its reruns' durations are left out), over both templates.
    expect(records).toHaveLength(4);
    expect(digest.slowestCases.map((c) => [c.name, c.templateName, c.medianSeconds])).toEqual([
      ['Apply voucher', 'Regression suite', 97],
      ['Pay by card', 'Checkout suite', 90],
      ['Export invoice', 'Regression suite', 61],
      ['Log in', 'Checkout suite', 40],
      ['Log in', 'Regression suite', 40],
    ]);
    expect(JSON.stringify(message.blocks)).toContain(
      '`Apply voucher` (Regression suite) 1m 37s, among the slowest in 1 of 1 run',
    );
  });

  it('records a job that timed out by its phase', async () => {
    const { s, all } = await historyScenario({ pollLimitMs: 2 * 3_600_000 });
    const job = await s.request('run', 'endless');
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain({ copies: 2 });
    expect((await all('tpl-endless')).map((r) => [r.requestId, r.verdict])).toEqual([
      [job.requestId, 'timed_out'],
    ]);
  });

  it('writes the record on a later delivery when the history store failed the first time', async () => {
    // Prepare: the first write fails as a DynamoDB outage would.
    let failures = 0;
    const { s, all } = await historyScenario({
      history: (stored) => ({
        ...stored,
        runsOfTemplate: stored.runsOfTemplate.bind(stored),
        runsInChannel: stored.runsInChannel.bind(stored),
        recentRunsOfUser: stored.recentRunsOfUser.bind(stored),
        record: async (run) => {
          if (failures === 0) {
            failures += 1;
            throw new Error('ProvisionedThroughputExceededException');
          }
          return stored.record(run);
        },
      }),
    });
    const job = await s.request('run', 'fail');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const report = await s.drain();

    // Assess: the failed write failed its message; the safety poll wrote the record.
    expect(failures).toBe(1);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(s.notifier.outcomes()).toHaveLength(1);
    expect((await all('tpl-fail')).map((r) => [r.requestId, r.verdict])).toEqual([
      [job.requestId, 'failed'],
    ]);
    // Written by a later delivery, which has no ATS answer at hand: the durations come from the
    // stored result, ranked when the job finished.
    expect((await all('tpl-fail'))[0]?.slowest).toEqual({
      cases: [
        { name: 'Pay by card', seconds: 90 },
        { name: 'Log in', seconds: 40 },
      ],
      count: 2,
    });
  });

  it("ranks a 20,000-case job's slowest cases from ATS's whole answer, not the 200 it stores", async () => {
    // Prepare
    const { s, all } = await historyScenario();
    const job = await s.request('run', 'huge');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const report = await s.drain();

    // Assess
    expect(report.errors).toEqual([]);
    const [record] = await all('tpl-huge');
    expect(record?.notPassed.count).toBe(800);
    expect(record?.slowest?.count).toBe(20_000);
    // The slow case passed and comes 19,998th: only the whole answer has it. The rest tie at
    // 12 s and go by name.
    expect(record?.slowest?.cases.map((c) => [c.name.slice(0, 8), c.seconds])).toEqual([
      ['TC_19998', 900],
      ...Array.from({ length: 9 }, (_, i) => [`TC_0000${i}`, 12]),
    ]);
  });
});
