/**
 * XML benchmark of the ATS client (`npm run bench:xml`; not a test).
 *
 * Parses GetJobStatus answers with 100, 1,000 and 10,000 test cases, as the simulator renders
 * them (CDATA like real ATS, and plain text), with the client's parser (parse and typed result)
 * and, as the baseline in the same run, fast-xml-parser with default options (parse only, no
 * mapping to typed results). Builds request envelopes.
 *
 * - Same V8 settings as production: the benchmark runs in a Node process whose `NODE_OPTIONS`
 *   are exactly those every Lambda function gets (`BOT_NODE_OPTIONS` in
 *   lib/constructs/bot-function.ts); started any other way it starts itself again so. To measure
 *   other settings, set `XML_BENCH_NODE_OPTIONS`: the output then says they are not production's.
 * - Warm: each function runs a number of times first (warm-up), then at least 20 timed runs in
 *   the same process; every run parses the whole answer again, nothing is kept between runs.
 *   Client and baseline run in turns, one run each per round, so that load from other processes
 *   on a shared machine weighs on both alike.
 * - Per operation: wall-clock median, p90 and best, and the process CPU time (user + system, all
 *   threads, so parallel GC counts too) as median and p90, which waiting for a core does not
 *   inflate (other processes sharing caches and cores still do); and the load average. At
 *   10,000 test cases a memory-bound loop that allocates nothing runs in the same rounds: its
 *   spread is the machine's own (this shared machine's memory-bound speed changes by up to ~2x
 *   over seconds, even when idle), not the parser's.
 * - Targets (issue 2), with PASS/FAIL each, for CDATA (what ATS sends) and plain text: 10,000
 *   test cases parse in at most 150 ms warm (wall median), and time grows roughly linearly from
 *   1,000 to 10,000 test cases: at most 13.3x, what n·log n would give (10x is exactly linear),
 *   measured in paired rounds (ten 1,000-case parses, then one 10,000-case parse, or the other
 *   way round) so that both sizes meet the same machine conditions. Next to them, machine-
 *   independent figures from the same rounds: the client's share of the baseline (against the
 *   range the issue's own numbers give) and of fast-xml-parser alone with the client's options,
 *   whose time no client code can go below.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { XMLParser } from 'fast-xml-parser';
import {
  buildGetJobStatusEnvelope,
  buildRerunNotPassedEnvelope,
  buildRunJobEnvelope,
} from '../functions/ats/envelope';
import { ATS_XML_PARSER_OPTIONS, AtsResponseParser } from '../functions/ats/response-parser';
import type { SimCaseRun } from '../functions/ats/simulator/jobs';
import { renderJobStatus } from '../functions/ats/simulator/responses';
import { BOT_NODE_OPTIONS } from '../lib/constructs/bot-function';

const SIZES = [100, 1_000, 10_000] as const;
const TARGET_MS_10K = 150;
/**
 * The baseline times the issue measured for fast-xml-parser with default options (ms): its
 * 150 ms target is 150/350 to 150/215 of them, depending on this shared machine's phase. The
 * client's share of the baseline timed in the same rounds is printed against that range.
 */
const ISSUE_BASELINE_MS = [215, 350] as const;
/**
 * "Roughly linear": 1,000 → 10,000 test cases may take at most as much longer as n·log n would
 * (10 · log 10,000 / log 1,000 ≈ 13.3x; exactly linear is 10x, quadratic 100x).
 */
const MAX_GROWTH = (10 * Math.log(10_000)) / Math.log(1_000);

const wantedNodeOptions = process.env.XML_BENCH_NODE_OPTIONS ?? BOT_NODE_OPTIONS;
if (process.env.NODE_OPTIONS !== wantedNodeOptions) {
  // V8 heap flags only take effect at start-up: run again, once, in a process that has them.
  if (process.env.XML_BENCH_RESTARTED) throw new Error('NODE_OPTIONS did not reach the benchmark');
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: wantedNodeOptions, XML_BENCH_RESTARTED: '1' },
  });
  process.exit(child.status ?? 1);
}

interface Timing {
  medianMs: number;
  p90Ms: number;
  bestMs: number;
  /** Process CPU time (user + system, all threads). */
  cpuMedianMs: number;
  cpuP90Ms: number;
  runs: number;
}

