/**
 * `/ats history` on in-process dynalite with 10,000 run records of one template: the answer's
 * query path (one index query of the period and the one before it, then the statistics), timed
 * against Slack's acknowledgement budget, with a plain single-item GetItem on the same dynalite
 * timed in the same rounds as the baseline.
 *
 * Two histories of the same template, 10,000 records each:
 * - spread over the 400 days history keeps by default (a template run ~25 times a day):
 *   `/ats history <alias>` (30 days) reads the 60 days it compares;
 * - all within the last 60 days (~170 runs a day, a very busy template): the read stops at
 *   HISTORY_READ_LIMIT (2,000) records.
 *
 * Per round, the path and the baseline run in turns. Reported: records read, wall-clock median
 * and p90 (ms), read capacity units consumed (`ReturnConsumedCapacity: TOTAL`, as DynamoDB would
 * bill them: dynalite computes them the same way), and the median ratio path / baseline.
 * dynalite is not DynamoDB (no network, LevelDB in memory): the figures show the adapter's and
 * the statistics' own cost and that the answer does not grow with the history kept.
 *
 * Targets, PASS/FAIL each: the path's p90 within half of Slack's 3 s acknowledgement (the rest
 * is for the links and the function itself), for both histories; reads bounded by the limit.
 *
 * Run: npm run bench:history
 */
import { performance } from 'node:perf_hooks';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoRunHistory } from '../functions/aws/dynamo-run-history';
import { createHistoryTableInput } from '../functions/aws/history-table';
import { answerHistory, HISTORY_READ_LIMIT } from '../functions/core/history/history-answer';
import type { RunRecord } from '../functions/core/history/run-record';
import { parseCatalog } from '../functions/core/requests/catalog';
import { renderHistory } from '../functions/slack/blocks/history';
import { startDynalite } from '../test/support/dynalite';

const RECORDS = 10_000;
const ROUNDS = 15;
const WARMUP = 2;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 5, 12);
/** Slack's acknowledgement deadline, and the share of it the query path may take. */
const ACK_BUDGET_MS = 3_000;
const PATH_SHARE = 0.5;

const CASES = [
  'Log in',
  'Create order',
  'Checkout with voucher',
  'Export invoice PDF',
  'Refund order',
];

/** The ten slowest of a run's 120 timed cases, as its record keeps them. */
const SLOW_CASES = [
  'Bulk import of 500 orders',
  'Monthly revenue report PDF',
  ...CASES,
  'Search customers by region',
  'Upload product images',
  'Sync inventory with the ERP',
];

/**
 * A record as the lifecycle writes it, with a few failing and flaky names like real runs have, and
 * its ten slowest cases.
 */
function aRecord(templateId: string, i: number, spanDays: number): RunRecord {
  const endedAt = NOW - Math.floor(((i + 0.5) / RECORDS) * spanDays * DAY);
  const failed = i % 3 === 0 ? CASES.filter((_, c) => (i + c) % 4 === 0) : [];
  const requestId = `bench-${templateId}-${i}`;
  return {
    requestId,
    rootRequestId: requestId,
    attempt: 0,
    kind: 'run',
    templateId,
    templateAlias: 'busy',
    templateName: 'Busy regression suite',
    verdict: failed.length > 0 ? 'failed' : 'passed',
    counts: { passed: 120 - failed.length, failed: failed.length, notExecuted: 0 },
    queueMs: 4_000 + (i % 7) * 1_000,
    runMs: 600_000 + (i % 50) * 3_000,
    startedAt: endedAt - 700_000,
    endedAt,
    userId: `U0USER${String(i % 20).padStart(4, '0')}`,
    channelId: 'C0BUSY0001',
    threadTs: `${Math.floor(endedAt / 1000)}.000100`,
    messageTs: `${Math.floor(endedAt / 1000)}.000100`,
    atsJobId: `0f1e2d3c-${String(i).padStart(8, '0')}`,
    notPassed: { names: failed, count: failed.length },
    flaky: { names: i % 11 === 0 ? ['Checkout with voucher'] : [], count: i % 11 === 0 ? 1 : 0 },
    slowest: {
      cases: SLOW_CASES.map((name, c) => ({ name, seconds: 300 - c * 20 + (i % 13) })),
      count: 120,
    },
    expiresAt: Math.floor(endedAt / 1000) + 400 * 86_400,
  };
}

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

