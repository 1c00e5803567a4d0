/**
 * How much polling the job lifecycle does, and how late people hear about results, compared
 * with the vendor's Jenkins plugin schedule: 1,000 simulated jobs with realistic durations
 * (log-normal around 20 minutes per template, a few early aborts, some stuck in the queue for
 * long, failures and automatic reruns), driven through the real JobLifecycle and PollingPolicy in
 * virtual time. History learning uses the earlier simulated jobs of the same template.
 *
 * Run: npm run bench:polling   (deterministic: same seed, same figures)
 */
import type { AtsGateway, AtsJobStatus, AtsStartedJob, AtsTestCase } from '../functions/core/ats';
import { AtsError } from '../functions/core/errors';
import { newJob } from '../functions/core/job';
import { JobLifecycle } from '../functions/core/lifecycle/lifecycle';
import { PollingPolicy, vendorPollOffsets } from '../functions/core/polling/polling-policy';
import type { JobStore, WorkerMessage } from '../functions/core/ports';
import { parseCatalog, type TemplateEntry } from '../functions/core/requests/catalog';
import { MemoryJobStore } from '../test/support/memory-job-store';
import { RecordingNotifier } from '../test/support/recording-notifier';
import { RecordingScheduler } from '../test/support/recording-scheduler';
import { VirtualClock } from '../test/support/virtual-clock';

const SEED = 20250106;
const JOBS = 1_000;
const TEMPLATES = 25;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** List prices, AWS us-east-1, USD. */
const PRICES = {
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  schedulerPerMillionInvocations: 1.0,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
};
/** The worker function (lib/constructs/job-worker.ts): arm64, 512 MB. */
const LAMBDA_GB = 0.5;
/** Assumed billed time of one worker invocation: one SOAP call, two DynamoDB calls, maybe Slack. */
const LAMBDA_BILLED_SECONDS = 0.5;
/** Assumed latency of one ATS call (virtual time passes during it). */
const ATS_CALL_MS = 300;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rng = mulberry32(SEED);
const uniform = (lo: number, hi: number) => lo + (hi - lo) * rng();
function normal(): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * normal());

// ---------------------------------------------------------------------------------------------
// The simulated world: templates, and for every run the plan of each attempt.

interface TemplatePlan {
  entry: TemplateEntry;
  medianRunMs: number;
  cases: string[];
  /** Chance a run has failing cases. */
  failRate: number;
}

interface AttemptPlan {
  queuedMs: number;
  runningMs: number;
  /** Per test case: passed or not, for the cases this attempt runs. */
  results: Map<string, 'Passed' | 'Failed' | 'Not_Executed'>;
}

interface RunPlan {
  template: TemplatePlan;
  attempts: AttemptPlan[];
}

function makeTemplates(): TemplatePlan[] {
  return Array.from({ length: TEMPLATES }, (_, i) => {
    const caseCount = 5 + Math.floor(rng() * 30);
    const autoReruns = rng() < 0.3 ? (rng() < 0.5 ? 1 : 2) : 0;
    return {
      entry: parseCatalog([
        { alias: `suite-${i}`, templateId: `tpl-${i}`, name: `Suite ${i}`, autoReruns },
      ])[0] as TemplateEntry,
      medianRunMs: logNormal(20 * MINUTE, 0.5),
      cases: Array.from({ length: caseCount }, (_, c) => `Case ${c + 1}`),
      failRate: uniform(0.05, 0.3),
    };
  });
}

function queueMs(): number {
  // Usually a session is free within a minute; sometimes the hub is busy for long.
  return rng() < 0.04 ? uniform(10, 90) * MINUTE : uniform(3, 60) * SECOND;
}