/** The value at quantile `q` (nearest rank) of `values`. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

function summarize(times: number[], cpu: number[]): Timing {
  return {
    medianMs: quantile(times, 0.5),
    p90Ms: quantile(times, 0.9),
    bestMs: Math.min(...times),
    cpuMedianMs: quantile(cpu, 0.5),
    cpuP90Ms: quantile(cpu, 0.9),
    runs: times.length,
  };
}

/**
 * Warms each function up, then times them in turns, one run each per round, so that load from
 * other processes on a shared machine weighs on all of them alike.
 */
function measure(fns: ReadonlyArray<() => unknown>, runs: number, warmup: number): Timing[] {
  for (const fn of fns) for (let i = 0; i < warmup; i++) fn();
  const times = fns.map(() => [] as number[]);
  const cpu = fns.map(() => [] as number[]);
  for (let round = 0; round < runs; round++) {
    fns.forEach((fn, k) => {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      fn();
      times[k]?.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu[k]?.push((used.user + used.system) / 1000);
    });
  }
  return times.map((t, k) => summarize(t, cpu[k] ?? []));
}

/** Timed runs and warm-up runs per size: more for small inputs, at least 20 timed. */
function runsFor(size: number): { runs: number; warmup: number } {
  if (size <= 100) return { runs: 400, warmup: 100 };
  if (size <= 1_000) return { runs: 80, warmup: 20 };
  return { runs: 30, warmup: 8 };
}

function answer(size: number, cdata: boolean): string {
  const cases: SimCaseRun[] = [];
  for (let i = 0; i < size; i++) {
    const failed = i % 7 === 0;
    const source = { name: '', result: 'Passed' as const, durationSeconds: 0 };
    cases.push({
      name: `Regression / Orders / Test case ${i} with a realistic name`,
      result: failed ? 'Failed' : 'Passed',
      durationSeconds: 30 + (i % 300),
      errorMessage: failed ? `Element 'Save & close' not found on page <Order ${i}>` : undefined,
      source,
    });
  }
  return renderJobStatus(
    { status: 'Done', result: 'Failed', errorMessage: '', canceled: false, warning: false, cases },
    { flags: true, breakdown: true, details: true },
    cdata,
  );
}

/**
 * Memory-bound work that allocates nothing: 4 million dependent random reads over 64 MB. Its time
 * varies only with the machine (caches, memory, other tenants), never with the JavaScript heap.
 */
const referenceData = new Int32Array(16 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 8);
function memoryBoundReference(): number {
  let sum = 0;
  let j = 1;
  for (let i = 0; i < 4_000_000; i++) {
    j = (j * 1103515245 + 12345) & (referenceData.length - 1);
    sum += referenceData[j] ?? 0;
  }
  return sum;
}
const references: string[] = [];
/** The generated answers by form (CDATA, plain) and size. */
const answers: Record<string, Record<number, string>> = {};

interface Growth {
  /** Median over rounds of 10 × time(one 10,000-case parse) / time(ten 1,000-case parses). */
  wall: number;
  cpu: number;
  rounds: number;
}

/**
 * Growth from 1,000 to 10,000 test cases, measured in pairs: each round times ten 1,000-case
 * parses and one 10,000-case parse back to back (alternating which goes first), so both sizes
 * run under the same machine conditions and the same amount of parsing; the per-round ratios'
 * median is the growth (10x = linear).
 */
function pairedGrowth(small: string, large: string, rounds: number, warmup: number): Growth {
  const tenSmall = () => {
    for (let i = 0; i < 10; i++) client.readJobStatus(small, 200);
  };
  const one = () => client.readJobStatus(large, 200);
  for (let i = 0; i < warmup; i++) {
    tenSmall();
    one();
  }
  const time = (fn: () => unknown) => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
  };
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const smallFirst = round % 2 === 0;
    const a = time(smallFirst ? tenSmall : one);
    const b = time(smallFirst ? one : tenSmall);
    const [s, l] = smallFirst ? [a, b] : [b, a];
    wall.push((10 * l.wallMs) / s.wallMs);
    cpu.push((10 * l.cpuMs) / s.cpuMs);
  }
  return { wall: quantile(wall, 0.5), cpu: quantile(cpu, 0.5), rounds };
}

