/**
 * Slack surface benchmark: size, cold load and first request of the Lambda bundles exactly as they
 * are deployed, side by side with a plain Bolt bundle, and the warm acknowledgement latency.
 *
 * - Bundles: esbuild with the options CDK is given (`BOT_BUNDLING` in
 *   lib/constructs/bot-function.ts, its esbuild arguments, and the ingress's own
 *   `ingressEsbuildArgs()`), translated option by option. Plain Bolt is `App` +
 *   `AwsLambdaReceiver` from the package index with one `/ats` listener that acknowledges, built
 *   with the same options.
 * - Each sample is a fresh `node` process with the deployed `NODE_OPTIONS` (source maps on) and a
 *   Lambda-like environment: it imports the bundle (cold load: the import alone, timed inside the
 *   process, Node's own start-up left out), then, for the ingress and plain Bolt, hands the
 *   handler one signed `/ats run` Function URL event (load + first request: until the handler's
 *   answer). The ingress's first request is the real one: it reads the secret through the
 *   Parameters and Secrets extension's HTTP API, records the job in DynamoDB and invokes the
 *   worker, through the bundled code pointed at local stand-ins (dynalite and two HTTP servers;
 *   test/support/aws-http-stand-ins.ts).
 *   Samples go round-robin across bundles, so a busy machine slows all alike; median and p90.
 * - The catalog is read as deployed: from the JSON file ATS_TEMPLATES names. The ingress runs
 *   with a 1-template catalog and, in the same rounds, with a 300-template one with access lists
 *   (test/support/large-catalog.ts); "catalog alone" is a bundle that only reads and checks that
 *   file, as the functions do at load.
 * - Node 20 only: the AWS SDK warns once, at the first client, that it will need Node 22. Lambda
 *   runs Node 22, where the warning does not exist, so it is switched off here too.
 * - Warm acknowledgement: signed `/ats run` events through the unbundled ingress handler (Bolt
 *   receiver, signature check, listener, answer rendering) with an in-memory store and a no-op
 *   worker invoker, in this process after a warm-up. p50 / p99.
 *
 * Run: npm run bench:slack   (tsx bench/slack.bench.ts [--runs N] [--compare LABEL=FILE.mjs]…)
 * `--compare` adds an ingress bundle built elsewhere (e.g. from an older commit in a git worktree,
 * with its source map beside it) to the same run, samples and first request included.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import type { WorkerInvoker } from '../functions/core/ports';
import { parseCatalog } from '../functions/core/requests/catalog';
import { JobRequests } from '../functions/core/requests/requests';
import { createSlackIngress } from '../functions/slack/bolt-app';
import { ingressEsbuildArgs } from '../functions/slack/bolt-bundle/bolt-aliases';
import { BOT_BUNDLING, BOT_NODE_OPTIONS } from '../lib/constructs/bot-function';
import { PROJECT_ROOT } from '../lib/project-root';
import { type AwsHttpStandIns, startAwsHttpStandIns } from '../test/support/aws-http-stand-ins';
import { largeCatalog } from '../test/support/large-catalog';
import { MemoryJobStore } from '../test/support/memory-job-store';
import { signedSlashCommand } from '../test/support/slack-requests';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
/** `--compare LABEL=FILE` pairs: prebuilt ingress bundles to measure alongside. */
const COMPARE = process.argv.flatMap((arg, i) =>
  process.argv[i - 1] === '--compare' ? [arg.split(/=(.*)/s).slice(0, 2) as [string, string]] : [],
);
const WARM_UP = 300;
const WARM_REQUESTS = 3_000;
const SIGNING_SECRET = 'bench-signing-secret';
// The stand-ins' own SDK client (dynalite) in this process: see the Node 20 note above.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** What a deployed function's environment gives the entries (values are fake). */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  NODE_OPTIONS: BOT_NODE_OPTIONS,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  JOBS_TABLE_NAME: 'bench-jobs',
  WORKER_FUNCTION_NAME: 'bench-worker',
  SCHEDULE_GROUP_NAME: 'bench-polls',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/bench-scheduler',
  SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-AbCdEf',
  ATS_APP_ID: 'bench-app',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

