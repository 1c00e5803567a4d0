/**
 * DynamoJobStore against in-process dynalite: latency of each JobStore call and of a contended
 * conditional write. dynalite is not DynamoDB (no network, LevelDB in memory), so these figures
 * show the adapter's own cost and that nothing is quadratic, not production latency.
 *
 * Run: npx tsx bench/storage.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { DynamoJobStore } from '../functions/aws/dynamo-job-store';
import { type Job, newJob } from '../functions/core/job';
import { startDynalite } from '../test/support/dynalite';

const ROUNDS = 300;

function stats(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return `| ${name} | ${samples.length} | ${mean.toFixed(2)} | ${at(0.5).toFixed(2)} | ${at(0.95).toFixed(2)} |`;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function aJob(i: number, resultCases = 0): Job {
  const job = newJob({
    requestId: `bench-${i}`,
    kind: 'run',
    templateId: 'tpl-bench',
    templateName: 'Bench suite',
    requester: { userId: 'U0123ABCD' },
    channelId: `C${String(i % 10).padStart(8, '0')}`,
    atsJobId: `ats-${i}`,
    now: 1_700_000_000_000 + i,
  });
  if (resultCases === 0) return job;
  return {
    ...job,
    result: {
      verdict: 'failed',
      atsResult: 'Failed',
      breakdown: { passed: resultCases - 1, failed: 1, notExecuted: 0 },
      flags: { canceled: false, warning: false },
      testCases: Array.from({ length: resultCases }, (_, c) => ({
        name: `Scenario ${c}`,
        result: c === 0 ? 'Failed' : 'Passed',
        durationSeconds: c,
        errorMessage: c === 0 ? 'Expected element not found' : undefined,
      })),
      flaky: [],
      errorMessage: undefined,
    },
  };
}

async function main(): Promise<void> {
  const db = await startDynalite();
  try {
    const store = new DynamoJobStore(db.doc, await db.createJobsTable());
    const rows: string[] = [];
    const create: number[] = [];
    const get: number[] = [];
    const replace: number[] = [];
    for (let i = 0; i < ROUNDS; i++) create.push(await time(() => store.create(aJob(i))));
    for (let i = 0; i < ROUNDS; i++) get.push(await time(() => store.get(`bench-${i}`)));
    for (let i = 0; i < ROUNDS; i++) {
      const job = aJob(i);
      replace.push(
        await time(() => store.replace({ ...job, phase: 'running', version: 2 }, job.version)),
      );
    }
    const byAts: number[] = [];
    const active: number[] = [];
    for (let i = 0; i < ROUNDS; i++) byAts.push(await time(() => store.findByAtsJobId(`ats-${i}`)));
    for (let i = 0; i < ROUNDS; i++) {
      active.push(
        await time(() => store.listActiveInChannel(`C${String(i % 10).padStart(8, '0')}`, 25)),
      );
    }
    const large: number[] = [];
    for (let i = 0; i < 50; i++) {
      large.push(await time(() => store.create(aJob(10_000 + i, 500))));
    }
    const contended: number[] = [];
    for (let i = 0; i < 50; i++) {
      const job = aJob(20_000 + i);
      await store.create(job);
      contended.push(
        await time(() =>
          Promise.all(
            Array.from({ length: 10 }, () =>
              store.replace({ ...job, phase: 'done', version: 2 }, 1),
            ),
          ),
        ),
      );
    }
    rows.push(stats('create', create));
    rows.push(stats('get (consistent)', get));
    rows.push(stats('replace (conditional)', replace));
    rows.push(stats('findByAtsJobId', byAts));
    rows.push(stats('listActiveInChannel (30 active, limit 25)', active));
    rows.push(stats('create, 500 test cases (~32 KB)', large));
    rows.push(stats('10 concurrent replace, same version', contended));
    console.log('| operation | runs | mean ms | p50 ms | p95 ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const row of rows) console.log(row);
  } finally {
    await db.close();
  }
}

await main();