function firstAttempt(t: TemplatePlan): AttemptPlan {
  const aborted = rng() < 0.03;
  const runningMs = logNormal(t.medianRunMs, 0.08) * (aborted ? uniform(0.1, 0.6) : 1);
  const failing = aborted || rng() < t.failRate;
  const results = new Map<string, 'Passed' | 'Failed' | 'Not_Executed'>();
  for (const name of t.cases) {
    const bad = failing && (aborted ? rng() < 0.6 : rng() < 0.15);
    results.set(name, bad ? (rng() < 0.7 ? 'Failed' : 'Not_Executed') : 'Passed');
  }
  if (failing && [...results.values()].every((r) => r === 'Passed')) {
    results.set(t.cases[0] ?? 'Case 1', 'Failed');
  }
  return { queuedMs: queueMs(), runningMs, results };
}

function rerunAttempt(t: TemplatePlan, previous: AttemptPlan): AttemptPlan {
  const results = new Map<string, 'Passed' | 'Failed' | 'Not_Executed'>();
  for (const [name, result] of previous.results) {
    if (result !== 'Passed') results.set(name, rng() < 0.6 ? 'Passed' : 'Failed');
  }
  const share = results.size / t.cases.length;
  const runningMs = Math.max(MINUTE, logNormal(t.medianRunMs * share, 0.15));
  return { queuedMs: queueMs(), runningMs, results };
}

function makeRuns(templates: TemplatePlan[]): RunPlan[] {
  const runs: RunPlan[] = [];
  let jobs = 0;
  while (jobs < JOBS) {
    const template = templates[Math.floor(rng() * templates.length)] as TemplatePlan;
    const attempts = [firstAttempt(template)];
    for (let k = 1; k <= template.entry.autoReruns; k++) {
      const last = attempts[k - 1] as AttemptPlan;
      if ([...last.results.values()].every((r) => r === 'Passed')) break;
      attempts.push(rerunAttempt(template, last));
    }
    const room = JOBS - jobs;
    runs.push({ template, attempts: attempts.slice(0, room) });
    jobs += Math.min(attempts.length, room);
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// ATS as the lifecycle sees it, playing the plans.

interface BenchAtsJob {
  run: number;
  attempt: number;
  acceptedAt: number;
  plan: AttemptPlan;
}

class BenchAts implements AtsGateway {
  readonly jobs = new Map<string, BenchAtsJob>();
  statusCalls = 0;
  /** The run the next RunJob belongs to. */
  nextRun = 0;
  private counter = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly runs: RunPlan[],
  ) {}

  async runJob(): Promise<AtsStartedJob> {
    this.clock.advance(ATS_CALL_MS);
    return { jobId: this.accept(this.nextRun, 0) };
  }

  async rerunNotPassed(finishedJobId: string): Promise<AtsStartedJob> {
    this.clock.advance(ATS_CALL_MS);
    const parent = this.jobs.get(finishedJobId);
    if (!parent || !this.runs[parent.run]?.attempts[parent.attempt + 1]) {
      throw new AtsError('ATS_NOT_STARTED', 'ATS did not start the rerun.', false, false);
    }
    return { jobId: this.accept(parent.run, parent.attempt + 1) };
  }

  async getJobStatus(jobId: string): Promise<AtsJobStatus> {
    this.statusCalls++;
    this.clock.advance(ATS_CALL_MS);
    const job = this.jobs.get(jobId);
    if (!job) throw new AtsError('ATS_SOAP_FAULT', 'unknown job', false, false);
    const elapsed = this.clock.now() - job.acceptedAt;
    const none = { result: undefined, errorMessage: undefined };
    if (elapsed < job.plan.queuedMs) return { status: 'Queued', ...none };
    if (elapsed < job.plan.queuedMs + job.plan.runningMs) return { status: 'Running', ...none };
    const testCases: AtsTestCase[] = [...job.plan.results].map(([name, result]) => ({
      name,
      result,
      durationSeconds: 30,
      errorMessage: result === 'Failed' ? 'Assertion failed' : undefined,
    }));
    const count = (r: string) => testCases.filter((t) => t.result === r).length;
    return {
      status: 'Done',
      result: count('Passed') === testCases.length ? 'Passed' : 'Failed',
      errorMessage: undefined,
      flags: { canceled: false, warning: false },
      breakdown: {
        passed: count('Passed'),
        failed: count('Failed'),
        notExecuted: count('Not_Executed'),
      },
      testCases,
    };
  }

  /** When ATS finished the job (epoch ms). */
  doneAt(jobId: string): number {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`unknown ${jobId}`);
    return job.acceptedAt + job.plan.queuedMs + job.plan.runningMs;
  }

  private accept(run: number, attempt: number): string {
    const plan = this.runs[run]?.attempts[attempt];
    if (!plan) throw new Error(`no plan for run ${run} attempt ${attempt}`);
    this.counter++;
    const jobId = `ats-${this.counter}`;
    this.jobs.set(jobId, { run, attempt, acceptedAt: this.clock.now(), plan });
    return jobId;
  }
}

