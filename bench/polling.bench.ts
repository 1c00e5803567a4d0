/**
 * How much polling the job lifecycle does, how many bytes it reads from ATS, and how late people
 * hear about results, compared with the vendor's Jenkins plugin schedule: 1,000 simulated jobs
 * with realistic durations (log-normal around 20 minutes per template, a few early aborts, some
 * stuck in the queue for long, failures and automatic reruns) over 25 suites of 5-34 test cases
 * and two large ones (2,000 and 20,000 cases), driven through the real JobLifecycle and
 * PollingPolicy in virtual time. History learning uses the earlier simulated jobs of the same
 * template. Bytes are those of the answers as ATS renders them (see `polling-answer-bytes.ts`):
 * what this policy asks (the status alone while a job runs, everything once it is done) beside
 * what asking for everything at every poll, the policy before, read from the same polls.
 *
 * The bot runs three ways: without history (minute polls), with history and minute polls only
 * (EventBridge Scheduler alone), and as deployed: with short hops through the SQS queue placed by
 * the learned finish distribution, at the settings' gaps (HOP_WINDOW_SECONDS and HOP_RAMP_SECONDS override
 * them, as they do the worker's). Costs use the same assumptions for every row.
 *
 * Run: npm run bench:polling   (deterministic: same seed, same figures)
 */
import type {
  AtsGateway,
  AtsJobStatus,
  AtsStartedJob,
  AtsStatusOptions,
  AtsTestCase,
} from '../functions/core/ats';
import { AtsError } from '../functions/core/errors';
import { newJob } from '../functions/core/job';
import { JobLifecycle } from '../functions/core/lifecycle/lifecycle';
import {
  type HopOptions,
  PollingPolicy,
  vendorPollOffsets,
} from '../functions/core/polling/polling-policy';
import type { JobStore, WorkerMessage } from '../functions/core/ports';
import { parseCatalog, type TemplateEntry } from '../functions/core/requests/catalog';
import { settingCombinationProblems, settingFromText } from '../functions/setting-values';
import { SETTINGS } from '../functions/settings';
import { hopOptions } from '../functions/worker-assembly';
import { MemoryJobStore } from '../test/support/memory-job-store';
import { RecordingNotifier } from '../test/support/recording-notifier';
import { RecordingScheduler } from '../test/support/recording-scheduler';
import { VirtualClock } from '../test/support/virtual-clock';
import { AnswerSizer } from './polling-answer-bytes';

const SEED = 20250106;
const JOBS = 1_000;
const TEMPLATES = 25;
/** Test cases of the large suites added to the mix. */
const LARGE_SUITES = [2_000, 20_000];
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** List prices, AWS us-east-1, USD. */
const PRICES = {
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  schedulerPerMillionInvocations: 1.0,
  sqsPerMillionRequests: 0.4,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
};
/** SQS requests per hop: SendMessage, the event source mapping's ReceiveMessage and its delete. */
const SQS_REQUESTS_PER_HOP = 3;
/** Hops arrive this long after their time at most: whole-second DelaySeconds, then the pickup. */
const HOP_LATENCY_MS = 2 * SECOND;
/**
 * The hops of the worker: the settings table's defaults, or HOP_WINDOW_SECONDS and
 * HOP_RAMP_SECONDS from the environment, checked as the worker checks them.
 */
const HOPS: HopOptions = hopOptions(hopSettings(process.env));