interface Scenario {
  name: string;
  templateId: string;
  spanDays: number;
}

const SCENARIOS: Scenario[] = [
  { name: '10,000 records over 400 days', templateId: 'tpl-spread', spanDays: 400 },
  { name: '10,000 records within 60 days', templateId: 'tpl-busy', spanDays: 60 },
];

async function main(): Promise<void> {
  const db = await startDynalite();
  try {
    const tableName = `history-bench-${process.pid}`;
    await db.client.send(new CreateTableCommand(createHistoryTableInput(tableName)));
    let units = 0;
    const history = new DynamoRunHistory(db.doc, tableName, {
      onReadCapacity: (u) => {
        units += u;
      },
    });
    const loadStart = performance.now();
    for (const s of SCENARIOS) {
      const records = Array.from({ length: RECORDS }, (_, i) =>
        aRecord(s.templateId, i, s.spanDays),
      );
      // Batches of concurrent puts: loading is not what is measured.
      for (let i = 0; i < records.length; i += 50) {
        await Promise.all(records.slice(i, i + 50).map((r) => history.record(r)));
      }
    }
    console.log(
      `Loaded ${(RECORDS * SCENARIOS.length).toLocaleString('en-US')} records in ${((performance.now() - loadStart) / 1000).toFixed(1)} s.\n`,
    );

    const checks: [string, boolean][] = [];
    console.log(
      '| history | records read | path median ms | path p90 ms | RCU per answer | GetItem median ms | ratio (median) |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const s of SCENARIOS) {
      const catalog = parseCatalog([
        { alias: 'busy', templateId: s.templateId, name: 'Busy regression suite' },
      ]);
      const deps = {
        history,
        clock: { now: () => NOW },
        catalog,
        access: { catalog, admins: { users: [], userGroups: [] }, watchers: 'anyone' as const },
      };
      const asker = { userId: 'U0USER0001', channelId: 'C0BUSY0001' };
      const path: number[] = [];
      const baseline: number[] = [];
      const ratios: number[] = [];
      let read = 0;
      let rcu = 0;
      for (let round = 0; round < WARMUP + ROUNDS; round++) {
        units = 0;
        const answer = await timed(async () => {
          const a = await answerHistory(deps, { target: 'busy', days: 30 }, asker);
          if (a.kind !== 'history') throw new Error(`unexpected answer ${a.kind}`);
          renderHistory(a);
          return a;
        });
        const answerUnits = units;
        const get = await timed(() =>
          db.doc.send(
            new GetCommand({
              TableName: tableName,
              Key: { requestId: `bench-${s.templateId}-${round}` },
              ConsistentRead: true,
            }),
          ),
        );
        if (!get.value.Item) throw new Error('baseline read found nothing');
        if (round < WARMUP) continue;
        path.push(answer.ms);
        baseline.push(get.ms);
        ratios.push(answer.ms / get.ms);
        read = answer.value.recordsRead;
        rcu = answerUnits;
      }
      const p90 = quantile(path, 0.9);
      console.log(
        `| ${s.name} | ${read.toLocaleString('en-US')} | ${quantile(path, 0.5).toFixed(0)} | ${p90.toFixed(0)} | ${rcu.toFixed(1)} | ${quantile(baseline, 0.5).toFixed(2)} | ${quantile(ratios, 0.5).toFixed(0)}x |`,
      );
      checks.push([
        `${s.name}: /ats history path p90 ${p90.toFixed(0)} ms ≤ ${ACK_BUDGET_MS * PATH_SHARE} ms (half the ${ACK_BUDGET_MS} ms acknowledgement)`,
        p90 <= ACK_BUDGET_MS * PATH_SHARE,
      ]);
      checks.push([
        `${s.name}: records read ${read.toLocaleString('en-US')} ≤ ${HISTORY_READ_LIMIT.toLocaleString('en-US')} (HISTORY_READ_LIMIT)`,
        read > 0 && read <= HISTORY_READ_LIMIT,
      ]);
    }
    console.log('');
    for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

await main();