const PLAIN_BOLT = `
import { App, AwsLambdaReceiver } from '@slack/bolt';
const receiver = new AwsLambdaReceiver({ signingSecret: ${JSON.stringify(SIGNING_SECRET)} });
const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench' }) });
app.command('/ats', async ({ ack }) => { await ack('plain Bolt acknowledges'); });
export const handler = receiver.toHandler();
`;

/**
 * What the issue requires of the ingress and nothing else, built like the ingress (same aliases):
 * Bolt's `App` and `AwsLambdaReceiver` from the modules the ingress imports, and the DynamoDB and
 * Lambda clients it records and hands off with, created at load. No listener, configuration,
 * logger or secret: how far below this the ingress cannot go.
 */
const REQUIRED_PARTS = `
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import App from '@slack/bolt/dist/App';
import AwsLambdaReceiver from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
export const handler = [App, AwsLambdaReceiver, PutCommand, InvokeCommand,
  DynamoDBDocumentClient.from(new DynamoDBClient({})), new LambdaClient({})];
`;

type EsbuildArgs = NonNullable<typeof BOT_BUNDLING.esbuildArgs>;

interface Sample {
  load: number;
  /** Load + first request; absent for bundles run without a request. */
  total?: number;
}

interface BundleCase {
  label: string;
  entry: { file: string } | { contents: string } | { prebuilt: string };
  esbuildArgs: EsbuildArgs;
  /** Environment beyond {@link LAMBDA_ENV}: the catalog file this case's process reads. */
  env: Record<string, string>;
  /** Text the answer to the first request must contain; no request when absent. */
  firstRequest?: string;
  outfile?: string;
  bytes?: number;
  inputs?: string[];
  /** Node built-ins the bundle imports with `import` statements, which Node loads with it. */
  builtinsAtLoad?: string[];
  samples: Sample[];
}

/**
 * esbuild's `alias` option from CDK-style esbuild arguments (`--alias:<package>` → target), the
 * only kind the functions use; anything else is refused so the benchmark cannot drift from what
 * is deployed without noticing.
 */
function aliasesOf(args: EsbuildArgs): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) => {
      if (!key.startsWith('--alias:') || typeof value !== 'string') {
        throw new Error(`bench does not translate esbuild argument ${key}`);
      }
      return [key.slice('--alias:'.length), value];
    }),
  );
}

/** The deployed esbuild options of a function with these extra esbuild arguments. */
function deployedOptions(esbuildArgs: EsbuildArgs): BuildOptions {
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
    alias: aliasesOf({ ...BOT_BUNDLING.esbuildArgs, ...esbuildArgs }),
    metafile: true,
    logLevel: 'error',
    absWorkingDir: PROJECT_ROOT,
  };
}

async function bundle(c: BundleCase, outDir: string, index: number): Promise<void> {
  if ('prebuilt' in c.entry) {
    c.outfile = c.entry.prebuilt;
    c.bytes = statSync(c.outfile).size;
    return;
  }
  const outfile = join(outDir, `bundle-${index}.mjs`);
  const result = await build({
    ...deployedOptions(c.esbuildArgs),
    ...('file' in c.entry
      ? { entryPoints: [join(PROJECT_ROOT, c.entry.file)] }
      : { stdin: { contents: c.entry.contents, resolveDir: PROJECT_ROOT, loader: 'ts' } }),
    outfile,
  });
  c.outfile = outfile;
  c.bytes = statSync(outfile).size;
  c.inputs = inputsOf(result.metafile);
  c.builtinsAtLoad = builtinsAtLoad(result.metafile);
}

function inputsOf(metafile: Metafile | undefined): string[] {
  return Object.values(metafile?.outputs ?? {}).flatMap((o) => Object.keys(o.inputs));
}

/**
 * The built-ins imported by `import` statements (not `require` or `import()`): Node builds their
 * ESM namespace when the bundle loads, reading every export, lazy getters included.
 */
function builtinsAtLoad(metafile: Metafile | undefined): string[] {
  const imports = Object.values(metafile?.inputs ?? {}).flatMap((input) => input.imports);
  const paths = imports
    .filter((i) => i.external && i.kind === 'import-statement')
    .map((i) => i.path);
  return [...new Set(paths)];
}