function hopSettings(env: NodeJS.ProcessEnv): { hopWindowSeconds: number; hopRampSeconds: number } {
  const read = (name: 'hopWindowSeconds' | 'hopRampSeconds'): number => {
    const variable = SETTINGS[name].env;
    const text = env[variable]?.trim();
    if (!text) return SETTINGS[name].default;
    const checked = settingFromText(name, text, variable);
    if (!checked.ok) throw new Error(checked.problem);
    return checked.value as number;
  };
  const settings = {
    hopWindowSeconds: read('hopWindowSeconds'),
    hopRampSeconds: read('hopRampSeconds'),
  };
  const problems = settingCombinationProblems(settings, (name) => SETTINGS[name].env);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return settings;
}
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
  const counts = [
    ...Array.from({ length: TEMPLATES }, () => 5 + Math.floor(rng() * 30)),
    ...LARGE_SUITES,
  ];
  return counts.map((caseCount, i) => {
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

/** A rerun runs again the cases the original did not pass (RerunNotPassed names the original). */
function rerunAttempt(t: TemplatePlan, original: AttemptPlan): AttemptPlan {
  const results = new Map<string, 'Passed' | 'Failed' | 'Not_Executed'>();
  for (const [name, result] of original.results) {
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
      attempts.push(rerunAttempt(template, attempts[0] as AttemptPlan));
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
  /** Reruns accepted of this job (an original): the next one is attempt `reruns + 1`. */
  reruns: number;
  /** Set once an answer said Done: a later call is the one fetching the result. */
  reportedDone: boolean;
  /** Bytes this policy read, and what asking everything at every poll would have read. */
  bytes: { now: number; everyPollFull: number };
  /** GetJobStatus calls about this job. */
  statusCalls: number;
}

/** What the lifecycle asked before light polls: everything, at every poll. */
const EVERYTHING = { flags: true, breakdown: true, details: true } as const;

class BenchAts implements AtsGateway {
  readonly jobs = new Map<string, BenchAtsJob>();
  statusCalls = 0;
  /** The run the next RunJob belongs to. */
  nextRun = 0;
  private counter = 0;
  private readonly sizer = new AnswerSizer();

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
    const original = this.jobs.get(finishedJobId);
    // As the strict simulator: only a RunJob job, each rerun running its not-passed cases again.
    if (original?.attempt !== 0) {
      throw new AtsError('ATS_NOT_STARTED', 'ATS did not start the rerun.', false, false);
    }
    const attempt = original.reruns + 1;
    if (!this.runs[original.run]?.attempts[attempt]) {
      throw new AtsError('ATS_NOT_STARTED', 'ATS did not start the rerun.', false, false);
    }
    original.reruns = attempt;
    return { jobId: this.accept(original.run, attempt) };
  }

  async getJobStatus(jobId: string, options: AtsStatusOptions = {}): Promise<AtsJobStatus> {
    this.statusCalls++;
    const asked = this.jobs.get(jobId);
    if (asked) asked.statusCalls++;
    this.clock.advance(ATS_CALL_MS);
    const job = this.jobs.get(jobId);
    if (!job) throw new AtsError('ATS_SOAP_FAULT', 'unknown job', false, false);
    const elapsed = this.clock.now() - job.acceptedAt;
    const planned = [...job.plan.results].map(([name, result]) => ({ name, result }));
    const status =
      elapsed < job.plan.queuedMs
        ? 'Queued'
        : elapsed < job.plan.queuedMs + job.plan.runningMs
          ? 'Running'
          : 'Done';
    // ATS lists the cases completed so far: none queued, a growing share running.
    const share = status === 'Queued' ? 0 : (elapsed - job.plan.queuedMs) / job.plan.runningMs;
    const completed =
      status === 'Done' ? planned : planned.slice(0, Math.floor(planned.length * share));
    const passed = completed.every((c) => c.result === 'Passed');
    const view = {
      status,
      result: status === 'Done' ? (passed ? 'Passed' : 'Failed') : '',
      cases: completed,
    } as const;
    job.bytes.now += this.sizer.size(view, options);
    // The policy before asked everything at every poll, and never again once it saw Done.
    if (!job.reportedDone) job.bytes.everyPollFull += this.sizer.size(view, EVERYTHING);
    if (this.statusCalls % 997 === 1) this.sizer.check(view, options);
    if (status !== 'Done') return { status, result: undefined, errorMessage: undefined };
    job.reportedDone = true;
    const testCases: AtsTestCase[] = completed.map(({ name, result }) => ({
      name,
      result,
      durationSeconds: 30,
      errorMessage: result === 'Failed' ? 'Assertion failed' : undefined,
    }));
    const count = (r: string) => testCases.filter((t) => t.result === r).length;
    // Like ATS: the optional parts only when asked for.
    return {
      status: 'Done',
      result: view.result,
      errorMessage: undefined,
      ...(options.flags ? { flags: { canceled: false, warning: false } } : {}),
      ...(options.breakdown
        ? {
            breakdown: {
              passed: count('Passed'),
              failed: count('Failed'),
              notExecuted: count('Not_Executed'),
            },
          }
        : {}),
      ...(options.details ? { testCases } : {}),
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
    this.jobs.set(jobId, {
      run,
      attempt,
      acceptedAt: this.clock.now(),
      plan,
      reruns: 0,
      reportedDone: false,
      bytes: { now: 0, everyPollFull: 0 },
      statusCalls: 0,
    });
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
  /** Hops sent through the queue. */
  hopsSent?: number;
  schedulesCreated?: number;
  readUnits?: number;
  writeUnits?: number;
  reads?: number;
  writes?: number;
  timedOut: number;
  /** Per job: bytes read from ATS, as asked now and as asking everything at every poll. */
  bytes?: { now: number[]; everyPollFull: number[]; caseCounts: number[] };
}

async function simulateBot(
  label: string,
  runs: RunPlan[],
  learn: boolean,
  hops?: HopOptions,
): Promise<Figures> {
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
    ...(hops ? { hops: scheduler } : {}),
    notifier,
    clock,
    catalog: [...new Set(runs.map((r) => r.template))].map((t) => t.entry),
    policy: new PollingPolicy(hops ? { hops } : {}),
    newRequestId: () => `auto-${++ids}`,
  });
  const deliver = async (message: WorkerMessage) => {
    invocations++;
    await lifecycle.handle(message);
  };
  const latency = mulberry32(SEED + 1);
  const hopLatency = mulberry32(SEED + 2);
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
    // EventBridge Scheduler delivers anywhere within the minute a schedule names; SQS hands a
    // hop over within HOP_LATENCY_MS of its time.
    const report = await scheduler.run({
      clock,
      deliver,
      latency: () => latency() * MINUTE,
      hopLatency: () => hopLatency() * HOP_LATENCY_MS,
      maxDeliveries: 20_000,
    });
    if (report.errors.length > 0 || !report.drained) throw new Error(`run ${index} did not settle`);
  }

  const jobs = store.all().filter((j) => j.atsJobId);
  const delaysMs: number[] = [];
  let timedOut = 0;
  for (const job of jobs) {
    // Told: the outcome in the thread, or the card itself for a quiet pass.
    const outcome = notifier.deliveries(job.requestId)[0];
    if (job.phase === 'timed_out') timedOut++;
    if (outcome && job.phase === 'done') {
      delaysMs.push(outcome.at - ats.doneAt(job.atsJobId ?? ''));
    }
  }
  const statusCalls = jobs.map((j) => ats.jobs.get(j.atsJobId ?? '')?.statusCalls ?? 0);
  if (sum(statusCalls) !== ats.statusCalls) {
    throw new Error(
      `status calls per job (${sum(statusCalls)}) do not add up to ${ats.statusCalls}`,
    );
  }
  const answered = jobs.map((j) => ats.jobs.get(j.atsJobId ?? ''));
  const bytes = {
    now: answered.map((a) => a?.bytes.now ?? 0),
    everyPollFull: answered.map((a) => a?.bytes.everyPollFull ?? 0),
    caseCounts: answered.map((a) => a?.plan.results.size ?? 0),
  };
  return {
    bytes,
    label,
    jobs: jobs.length,
    statusCalls,
    delaysMs,
    lambdaInvocations: invocations,
    schedulerInvocations: scheduler.scheduled().filter((p) => p.delivered).length,
    hopsSent: scheduler.hops.length,
    schedulesCreated: scheduler.scheduled().length,
    readUnits: store.stats.readUnits,
    writeUnits: store.stats.writeUnits,
    reads: store.stats.gets + store.stats.queries,
    writes: store.stats.writes,
    timedOut,
  };
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

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: readonly number[]) =>
  values.length ? sum(values) / values.length : Number.NaN;
/** Bytes as kB (1,000 bytes) or MB, for the report. */
function kb(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

/** Jobs (runs and reruns) of the large suites. */
function largeJobs(runs: RunPlan[]): number {
  return sum(runs.filter((r) => r.template.cases.length >= 1_000).map((r) => r.attempts.length));
}
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** The AWS cost target per 1,000 jobs (USD), on the assumptions the report prints. */
const COST_TARGET_PER_1000 = 0.095;

interface Cost {
  lambda: number;
  scheduler: number;
  sqs: number;
  dynamo: number;
  total: number;
}

function costPer1000(f: Figures): Cost | undefined {
  if (f.lambdaInvocations === undefined) return undefined;
  const per = 1000 / f.jobs;
  const lambda =
    (f.lambdaInvocations * PRICES.lambdaPerMillionRequests) / 1e6 +
    f.lambdaInvocations * LAMBDA_GB * LAMBDA_BILLED_SECONDS * PRICES.lambdaArmPerGbSecond;
  const scheduler = ((f.schedulerInvocations ?? 0) * PRICES.schedulerPerMillionInvocations) / 1e6;
  const sqs = ((f.hopsSent ?? 0) * SQS_REQUESTS_PER_HOP * PRICES.sqsPerMillionRequests) / 1e6;
  const dynamo =
    ((f.writeUnits ?? 0) * PRICES.dynamoPerMillionWriteUnits) / 1e6 +
    ((f.readUnits ?? 0) * PRICES.dynamoPerMillionReadUnits) / 1e6;
  return {
    lambda: lambda * per,
    scheduler: scheduler * per,
    sqs: sqs * per,
    dynamo: dynamo * per,
    total: (lambda + scheduler + sqs + dynamo) * per,
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
  const noHistory = await simulateBot(
    'Bot, no history (vendor backoff at 1-min precision)',
    runs,
    false,
  );
  const minute = await simulateBot('Bot, minute polls only (history-learned window)', runs, true);
  const policy = await simulateBot(
    `Bot, this policy (SQS hops: ${HOPS.windowGapMs / SECOND} s dense, ${HOPS.rampGapMs / SECOND} s sparse)`,
    runs,
    true,
    HOPS,
  );
  const seconds = (performance.now() - started) / 1000;

  console.log(
    `${JOBS} jobs: ${runs.length} runs + ${reruns} automatic reruns over ${templates.length} templates ` +
      `(${LARGE_SUITES.map((n) => n.toLocaleString('en-US')).join(' and ')} cases in two; ` +
      `${largeJobs(runs)} jobs of them); ` +
      `${longQueued} queued > 5 min; job time (queue + run) median ${fixed(quantile(durations, 0.5) / MINUTE)} min, ` +
      `p95 ${fixed(quantile(durations, 0.95) / MINUTE)} min. Simulated in ${fixed(seconds)} s.\n`,
  );
  console.log(
    '| Schedule | GetJobStatus calls per job (mean / median / p95) | Scheduler invocations per job | SQS hops per job | DynamoDB reads / writes per job (RRU / WRU) | Delay ATS done → person told (median / p95) | Timed out |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const f of [vendor, noHistory, minute, policy]) {
    const calls = `${fixed(sum(f.statusCalls) / f.jobs)} / ${fixed(quantile(f.statusCalls, 0.5), 0)} / ${fixed(quantile(f.statusCalls, 0.95), 0)}`;
    const sched =
      f.schedulerInvocations === undefined
        ? 'n/a (sleeps in CI)'
        : fixed(f.schedulerInvocations / f.jobs);
    const dynamo =
      f.reads === undefined
        ? 'n/a'
        : `${fixed((f.reads ?? 0) / f.jobs)} / ${fixed((f.writes ?? 0) / f.jobs)} (${fixed((f.readUnits ?? 0) / f.jobs)} / ${fixed((f.writeUnits ?? 0) / f.jobs)})`;
    const hops = f.hopsSent === undefined ? 'n/a' : fixed(f.hopsSent / f.jobs);
    const delay = `${fixed(quantile(f.delaysMs, 0.5) / SECOND, 0)} s / ${fixed(quantile(f.delaysMs, 0.95) / SECOND, 0)} s`;
    console.log(
      `| ${f.label} | ${calls} | ${sched} | ${hops} | ${dynamo} | ${delay} | ${f.timedOut} |`,
    );
  }

  const bytes = policy.bytes;
  if (!bytes) throw new Error('the bot simulation measured no bytes');
  console.log("\nBytes received from ATS per job (GetJobStatus answers, this policy's polls):\n");
  console.log(
    '| Policy | All jobs: mean / median / p95 | Suites of 5-34 cases: mean | 2,000-case suite: mean | 20,000-case suite: mean | Largest job |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const [label, values] of [
    ['Every poll asks for flags, counts and every case', bytes.everyPollFull],
    [
      'This bot: everything at each check for suites of at most 100 cases, else the status alone and everything once done',
      bytes.now,
    ],
  ] as const) {
    const of = (keep: (cases: number) => boolean) =>
      mean(values.filter((_, i) => keep(bytes.caseCounts[i] ?? 0)));
    console.log(
      `| ${label} | ${kb(mean(values))} / ${kb(quantile(values, 0.5))} / ${kb(quantile(values, 0.95))} | ${kb(of((n) => n < 100))} | ${kb(of((n) => n === 2_000))} | ${kb(of((n) => n === 20_000))} | ${kb(Math.max(...values))} |`,
    );
  }

  console.log('\nAWS cost per 1,000 jobs (USD, us-east-1 list prices):\n');
  console.log(
    '| Schedule | Lambda invocations per job | Lambda | Scheduler | SQS | DynamoDB | Total |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const f of [noHistory, minute, policy]) {
    const c = costPer1000(f);
    if (!c) continue;
    console.log(
      `| ${f.label} | ${fixed((f.lambdaInvocations ?? 0) / f.jobs)} | $${c.lambda.toFixed(4)} | $${c.scheduler.toFixed(4)} | $${c.sqs.toFixed(4)} | $${c.dynamo.toFixed(4)} | $${c.total.toFixed(4)} |`,
    );
  }
  console.log(
    `\nAssumptions, the same for every row: Lambda arm64 $${PRICES.lambdaPerMillionRequests}/million requests + $${PRICES.lambdaArmPerGbSecond}/GB-s, ` +
      `${LAMBDA_GB * 1024} MB, ${LAMBDA_BILLED_SECONDS} s billed per invocation (a poll or a hop alike); ` +
      `EventBridge Scheduler $${PRICES.schedulerPerMillionInvocations.toFixed(2)}/million invocations (its API calls are free); ` +
      `SQS standard $${PRICES.sqsPerMillionRequests.toFixed(2)}/million requests, ${SQS_REQUESTS_PER_HOP} per hop (send, receive, delete); ` +
      `DynamoDB on-demand $${PRICES.dynamoPerMillionWriteUnits}/million WRU, $${PRICES.dynamoPerMillionReadUnits}/million RRU ` +
      "(the item the DynamoDB store writes, sized by DynamoDB's rules, a write billed by the larger of the old and the new item; three projection-ALL indexes and the keys-only byUserCreated counted); free tiers ignored. " +
      'Not per job, so not in the table: ' +
      "the event source mapping's long polls of the empty hop queue, a fixed monthly charge (see docs/performance.md). " +
      `Hops arrive up to ${HOP_LATENCY_MS / SECOND} s after their time, scheduled polls anywhere in their minute.`,
  );

  const ratio = sum(policy.statusCalls) / sum(vendor.statusCalls);
  const median = quantile(policy.delaysMs, 0.5) / SECOND;
  const p95 = quantile(policy.delaysMs, 0.95) / SECOND;
  const cost = costPer1000(policy)?.total ?? Number.NaN;
  const bytesRatio = sum(bytes.now) / sum(bytes.everyPollFull);
  const checks = [
    [
      `median delay ${fixed(median)} s, vendor plugin ${fixed(quantile(vendor.delaysMs, 0.5) / SECOND)} s (target ≤ 12 s)`,
      median <= 12,
    ],
    [
      `p95 delay ${fixed(p95)} s, vendor plugin ${fixed(quantile(vendor.delaysMs, 0.95) / SECOND)} s (target ≤ 40 s)`,
      p95 <= 40,
    ],
    [
      `GetJobStatus calls ${fixed(ratio * 100)} % of the vendor plugin's (target ≤ 20 %)`,
      ratio <= 0.2,
    ],
    [
      `AWS cost $${cost.toFixed(4)} per 1,000 jobs, minute polls only $${(costPer1000(minute)?.total ?? Number.NaN).toFixed(4)} (target ≤ $${COST_TARGET_PER_1000})`,
      cost <= COST_TARGET_PER_1000,
    ],
    [
      `bytes from ATS ${fixed(bytesRatio * 100)} % of asking everything at every poll, same polls (target ≤ 25 %)`,
      bytesRatio <= 0.25,
    ],
  ] as const;
  console.log('');
  for (const [text, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

await main();
