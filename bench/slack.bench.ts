/**
 * Slack surface benchmark: bundle size and cold load time of the Lambda bundles built as they are
 * deployed, side by side with a plain bundle of Bolt's `App` + `AwsLambdaReceiver`, and the warm
 * acknowledgement latency of the ingress handler.
 *
 * - Bundles: esbuild with the options of `lib/constructs/bot-function.ts` (`BOT_BUNDLING`: ESM,
 *   node22, minified, source maps, everything bundled including the AWS SDK); the ingress adds
 *   its aliases (`functions/slack/ingress-bundle.ts`).
 * - Cold load: a fresh `node` imports the bundle, N times, round-robin across bundles so a busy
 *   machine slows all alike; the time of the import alone is measured inside the process
 *   (Node's own start-up is the same for all and left out). Median and spread reported.
 * - Warm acknowledgement: signed `/ats run` Function URL events through the real ingress handler
 *   (Bolt receiver, signature check, listener, answer rendering) with an in-memory store and a
 *   no-op worker invoker, in this process after a warm-up. p50 / p99.
 *
 * Run: npm run bench:slack   (tsx bench/slack.bench.ts [--runs N])
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { parseCatalog } from '../functions/core/catalog';
import type { WorkerInvoker } from '../functions/core/ports';
import { JobRequests } from '../functions/core/requests';
import { createSlackIngress } from '../functions/slack/bolt-app';
import { ingressBundleAliases } from '../functions/slack/ingress-bundle';
import { BOT_BUNDLING } from '../lib/constructs/bot-function';
import { PROJECT_ROOT } from '../lib/project-root';
import { MemoryJobStore } from '../test/support/memory-job-store';
import { signedSlashCommand } from '../test/support/slack-requests';

const runsArg = process.argv.indexOf('--runs');
const COLD_RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const WARM_UP = 300;
const WARM_REQUESTS = 3_000;

/** What a deployed function's environment gives the entries at load (values are fake). */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  JOBS_TABLE_NAME: 'bench-jobs',
  WORKER_FUNCTION_NAME: 'bench-worker',
  SCHEDULE_GROUP_NAME: 'bench-polls',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/bench-scheduler',
  SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-AbCdEf',
  ATS_APP_ID: 'bench-app',
  ATS_TEMPLATES: JSON.stringify([{ alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke' }]),
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

interface BundleCase {
  label: string;
  entry: { file: string } | { contents: string };
  aliases?: Record<string, string>;
  outfile?: string;
  bytes?: number;
  hasBolt?: boolean;
  loads: number[];
}

const AWS_CLIENTS = `
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new LambdaClient({}), new SecretsProvider({})];
`;

const ZOD = `
import { z } from 'zod';
export const schema = z.object({ alias: z.string().regex(/^[a-z]+$/), n: z.number().int() }).strict();
`;

const WORKER_SLACK = `
import { SlackNotifier } from './functions/slack/slack-notifier';
import { createSlackWebClient } from './functions/slack/web-client';
export const notifier = new SlackNotifier(createSlackWebClient('xoxb-bench'), { catalog: [] });
`;

const PLAIN_BOLT = `
import { App, AwsLambdaReceiver } from '@slack/bolt';
const receiver = new AwsLambdaReceiver({ signingSecret: 'bench' });
new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench' }) });
export const handler = receiver.toHandler();
`;

/** The common options of every bot function, translated from the CDK construct's. */
function deployedOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: BOT_BUNDLING.format === 'esm' ? 'esm' : 'cjs',
    target: BOT_BUNDLING.target,
    mainFields: BOT_BUNDLING.mainFields,
    banner: BOT_BUNDLING.banner ? { js: BOT_BUNDLING.banner } : undefined,
    external: BOT_BUNDLING.externalModules,
    minify: BOT_BUNDLING.minify,
    sourcemap: BOT_BUNDLING.sourceMap,
    sourcesContent: BOT_BUNDLING.sourcesContent,
    metafile: true,
    logLevel: 'error',
    absWorkingDir: PROJECT_ROOT,
  };
}

async function bundle(c: BundleCase, outDir: string, index: number): Promise<void> {
  const outfile = join(outDir, `bundle-${index}.mjs`);
  const result = await build({
    ...deployedOptions(),
    ...('file' in c.entry
      ? { entryPoints: [join(PROJECT_ROOT, c.entry.file)] }
      : { stdin: { contents: c.entry.contents, resolveDir: PROJECT_ROOT, loader: 'ts' } }),
    ...(c.aliases ? { alias: c.aliases } : {}),
    outfile,
  });
  c.outfile = outfile;
  c.bytes = statSync(outfile).size;
  c.hasBolt = inputsOf(result.metafile).some((p) => p.includes('node_modules/@slack/bolt/'));
}

function inputsOf(metafile: Metafile | undefined): string[] {
  return Object.values(metafile?.outputs ?? {}).flatMap((o) => Object.keys(o.inputs));
}

/** Milliseconds a fresh Node process spends importing the bundle. */
function coldLoad(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(
    process.execPath,
    ['--no-warnings', '--input-type=module', '-e', script],
    {
      env: { PATH: process.env.PATH, ...LAMBDA_ENV },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return Number(out.trim());
}

async function warmAcknowledgement(): Promise<{ p50: number; p99: number; max: number }> {
  const signingSecret = 'bench-signing-secret';
  const invoker: WorkerInvoker = { invoke: async () => {} };
  const requests = new JobRequests({
    store: new MemoryJobStore(),
    invoker,
    clock: { now: () => Date.now() },
    catalog: parseCatalog([{ alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke tests' }]),
  });
  const quiet = {
    debug() {},
    info() {},
    warn() {},
    error() {},
    setLevel() {},
    getLevel: () => 'error' as never,
    setName() {},
  };
  const { handler } = createSlackIngress({
    signingSecret,
    botToken: 'xoxb-bench',
    logger: quiet,
    requests,
  });
  const samples: number[] = [];
  for (let i = 0; i < WARM_UP + WARM_REQUESTS; i++) {
    const event = signedSlashCommand({ text: 'run smoke' }, { signingSecret });
    const start = performance.now();
    const response = await handler(event, {});
    const elapsed = performance.now() - start;
    if (response.statusCode !== 200) throw new Error(`ingress answered ${response.statusCode}`);
    if (i >= WARM_UP) samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: samples.at(-1) ?? 0 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const kb = (bytes = 0) => `${(bytes / 1024).toFixed(0)} KB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

async function main(): Promise<void> {
  const cases: BundleCase[] = [
    {
      label: 'plain Bolt (`App` + `AwsLambdaReceiver`)',
      entry: { contents: PLAIN_BOLT },
      loads: [],
    },
    {
      label: 'ingress entry (`functions/slack-events.ts`)',
      entry: { file: 'functions/slack-events.ts' },
      aliases: ingressBundleAliases(),
      loads: [],
    },
    {
      label: '↳ its Slack part (`functions/slack/bolt-app.ts`)',
      entry: { file: 'functions/slack/bolt-app.ts' },
      aliases: ingressBundleAliases(),
      loads: [],
    },
    {
      label: '↳ its AWS SDK v3 clients (DynamoDB, Lambda, Secrets Manager)',
      entry: { contents: AWS_CLIENTS },
      loads: [],
    },
    {
      label: '↳ its `zod` (config, catalog, worker messages)',
      entry: { contents: ZOD },
      loads: [],
    },
    {
      label: 'worker entry (`functions/job-worker.ts`)',
      entry: { file: 'functions/job-worker.ts' },
      loads: [],
    },
    {
      label: '↳ its Slack part (`web-client.ts` + `slack-notifier.ts`)',
      entry: { contents: WORKER_SLACK },
      loads: [],
    },
  ];
  const outDir = mkdtempSync(join(tmpdir(), 'slack-bench-'));
  mkdirSync(outDir, { recursive: true });
  try {
    for (const [i, c] of cases.entries()) await bundle(c, outDir, i);
    for (let run = 0; run < COLD_RUNS; run++) {
      for (const c of cases) c.loads.push(coldLoad(c.outfile!));
    }
    const warm = await warmAcknowledgement();

    const [plain, ingress, ingressSlack, , , worker, workerSlack] = cases as [
      BundleCase,
      BundleCase,
      BundleCase,
      BundleCase,
      BundleCase,
      BundleCase,
      BundleCase,
    ];
    console.log(
      `\nNode ${process.version}, ${COLD_RUNS} cold loads per bundle (median, p90 in brackets)\n`,
    );
    console.log('| Bundle | Size | Bolt inside | Cold load |');
    console.log('|---|---:|:---:|---:|');
    for (const c of cases) {
      console.log(
        `| ${c.label} | ${kb(c.bytes)} | ${c.hasBolt ? 'yes' : 'no'} | ${ms(median(c.loads))} (${ms(quantile(c.loads, 0.9))}) |`,
      );
    }
    console.log(
      `\nWarm acknowledgement of a signed \`/ats run\` (${WARM_REQUESTS} requests after ${WARM_UP} warm-up):`,
    );
    console.log(`p50 ${ms(warm.p50)}, p99 ${ms(warm.p99)}, max ${ms(warm.max)}\n`);
    const ratio = median(ingress.loads) / median(plain.loads);
    const slackRatio = median(ingressSlack.loads) / median(plain.loads);
    const checks = [
      [`worker bundle holds no Bolt`, !worker.hasBolt && !workerSlack.hasBolt],
      [
        `ingress Slack part loads in ≤ ½ the plain Bolt time (ratio ${slackRatio.toFixed(2)})`,
        slackRatio <= 0.5,
      ],
      [
        `whole ingress entry loads in ≤ ½ the plain Bolt time (ratio ${ratio.toFixed(2)})`,
        ratio <= 0.5,
      ],
      [`warm p99 acknowledgement < 50 ms`, warm.p99 < 50],
    ] as const;
    for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