const client = new AtsResponseParser();
const baseline = new XMLParser();
/** fast-xml-parser alone with the client's options: what no client code can go below. */
const floor = new XMLParser(ATS_XML_PARSER_OPTIONS);

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const wall = (t: Timing) => `${fmt(t.medianMs)} / ${fmt(t.p90Ms)} / ${fmt(t.bestMs)}`;
const cpuTime = (t: Timing) => `${fmt(t.cpuMedianMs)} / ${fmt(t.cpuP90Ms)}`;
const rows: string[] = [];
/** Client timings by form (CDATA, plain) and size. */
const ours: Record<string, Record<number, Timing>> = {};
const theirs: Record<string, Record<number, Timing>> = {};
/** fast-xml-parser alone with the client's options, 10,000 test cases, by form. */
const floors: Record<string, Timing> = {};
const loadBefore = loadavg()[0] ?? 0;

for (const cdata of [true, false]) {
  const form = cdata ? 'CDATA' : 'plain';
  for (const size of SIZES) {
    const xml = answer(size, cdata);
    answers[form] = { ...answers[form], [size]: xml };
    const { runs, warmup } = runsFor(size);
    // Sanity: the client reads every case, so the timing is of real work.
    const parsed = client.readJobStatus(xml, 200);
    if (parsed.testCases?.length !== size) throw new Error(`expected ${size} test cases`);
    // At 10,000 test cases the reference loop runs in the same rounds, to show the machine's
    // own variation next to the parsers'.
    const fns = [() => client.readJobStatus(xml, 200), () => baseline.parse(xml)];
    if (size === 10_000) fns.push(() => floor.parse(xml), memoryBoundReference);
    const [client_, baseline_, floor_, reference] = measure(fns, runs, warmup) as [
      Timing,
      Timing,
      Timing?,
      Timing?,
    ];
    if (reference) references.push(`| ${form} rounds | ${wall(reference)} |`);
    if (floor_) floors[form] = floor_;
    ours[form] = { ...ours[form], [size]: client_ };
    theirs[form] = { ...theirs[form], [size]: baseline_ };
    rows.push(
      `| ${size.toLocaleString('en-US')} | ${form} | ${(xml.length / 1024).toFixed(0)} KiB | ${warmup} + ${runs} | ${wall(client_)} | ${cpuTime(client_)} | ${wall(baseline_)} | ${cpuTime(baseline_)} | ${(baseline_.cpuMedianMs / client_.cpuMedianMs).toFixed(2)}x |`,
    );
  }
}

const growths: Record<string, Growth> = {};
for (const form of ['CDATA', 'plain']) {
  const small = answers[form]?.[1_000];
  const large = answers[form]?.[10_000];
  if (small && large) growths[form] = pairedGrowth(small, large, 30, 6);
}

const auth = {
  appId: 'my-app-id',
  appApiToken: 'a0b1c2d3-e4f5-0617-2839-4a5b6c7d8e9f',
  username: 'ATSAPIUser',
  password: 'secret',
};
const envelopes = [
  ['RunJob', () => buildRunJobEnvelope(auth, 'c4a2d0e8-template & <id>')],
  [
    'GetJobStatus (all Include flags)',
    () =>
      buildGetJobStatusEnvelope(auth, '0f8fad5b-d9cb-469f-a165-70867728950e', {
        flags: true,
        breakdown: true,
        details: true,
      }),
  ],
  [
    'RerunNotPassed',
    () => buildRerunNotPassedEnvelope(auth, '0f8fad5b-d9cb-469f-a165-70867728950e'),
  ],
] as const;
const envelopeRows = envelopes.map(([name, build]) => {
  const batch = 1_000;
  const [t] = measure(
    [
      () => {
        for (let i = 0; i < batch; i++) build();
      },
    ],
    20,
    5,
  ) as [Timing];
  return `| ${name} | ${((t.medianMs / batch) * 1000).toFixed(1)} µs |`;
});