/** Hides the history, so the policy falls back to the vendor backoff at minute precision. */
class ForgetfulStore extends MemoryJobStore {
  override async recentFinishedRuns(): Promise<never[]> {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Running the lifecycle over every run.

interface Figures {
  label: string;
  jobs: number;
  statusCalls: number[];
  delaysMs: number[];
  lambdaInvocations?: number;
  schedulerInvocations?: number;
  schedulesCreated?: number;
  readUnits?: number;
  writeUnits?: number;
  reads?: number;
  writes?: number;
  timedOut: number;
}

async function simulateBot(label: string, runs: RunPlan[], learn: boolean): Promise<Figures> {
  const clock = new VirtualClock();
  const store: JobStore & MemoryJobStore = learn ? new MemoryJobStore() : new ForgetfulStore();
  const scheduler = new RecordingScheduler(() => clock.now());
  const notifier = new RecordingNotifier(() => clock.now());
  const ats = new BenchAts(clock, runs);
  let ids = 0;
  let invocations = 0;
  const lifecycle = new JobLifecycle({
    ats,
    store,
    scheduler,
    notifier,
    clock,
    catalog: [...new Set(runs.map((r) => r.template))].map((t) => t.entry),
    policy: new PollingPolicy(),
    newRequestId: () => `auto-${++ids}`,
  });
  const deliver = async (message: WorkerMessage) => {
    invocations++;
    await lifecycle.handle(message);
  };
  const latency = mulberry32(SEED + 1);
  for (const [index, run] of runs.entries()) {
    clock.advance(Math.round(uniform(5, 240) * MINUTE));
    const job = newJob({
      requestId: `run-${index}`,
      kind: 'run',
      templateId: run.template.entry.templateId,
      templateAlias: run.template.entry.alias,
      templateName: run.template.entry.name,
      requester: { userId: 'U0000BENCH' },
      channelId: 'C0000BENCH',
      now: clock.now(),
    });
    await store.create(job);
    ats.nextRun = index;
    await deliver({ type: 'start', requestId: job.requestId });
    // EventBridge Scheduler delivers anywhere within the minute a schedule names.
    const report = await scheduler.run({ clock, deliver, latency: () => latency() * MINUTE });
    if (report.errors.length > 0 || !report.drained) throw new Error(`run ${index} did not settle`);
  }

  const jobs = store.all().filter((j) => j.atsJobId);
  const delaysMs: number[] = [];
  let timedOut = 0;
  for (const job of jobs) {
    const outcome = notifier.outcomes(job.requestId)[0];
    if (job.phase === 'timed_out') timedOut++;
    if (outcome && job.phase === 'done') {
      delaysMs.push(outcome.at - ats.doneAt(job.atsJobId ?? ''));
    }
  }
  const statusCalls = countStatusCallsPerJob(jobs.length, ats.statusCalls, jobs, scheduler);
  return {
    label,
    jobs: jobs.length,
    statusCalls,
    delaysMs,
    lambdaInvocations: invocations,
    schedulerInvocations: scheduler.scheduled().filter((p) => p.delivered).length,
    schedulesCreated: scheduler.scheduled().length,
    readUnits: store.stats.readUnits,
    writeUnits: store.stats.writeUnits,
    reads: store.stats.gets + store.stats.queries,
    writes: store.stats.writes,
    timedOut,
  };
}

/**
 * Per job, the polls that asked ATS: every delivered poll except the start watchdog and the
 * outcome's safety poll, which settle without a call (checked against the gateway's total).
 */
function countStatusCallsPerJob(
  count: number,
  total: number,
  jobs: { requestId: string; pollCount: number }[],
  scheduler: RecordingScheduler,
): number[] {
  const delivered = new Map<string, number>();
  for (const poll of scheduler.scheduled()) {
    if (poll.delivered) delivered.set(poll.requestId, (delivered.get(poll.requestId) ?? 0) + 1);
  }
  const perJob = jobs.map((j) => (delivered.get(j.requestId) ?? 0) - 2);
  const sum = perJob.reduce((a, b) => a + b, 0);
  if (sum !== total || perJob.length !== count) {
    throw new Error(`status calls per job (${sum}) do not add up to the gateway's ${total}`);
  }
  return perJob;
}

function simulateVendor(runs: RunPlan[]): Figures {
  const offsets = vendorPollOffsets();
  const statusCalls: number[] = [];
  const delaysMs: number[] = [];
  let timedOut = 0;
  for (const run of runs) {
    for (const attempt of run.attempts) {
      const doneAfter = attempt.queuedMs + attempt.runningMs;
      const index = offsets.findIndex((at) => at >= doneAfter);
      if (index < 0) {
        statusCalls.push(offsets.length);
        timedOut++;
        continue;
      }
      statusCalls.push(index + 1);
      delaysMs.push((offsets[index] ?? 0) - doneAfter);
    }
  }
  return {
    label: 'Vendor plugin schedule (15/30/60 s)',
    jobs: statusCalls.length,
    statusCalls,
    delaysMs,
    timedOut,
  };
}

// ---------------------------------------------------------------------------------------------
// Report.

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function costPer1000(
  f: Figures,
): { lambda: number; scheduler: number; dynamo: number; total: number } | undefined {
  if (f.lambdaInvocations === undefined) return undefined;
  const per = 1000 / f.jobs;
  const lambda =
    (f.lambdaInvocations * PRICES.lambdaPerMillionRequests) / 1e6 +
    f.lambdaInvocations * LAMBDA_GB * LAMBDA_BILLED_SECONDS * PRICES.lambdaArmPerGbSecond;
  const scheduler = ((f.schedulerInvocations ?? 0) * PRICES.schedulerPerMillionInvocations) / 1e6;
  const dynamo =
    ((f.writeUnits ?? 0) * PRICES.dynamoPerMillionWriteUnits) / 1e6 +
    ((f.readUnits ?? 0) * PRICES.dynamoPerMillionReadUnits) / 1e6;
  return {
    lambda: lambda * per,
    scheduler: scheduler * per,
    dynamo: dynamo * per,
    total: (lambda + scheduler + dynamo) * per,
  };
}

async function main(): Promise<void> {
  const templates = makeTemplates();
  const runs = makeRuns(templates);
  const reruns = sum(runs.map((r) => r.attempts.length - 1));
  const longQueued = sum(runs.map((r) => r.attempts.filter((a) => a.queuedMs > 5 * MINUTE).length));
  const durations = runs.flatMap((r) => r.attempts.map((a) => a.queuedMs + a.runningMs));
  const started = performance.now();
  const vendor = simulateVendor(runs);
  const minute = await simulateBot(
    'Bot, no history (vendor backoff at 1-min precision)',
    runs,
    false,
  );
  const policy = await simulateBot('Bot, this policy (history-learned window)', runs, true);
  const seconds = (performance.now() - started) / 1000;

  console.log(
    `${JOBS} jobs: ${runs.length} runs + ${reruns} automatic reruns over ${TEMPLATES} templates; ` +
      `${longQueued} queued > 5 min; job time (queue + run) median ${fixed(quantile(durations, 0.5) / MINUTE)} min, ` +
      `p95 ${fixed(quantile(durations, 0.95) / MINUTE)} min. Simulated in ${fixed(seconds)} s.\n`,
  );
  console.log(
    '| Schedule | GetJobStatus calls per job (mean / median / p95) | Scheduler invocations per job | DynamoDB reads / writes per job (RRU / WRU) | Delay ATS done → person told (median / p95) | Timed out |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const f of [vendor, minute, policy]) {
    const calls = `${fixed(sum(f.statusCalls) / f.jobs)} / ${fixed(quantile(f.statusCalls, 0.5), 0)} / ${fixed(quantile(f.statusCalls, 0.95), 0)}`;
    const sched =
      f.schedulerInvocations === undefined
        ? 'n/a (sleeps in CI)'
        : fixed(f.schedulerInvocations / f.jobs);
    const dynamo =
      f.reads === undefined
        ? 'n/a'
        : `${fixed((f.reads ?? 0) / f.jobs)} / ${fixed((f.writes ?? 0) / f.jobs)} (${fixed((f.readUnits ?? 0) / f.jobs)} / ${fixed((f.writeUnits ?? 0) / f.jobs)})`;
    const delay = `${fixed(quantile(f.delaysMs, 0.5) / SECOND, 0)} s / ${fixed(quantile(f.delaysMs, 0.95) / SECOND, 0)} s`;
    console.log(`| ${f.label} | ${calls} | ${sched} | ${dynamo} | ${delay} | ${f.timedOut} |`);
  }

  console.log('\nAWS cost per 1,000 jobs (USD, us-east-1 list prices):\n');
  console.log('| Schedule | Lambda invocations per job | Lambda | Scheduler | DynamoDB | Total |');
  console.log('|---|---|---|---|---|---|');
  for (const f of [minute, policy]) {
    const c = costPer1000(f);
    if (!c) continue;
    console.log(
      `| ${f.label} | ${fixed((f.lambdaInvocations ?? 0) / f.jobs)} | $${c.lambda.toFixed(4)} | $${c.scheduler.toFixed(4)} | $${c.dynamo.toFixed(4)} | $${c.total.toFixed(4)} |`,
    );
  }
  console.log(
    `\nPrices: Lambda arm64 $${PRICES.lambdaPerMillionRequests}/million requests + $${PRICES.lambdaArmPerGbSecond}/GB-s ` +
      `(${LAMBDA_GB * 1024} MB, ${LAMBDA_BILLED_SECONDS} s billed per invocation assumed); ` +
      `EventBridge Scheduler $${PRICES.schedulerPerMillionInvocations.toFixed(2)}/million invocations; ` +
      `DynamoDB on-demand $${PRICES.dynamoPerMillionWriteUnits}/million WRU, $${PRICES.dynamoPerMillionReadUnits}/million RRU ` +
      '(item and three projection-ALL indexes counted; free tiers ignored).',
  );

  const ratio = sum(policy.statusCalls) / sum(vendor.statusCalls);
  const median = quantile(policy.delaysMs, 0.5) / SECOND;
  const p95 = quantile(policy.delaysMs, 0.95) / SECOND;
  const checks = [
    [
      `GetJobStatus calls ${fixed(ratio * 100)} % of the vendor schedule's (target ≤ 20 %)`,
      ratio <= 0.2,
    ],
    [`median delay ${fixed(median, 0)} s (target ≤ 60 s)`, median <= 60],
    [`p95 delay ${fixed(p95, 0)} s (target ≤ 120 s)`, p95 <= 120],
  ] as const;
  console.log('');
  for (const [text, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

await main();
