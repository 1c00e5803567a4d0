/**
 * Load benchmark: how many jobs per second the bot sustains in one process with no faults, each
 * job started by a signed slash command through the real Slack ingress and run by the real worker
 * (the assembly `functions/job-worker.ts` runs on AWS) against dynalite (on a worker thread), the
 * ATS simulator and the local Slack Web API, in virtual time (jobs of one to two minutes, polled
 * by the real policy at EventBridge Scheduler's one-minute precision). Reports DynamoDB operations
 * per job (counted in the SDK client's middleware) and the peak resident memory (sampled).
 *
 * dynalite is LevelDB in memory and every server shares the two cores with the bot, so the
 * figures are the bot's own cost per job, not production latency.
 *
 * Run: npm run bench:load   (BENCH_JOBS=n for another count; RELIABILITY_SEED=n to fix the seed)
 */
import { clearRedactedSecrets } from '../functions/logger';
import { LOAD_SECRETS, NO_FAULTS, runLoad } from '../test/support/reliability/load-run';
import { captureLogs } from '../test/support/reliability/log-capture';
import { SEED_VARIABLE, seedFromEnvironment } from '../test/support/reliability/seeded-chance';

const RUNS = Number(process.env.BENCH_JOBS ?? 1_000);
const SAMPLE_EVERY_MS = 50;

async function main(): Promise<void> {
  const seed = seedFromEnvironment();
  console.log(`seed ${seed} (${SEED_VARIABLE}=${seed} replays this run)`);
  if (!Number.isInteger(RUNS) || RUNS < 1)
    throw new RangeError('BENCH_JOBS must be a whole number');

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, SAMPLE_EVERY_MS);
  // The bot logs a JSON line per step: keep the output to the figures.
  const capture = captureLogs({ 'Slack bot token': LOAD_SECRETS.slackBotToken });
  let result: Awaited<ReturnType<typeof runLoad>>;
  const cpuBefore = process.cpuUsage();
  try {
    result = await runLoad({
      seed,
      runs: RUNS,
      watches: 0,
      faults: NO_FAULTS,
      clickShare: 0,
      doubleClickShare: 0,
      arrivalSpanMs: 60 * 60_000,
      budgetMs: 15 * 60_000,
      atsTimeoutMs: 10_000,
    });
  } finally {
    capture.stop();
    clearInterval(sampler);
    clearRedactedSecrets();
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpu = process.cpuUsage(cpuBefore);

  const { counts } = result.invariants;
  const jobs = counts.jobs;
  const seconds = result.wallMs / 1000;
  const ops = result.dynamoOps;
  const totalOps = Object.values(ops).reduce((a, b) => a + b, 0);
  const perJob = (n: number) => (n / jobs).toFixed(2);
  const t = result.timings;
  const rows: [string, string][] = [
    ['run requests (slash commands)', String(RUNS)],
    ['jobs (runs + automatic reruns)', `${jobs} (${counts.runJobs} + ${counts.reruns})`],
    [
      'worker invocations',
      `${result.delivery.deliveries} (${result.delivery.pollDeliveries} polls)`,
    ],
    ['virtual time covered', `${(result.virtualMs / 60_000).toFixed(0)} min`],
    ['wall time', `${seconds.toFixed(1)} s`],
    ['**jobs per second**', `**${(jobs / seconds).toFixed(1)}**`],
    ['worker invocations per second', (result.delivery.deliveries / seconds).toFixed(0)],
    [
      'CPU per job (bot, dynalite, ATS simulator, Slack stand-in)',
      `${((cpu.user + cpu.system) / 1000 / jobs).toFixed(1)} ms`,
    ],
    [
      'mean worker invocation / ingress request (32 in flight)',
      `${(t.workerMs / t.workerInvocations).toFixed(0)} ms / ${(t.ingressMs / t.ingressRequests).toFixed(0)} ms`,
    ],
    ['**DynamoDB operations per job**', `**${perJob(totalOps)}**`],
    [
      // UpdateItem: the start quotas' counters, taken by the ingress for each run.
      '↳ GetItem / PutItem / UpdateItem / Query per job',
      `${perJob(ops.GetItemCommand ?? 0)} / ${perJob(ops.PutItemCommand ?? 0)} / ${perJob(ops.UpdateItemCommand ?? 0)} / ${perJob(ops.QueryCommand ?? 0)}`,
    ],
    ['ATS calls per job', perJob(result.atsCalls)],
    ['Slack Web API calls per job', perJob(result.slackCalls)],
    ['**peak RSS**', `**${(peakRss / 1024 / 1024).toFixed(0)} MB**`],
    ['invariant violations', String(result.invariants.violationCount)],
  ];
  console.log('\n| measure | value |\n|---|---:|');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
  if (result.invariants.violationCount > 0) {
    console.log(result.invariants.violations.join('\n'));
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