const loadAfter = loadavg()[0] ?? 0;
const production = wantedNodeOptions === BOT_NODE_OPTIONS;
console.log(
  `Node ${process.version}, ${process.arch}; NODE_OPTIONS="${process.env.NODE_OPTIONS}" (${production ? 'as every Lambda function gets them' : `NOT production's, which are "${BOT_NODE_OPTIONS}"`}); load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}.`,
);
console.log(
  'ms per operation after warm-up. Wall: median / p90 / best; CPU (process, all threads): median / p90. Client = parse + typed result; baseline = fast-xml-parser with default options, parse only.\n',
);
console.log(
  '| Test cases | Values | Answer size | Warm-up + timed runs | Client: wall | Client: CPU | Baseline: wall | Baseline: CPU | Baseline / client (CPU) |',
);
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);

const ratio = (bySize: Record<number, Timing> | undefined, k: keyof Timing) => {
  const small = bySize?.[1_000];
  const large = bySize?.[10_000];
  return small && large ? large[k] / small[k] : Number.NaN;
};
console.log(
  '\n| Growth 1,000 → 10,000 test cases from the table above (10x = linear; measured at different times, so machine variation enters) | Wall median | Wall best | CPU median |',
);
console.log('|---|---:|---:|---:|');
for (const [name, byForm] of [
  ['client parser', ours],
  ['baseline (default options)', theirs],
] as const) {
  for (const form of ['CDATA', 'plain']) {
    const r = (k: keyof Timing) => `${ratio(byForm[form], k).toFixed(1)}x`;
    console.log(`| ${name}, ${form} | ${r('medianMs')} | ${r('bestMs')} | ${r('cpuMedianMs')} |`);
  }
}

console.log(
  '\n| Machine reference: memory-bound loop without allocation, timed in the 10,000-case rounds | Wall: median / p90 / best |',
);
console.log('|---|---:|');
for (const row of references) console.log(row);

console.log('\n| Envelope | Build time |');
console.log('|---|---:|');
for (const row of envelopeRows) console.log(row);

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
console.log('\n| Target (client parser) | Values | Measured | Verdict |');
console.log('|---|---|---:|:---:|');
for (const form of ['CDATA', 'plain']) {
  const large = ours[form]?.[10_000];
  if (!large) continue;
  console.log(
    `| 10,000 test cases in at most ${TARGET_MS_10K} ms warm (wall median) | ${form} | ${fmt(large.medianMs)} ms (p90 ${fmt(large.p90Ms)}, CPU median ${fmt(large.cpuMedianMs)}) | ${verdict(large.medianMs <= TARGET_MS_10K)} |`,
  );
}
for (const form of ['CDATA', 'plain']) {
  const growth = growths[form];
  if (!growth) continue;
  console.log(
    `| Roughly linear 1,000 → 10,000 (paired rounds, wall median at most ${MAX_GROWTH.toFixed(1)}x) | ${form} | ${growth.wall.toFixed(1)}x (CPU ${growth.cpu.toFixed(1)}x, ${growth.rounds} rounds) | ${verdict(growth.wall <= MAX_GROWTH)} |`,
  );
}
const [fastBase, slowBase] = ISSUE_BASELINE_MS;
console.log(
  `\n| 10,000 test cases, same rounds (wall median / p90 / best) | fast-xml-parser alone, the client's options (parse only) | Client (parse + checks + typed result) | Client / parser alone | Client / baseline (150 ms is ${(TARGET_MS_10K / slowBase).toFixed(2)}–${(TARGET_MS_10K / fastBase).toFixed(2)} of the issue's ${fastBase}–${slowBase} ms) |`,
);
console.log('|---|---:|---:|---:|---:|');
for (const form of ['CDATA', 'plain']) {
  const alone = floors[form];
  const large = ours[form]?.[10_000];
  const base = theirs[form]?.[10_000];
  if (!alone || !large || !base) continue;
  console.log(
    `| ${form} | ${wall(alone)} | ${wall(large)} | ${(large.medianMs / alone.medianMs).toFixed(2)} | ${(large.medianMs / base.medianMs).toFixed(2)} |`,
  );
}
if (!production) console.log('\nNot measured with the production NODE_OPTIONS.');