/** node:http's namespace reads its WebSocket getters, which load undici (~35 ms at load). */
const importsHttpAtLoad = (c: BundleCase) => (c.builtinsAtLoad ?? []).includes('node:http');

const holdsBolt = (c: BundleCase) =>
  (c.inputs ?? []).some((p) => p.includes('node_modules/@slack/bolt/'));
const boltColumn = (c: BundleCase) => (c.inputs ? (holdsBolt(c) ? 'yes' : 'no') : '?');

/** The script a sample's process runs: import, then (maybe) one request, then report. */
function sampleScript(file: string, expected: string | undefined): string {
  return `
const start = performance.now();
const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
const loaded = performance.now();
let total;
if (process.env.BENCH_EVENT) {
  const context = { functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '1024',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
    awsRequestId: 'bench-request', getRemainingTimeInMillis: () => 10000 };
  const response = await handler(JSON.parse(process.env.BENCH_EVENT), context);
  total = performance.now() - start;
  if (response.statusCode !== 200 || !String(response.body).includes(${JSON.stringify(expected ?? '')})) {
    throw new Error('unexpected answer: ' + JSON.stringify(response));
  }
}
console.log('BENCH_SAMPLE ' + JSON.stringify({ load: loaded - start, total }));
process.exit(0);
`;
}

const run = promisify(execFile);

/** Samples taken so far: each first request comes from its own person in its own channel. */
let requestsSent = 0;

/**
 * One fresh process: cold load, and load + first request when the case has one. The first
 * request is a new person's in a new channel, so the start quotas (per person, per channel, in the
 * shared stand-in table) admit every one, as they admit anybody's first `/ats run`.
 */
async function sample(c: BundleCase, aws: AwsHttpStandIns): Promise<Sample> {
  const n = requestsSent++;
  const event = c.firstRequest
    ? JSON.stringify(
        signedSlashCommand(
          { text: 'run smoke', userId: `U0BENCH${n}`, channelId: `C0BENCH${n}` },
          { signingSecret: SIGNING_SECRET },
        ),
      )
    : undefined;
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', sampleScript(c.outfile!, c.firstRequest)],
    {
      env: {
        PATH: process.env.PATH,
        ...LAMBDA_ENV,
        ...c.env,
        ...aws.environment,
        ...(event ? { BENCH_EVENT: event } : {}),
      },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_SAMPLE '));
  if (!line) throw new Error(`${c.label}: no sample in output: ${stdout}`);
  return JSON.parse(line.slice('BENCH_SAMPLE '.length)) as Sample;
}

async function warmAcknowledgement(): Promise<{ p50: number; p99: number; max: number }> {
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
    signingSecret: SIGNING_SECRET,
    botToken: 'xoxb-bench',
    logger: quiet,
    requests,
  });
  const samples: number[] = [];
  for (let i = 0; i < WARM_UP + WARM_REQUESTS; i++) {
    const event = signedSlashCommand({ text: 'run smoke' }, { signingSecret: SIGNING_SECRET });
    const start = performance.now();
    const response = await handler(event, {});
    const elapsed = performance.now() - start;
    if (response.statusCode !== 200) throw new Error(`ingress answered ${response.statusCode}`);
    if (i >= WARM_UP) samples.push(elapsed);
  }
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: Math.max(...samples) };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Which part of the dependency tree an input file belongs to, for the composition table. */
function partOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  if (!pkg) return 'project code';
  if (/^@(aws-sdk|smithy|aws)\/|^(mnemonist|obliterator)$/.test(pkg)) return 'AWS SDK v3';
  if (pkg.startsWith('@aws-lambda-powertools/')) return 'Powertools (logger, metrics)';
  if (pkg === '@slack/bolt') return 'Bolt';
  if (/^@slack\/|^(p-queue|p-retry|p-timeout|p-finally|retry|eventemitter3)$/.test(pkg)) {
    return 'Slack Web API client and its deps';
  }
  return `other (${pkg})`;
}

