import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRunHistory } from '../../../functions/aws/dynamo-run-history';
import { createHistoryTableInput } from '../../../functions/aws/history-table';
import { buildChannelDigest, digestPeriods } from '../../../functions/core/digest/channel-digest';
import { templateTrend } from '../../../functions/core/history/history-stats';
import { DEMO_CATALOG } from '../../../functions/local/demo-catalog';
import { demoHistory, seedDemoHistory } from '../../../functions/local/demo-history';
import { PLAYGROUND_WORKSPACE } from '../../../functions/local/playground/workspace';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';

const NOW = Date.UTC(2026, 11, 5, 15, 30);
const DAY = 86_400_000;

let db: RunningDynalite;
let history: DynamoRunHistory;

beforeAll(async () => {
  db = await startDynalite();
  const tableName = `demo-history-${process.pid}`;
  await db.client.send(new CreateTableCommand(createHistoryTableInput(tableName)));
  history = new DynamoRunHistory(db.doc, tableName);
});

afterAll(async () => {
  await db?.close();
});

describe('the demo history', () => {
  it('gives three templates 30 days of mixed verdicts, reruns with flaky cases, all ended before now', () => {
    // Act
    const records = demoHistory(DEMO_CATALOG, { days: 30, now: NOW, historyDays: 400 });

    // Assess
    const templates = [...new Set(records.map((r) => r.templateId))];
    expect(templates).toEqual(['tpl-smoke', 'tpl-regression', 'tpl-warning']);
    expect(records.every((r) => r.endedAt <= NOW && r.endedAt > NOW - 31 * DAY)).toBe(true);
    for (const templateId of templates) {
      const trend = templateTrend(
        records.filter((r) => r.templateId === templateId),
        { now: NOW, days: 30 },
      );
      expect(trend.passRate.runs).toBeGreaterThanOrEqual(25);
      expect(trend.strip).toHaveLength(20);
    }
    const regression = templateTrend(
      records.filter((r) => r.templateId === 'tpl-regression'),
      { now: NOW, days: 30 },
    );
    expect(regression.passRate.rate).toBeGreaterThan(0.3);
    expect(regression.passRate.rate).toBeLessThan(0.95);
    expect(regression.flakiest[0]?.name).toBe('Checkout with voucher');
    expect(regression.mostFailed.map((t) => t.name)).toContain('Export invoice PDF');
    expect(records.some((r) => r.scheduleId === 'demo-nightly')).toBe(true);
    expect(new Set(records.map((r) => r.requestId)).size).toBe(records.length);
  });

  it("times every case of a run, so the week's digest names the slowest cases", () => {
    // Prepare
    const records = demoHistory(DEMO_CATALOG, { days: 30, now: NOW, historyDays: 400 });

    // Act
    const digest = buildChannelDigest(records, {
      ...digestPeriods(NOW),
      channelId: PLAYGROUND_WORKSPACE.channel.id,
      timeZone: 'UTC',
      truncated: false,
    });

    // Assess: an original run times all the cases of its suite (six for the regression suite).
    const originals = records.filter((r) => r.attempt === 0 && r.templateId === 'tpl-regression');
    expect(originals.every((r) => r.slowest?.count === 6 && r.slowest.cases.length === 6)).toBe(
      true,
    );
    // The regression suite's voucher checkout is its slowest case (31 s of its 95 s, growing).
    expect(digest.slowestCases[0]).toMatchObject({
      name: 'Checkout with voucher',
      templateName: 'Regression suite',
    });
    expect(digest.slowestCases[0]?.medianSeconds).toBeGreaterThan(31);
    expect(digest.slowestCases[0]?.runs).toBe(digest.slowestCases[0]?.timedRuns);
    expect(digest.slowestCases).toHaveLength(5);
  });

  it('is the same history when built again, so a restart with DATA_DIR adds only the new days', async () => {
    // Prepare
    const today = demoHistory(DEMO_CATALOG, { days: 30, now: NOW, historyDays: 400 });
    const again = demoHistory(DEMO_CATALOG, { days: 30, now: NOW, historyDays: 400 });
    const tomorrow = demoHistory(DEMO_CATALOG, { days: 30, now: NOW + DAY, historyDays: 400 });

    // Act
    const first = await seedDemoHistory(history, today);
    const restart = await seedDemoHistory(history, again);
    const nextDay = await seedDemoHistory(history, tomorrow);

    // Assess
    expect(again).toEqual(today);
    expect(first).toEqual({ written: today.length, kept: 0 });
    expect(restart).toEqual({ written: 0, kept: today.length });
    const known = new Set(today.map((r) => r.requestId));
    const fresh = tomorrow.filter((r) => !known.has(r.requestId));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((r) => r.endedAt > NOW)).toBe(true);
    expect(nextDay).toEqual({ written: fresh.length, kept: tomorrow.length - fresh.length });
    const stored = await history.runsOfTemplate(
      'tpl-smoke',
      { from: 0, to: NOW + 2 * DAY },
      10_000,
    );
    expect(stored.length).toBe(
      new Set(
        [...today, ...tomorrow].filter((r) => r.templateId === 'tpl-smoke').map((r) => r.requestId),
      ).size,
    );
  });
});
