/**
 * XML benchmark of the ATS client (`npm run bench:xml`; not a test).
 *
 * Parses GetJobStatus answers with 100, 1,000 and 10,000 test cases, as the simulator renders
 * them (CDATA like real ATS, and plain text), with the client's parser and, as the baseline in
 * the same run, fast-xml-parser with default options (parse only, no mapping to typed results).
 * Builds request envelopes. Prints milliseconds per operation (median and best of the timed
 * runs after warm-up) and the growth from 1,000 to 10,000 test cases (10x is linear).
 *
 * The machine may be shared: besides wall time it reports the process CPU time per operation
 * (all threads, so parallel GC counts too), which other processes' load does not inflate, and
 * the load average during the run.
 */
import { loadavg } from 'node:os';
import { XMLParser } from 'fast-xml-parser';
import {
  buildGetJobStatusEnvelope,
  buildRerunNotPassedEnvelope,
  buildRunJobEnvelope,
} from '../functions/ats/envelope';
import { AtsResponseParser } from '../functions/ats/response-parser';
import type { SimCaseRun } from '../functions/ats/simulator-jobs';
import { renderJobStatus } from '../functions/ats/simulator-responses';

const SIZES = [100, 1_000, 10_000] as const;
const TARGET_MS_10K = 150;

interface Timing {
  medianMs: number;
  bestMs: number;
  /** Median process CPU time (user + system, all threads). */
  cpuMedianMs: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function summarize(times: number[], cpu: number[]): Timing {
  return { medianMs: median(times), bestMs: Math.min(...times), cpuMedianMs: median(cpu) };
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

/** Runs of `fn` that fit a single measurement, more for small inputs. */
function runsFor(size: number): { runs: number; warmup: number } {
  if (size <= 100) return { runs: 400, warmup: 100 };
  if (size <= 1_000) return { runs: 80, warmup: 20 };
  return { runs: 21, warmup: 6 };
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

const client = new AtsResponseParser();
const baseline = new XMLParser();

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const rows: string[] = [];
const growth: Record<string, Record<number, Timing>> = {};
let clientCdata10k: Timing | undefined;
const loadBefore = loadavg()[0] ?? 0;

for (const cdata of [true, false]) {
  const form = cdata ? 'CDATA' : 'plain';
  for (const size of SIZES) {
    const xml = answer(size, cdata);
    const { runs, warmup } = runsFor(size);
    // Sanity: the client reads every case, so the timing is of real work.
    const parsed = client.readJobStatus(xml, 200);
    if (parsed.testCases?.length !== size) throw new Error(`expected ${size} test cases`);
    const [ours, theirs] = measure(
      [() => client.readJobStatus(xml, 200), () => baseline.parse(xml)],
      runs,
      warmup,
    ) as [Timing, Timing];
    if (cdata && size === 10_000) clientCdata10k = ours;
    for (const [name, t] of [
      ['client parser', ours],
      ['baseline (default options)', theirs],
    ] as const) {
      const key = `${name}, ${form}`;
      growth[key] = { ...growth[key], [size]: t };
    }
    rows.push(
      `| ${size.toLocaleString('en-US')} | ${form} | ${(xml.length / 1024).toFixed(0)} KiB | ${fmt(ours.medianMs)} (${fmt(ours.bestMs)}) | ${fmt(ours.cpuMedianMs)} | ${fmt(theirs.medianMs)} (${fmt(theirs.bestMs)}) | ${fmt(theirs.cpuMedianMs)} | ${(theirs.cpuMedianMs / ours.cpuMedianMs).toFixed(2)}x |`,
    );
  }
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
console.log(
  `Node ${process.version}, ${process.arch}; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}. ms per operation after warm-up: wall median (best), CPU median. Client = parse + typed result; baseline = fast-xml-parser with default options, parse only.\n`,
);
console.log(
  '| Test cases | Values | Answer size | Client: wall | Client: CPU | Baseline: wall | Baseline: CPU | Baseline / client (CPU) |',
);
console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
console.log(
  '\n| Growth 1,000 → 10,000 test cases (10x = linear) | Wall median | Wall best | CPU median |',
);
console.log('|---|---:|---:|---:|');
for (const [name, bySize] of Object.entries(growth)) {
  const small = bySize[1_000];
  const large = bySize[10_000];
  if (!small || !large) continue;
  const ratio = (k: keyof Timing) => `${(large[k] / small[k]).toFixed(1)}x`;
  console.log(`| ${name} | ${ratio('medianMs')} | ${ratio('bestMs')} | ${ratio('cpuMedianMs')} |`);
}
console.log('\n| Envelope | Build time |');
console.log('|---|---:|');
for (const row of envelopeRows) console.log(row);
if (clientCdata10k) {
  const { medianMs, bestMs, cpuMedianMs } = clientCdata10k;
  const verdict = (ms: number) => (ms <= TARGET_MS_10K ? 'met' : 'NOT met');
  console.log(
    `\nTarget: 10,000 test cases (CDATA) in at most ${TARGET_MS_10K} ms warm. Wall median ${fmt(medianMs)} ms (${verdict(medianMs)}), best ${fmt(bestMs)} ms (${verdict(bestMs)}), CPU median ${fmt(cpuMedianMs)} ms (${verdict(cpuMedianMs)}).`,
  );
}