/** Bytes of the bundle per part, largest first. */
async function composition(c: BundleCase): Promise<[string, number][]> {
  const result = await build({
    ...deployedOptions(c.esbuildArgs),
    entryPoints: 'file' in c.entry ? [join(PROJECT_ROOT, c.entry.file)] : [],
    write: false,
    outfile: 'composition.mjs',
  });
  const parts = new Map<string, number>();
  for (const output of Object.values(result.metafile?.outputs ?? {})) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      parts.set(partOf(input), (parts.get(partOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return [...parts].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes = 0) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const signed = (value: number) => `${value < 0 ? '−' : '+'}${ms(Math.abs(value))}`;
const stats = (values: number[]) => `${ms(median(values))} (${ms(quantile(values, 0.9))})`;

/** The smoke template every first request runs, first in both catalogs. */
const SMOKE = { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke' };

/** Size of the large catalog: what a team with many suites and access lists deploys. */
const LARGE_CATALOG = 300;

/**
 * What a bundle that only reads and checks the catalog file does at load, as the functions do
 * with the bundled catalog.json: the catalog's own cold load.
 */
const CATALOG_ONLY = `
import { settingFromText } from './functions/setting-values';
const checked = settingFromText('templates', process.env.ATS_TEMPLATES, 'ATS_TEMPLATES');
if (!checked.ok || checked.value.length !== ${LARGE_CATALOG}) throw new Error(JSON.stringify(checked).slice(0, 300));
export const handler = checked.value.length;
`;

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'slack-bench-'));
  // The deployed form of the catalog: a JSON file beside the code, named by ATS_TEMPLATES.
  const smallCatalog = join(outDir, 'catalog-1.json');
  const largeCatalogFile = join(outDir, `catalog-${LARGE_CATALOG}.json`);
  writeFileSync(smallCatalog, JSON.stringify([SMOKE]));
  const large = [SMOKE, ...largeCatalog(LARGE_CATALOG - 1)];
  writeFileSync(largeCatalogFile, JSON.stringify(large));
  const small = { ATS_TEMPLATES: smallCatalog };
  const plain: BundleCase = {
    label: 'plain Bolt (`App` + `AwsLambdaReceiver`, one `/ats` listener)',
    entry: { contents: PLAIN_BOLT },
    esbuildArgs: {},
    env: small,
    firstRequest: 'plain Bolt acknowledges',
    samples: [],
  };
  const ingress: BundleCase = {
    label: 'ingress (`functions/slack-events.ts`), 1-template catalog',
    entry: { file: 'functions/slack-events.ts' },
    esbuildArgs: ingressEsbuildArgs(),
    env: small,
    firstRequest: ':rocket: Starting',
    samples: [],
  };
  const ingressLarge: BundleCase = {
    label: `ingress, ${LARGE_CATALOG}-template catalog with access lists (${kb(Buffer.byteLength(JSON.stringify(large)))})`,
    entry: { file: 'functions/slack-events.ts' },
    esbuildArgs: ingressEsbuildArgs(),
    env: { ATS_TEMPLATES: largeCatalogFile },
    firstRequest: ':rocket: Starting',
    samples: [],
  };
  const catalogOnly: BundleCase = {
    label: `catalog alone: read and check the ${LARGE_CATALOG}-template file`,
    entry: { contents: CATALOG_ONLY },
    esbuildArgs: {},
    env: { ATS_TEMPLATES: largeCatalogFile },
    samples: [],
  };
  const worker: BundleCase = {
    label: 'worker (`functions/job-worker.ts`)',
    entry: { file: 'functions/job-worker.ts' },
    esbuildArgs: {},
    env: small,
    samples: [],
  };
  const compared: BundleCase[] = COMPARE.map(([label, file]) => ({
    label,
    entry: { prebuilt: file },
    esbuildArgs: {},
    env: small,
    firstRequest: ':rocket: Starting',
    samples: [],
  }));
  const required: BundleCase = {
    label:
      'required parts only (Bolt `App` + `AwsLambdaReceiver` as the ingress imports them, DynamoDB and Lambda clients)',
    entry: { contents: REQUIRED_PARTS },
    esbuildArgs: ingressEsbuildArgs(),
    env: small,
    samples: [],
  };
  const cases = [plain, ingress, ingressLarge, ...compared, required, worker, catalogOnly];
  const aws = await startAwsHttpStandIns({
    secret: {
      slackSigningSecret: SIGNING_SECRET,
      slackBotToken: 'xoxb-bench',
      atsAppApiToken: 'bench-ats-token',
    },
  });
  try {
    for (const [i, c] of cases.entries()) await bundle(c, outDir, i);
    for (let r = 0; r < RUNS; r++) {
      for (const c of cases) c.samples.push(await sample(c, aws));
    }
    // Every first request really went through: one secret read and one worker invoke each.
    const invoked = aws.invocations.get(LAMBDA_ENV.WORKER_FUNCTION_NAME) ?? 0;
    const expected = RUNS * (2 + compared.length);
    if (invoked !== expected || aws.secretReads() !== expected) {
      throw new Error(
        `expected ${expected} invokes and secret reads, got ${invoked}, ${aws.secretReads()}`,
      );
    }
    const warm = await warmAcknowledgement();
    const parts = await composition(ingress);

    const loads = (c: BundleCase) => c.samples.map((s) => s.load);
    const totals = (c: BundleCase) => c.samples.map((s) => s.total ?? Number.NaN);
    console.log(
      `\nNode ${process.version}, NODE_OPTIONS=${BOT_NODE_OPTIONS}, ${RUNS} fresh processes per bundle (median, p90 in brackets)\n`,
    );
    console.log('| Bundle | Size | Bolt inside | Cold load | Load + first `/ats run` |');
    console.log('|---|---:|:---:|---:|---:|');
    for (const c of cases) {
      const first = c.firstRequest ? stats(totals(c)) : '–';
      console.log(
        `| ${c.label} | ${kb(c.bytes)} | ${boltColumn(c)} | ${stats(loads(c))} | ${first} |`,
      );
    }
    console.log('\nWhat the ingress bundle is made of:\n');
    console.log('| Part | Bytes |');
    console.log('|---|---:|');
    for (const [part, bytes] of parts) console.log(`| ${part} | ${kb(bytes)} |`);
    console.log(
      `\nWarm acknowledgement of a signed \`/ats run\` (${WARM_REQUESTS} requests after ${WARM_UP} warm-up):`,
    );
    console.log(`p50 ${ms(warm.p50)}, p99 ${ms(warm.p99)}, max ${ms(warm.max)}\n`);

    const loadRatio = median(loads(ingress)) / median(loads(plain));
    const totalRatio = median(totals(ingress)) / median(totals(plain));
    const requiredRatio = median(loads(required)) / median(loads(plain));
    const checks = [
      [`worker bundle holds no Bolt (metafile inputs)`, !holdsBolt(worker)],
      [
        'ingress and worker bundles do not import node:http at load (metafile imports)',
        !importsHttpAtLoad(ingress) && !importsHttpAtLoad(worker),
      ],
      [
        `ingress loads in ≤ ½ the plain Bolt time (median ratio ${loadRatio.toFixed(2)})`,
        loadRatio <= 0.5,
      ],
      [`warm p99 acknowledgement < 50 ms (${ms(warm.p99)})`, warm.p99 < 50],
    ] as const;
    for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
    console.log(
      `info  load + first request, ingress / plain Bolt: ${totalRatio.toFixed(2)} (the ingress also reads the secret, writes DynamoDB and invokes the worker)`,
    );
    console.log(
      `info  cold load of the required parts only / plain Bolt: ${requiredRatio.toFixed(2)}; the ingress / the required parts: ${(median(loads(ingress)) / median(loads(required))).toFixed(2)}`,
    );
    console.log(
      `info  the ${LARGE_CATALOG}-template catalog: cold load alone ${ms(median(loads(catalogOnly)))}; ingress cold load ${ms(median(loads(ingressLarge)))} against ${ms(median(loads(ingress)))} with one template (${signed(median(loads(ingressLarge)) - median(loads(ingress)))}), load + first request ${ms(median(totals(ingressLarge)))} against ${ms(median(totals(ingress)))}`,
    );
  } finally {
    await aws.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
