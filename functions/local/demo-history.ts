import { createHash } from 'node:crypto';
import type { AtsTestCase } from '../core/ats';
import { slowestCasesOf } from '../core/history/case-durations';
import type { RunHistory } from '../core/history/ports';
import { buildRunRecord, type RunRecord, type RunVerdict } from '../core/history/run-record';
import { newJob } from '../core/job';
import type { TemplateEntry } from '../core/requests/catalog';
import { PLAYGROUND_WORKSPACE } from './playground/workspace';

/**
 * How one demo template behaves over the days: how many runs a day, how often a run fails, how
 * long it runs (and how that drifts), which cases fail and which of them are flaky (a rerun
 * passes them).
 */
interface DemoProfile {
  runsPerDay: readonly [min: number, max: number];
  failRate: number;
  runSeconds: number;
  /** Seconds the run time grows per day towards today: a suite that got slower. */
  driftSecondsPerDay: number;
  /** Every case of the suite and how long it takes (summing to about `runSeconds`). */
  caseSeconds: Readonly<Record<string, number>>;
  failing: readonly string[];
  /** Of `failing`, those a rerun passes: the flaky ones. */
  flaky: readonly string[];
  /** Fired by a nightly schedule rather than by people. */
  scheduled?: boolean;
}

/** The profiles given, in order, to the first templates of the catalog. */
const PROFILES: readonly DemoProfile[] = [
  {
    runsPerDay: [2, 4],
    failRate: 0.08,
    runSeconds: 26,
    driftSecondsPerDay: 0,
    caseSeconds: { 'Log in': 4, 'Open dashboard': 7, 'Search customer': 12, 'Log out': 3 },
    failing: ['Search customer'],
    flaky: ['Search customer'],
  },
  {
    runsPerDay: [1, 2],
    failRate: 0.4,
    runSeconds: 95,
    driftSecondsPerDay: 1.5,
    caseSeconds: {
      'Log in': 4,
      'Create order': 22,
      'Checkout with voucher': 31,
      'Export invoice PDF': 19,
      'Refund order': 16,
      'Log out': 3,
    },
    failing: ['Checkout with voucher', 'Export invoice PDF', 'Refund order'],
    flaky: ['Checkout with voucher'],
    scheduled: true,
  },
  {
    runsPerDay: [1, 1],
    failRate: 0.2,
    runSeconds: 53,
    driftSecondsPerDay: 0,
    caseSeconds: { 'Contrast of main pages': 22, 'Keyboard navigation': 31 },
    failing: ['Keyboard navigation'],
    flaky: [],
  },
];

const DAY_MS = 86_400_000;

/** The demo catalog's templates whose simulated cases match the profiles, in profile order. */
const DEMO_ALIASES = ['smoke', 'regression', 'warning'];

/** The templates the profiles go to: the demo ones when the catalog has them, else its first. */
function demoTemplates(catalog: readonly TemplateEntry[]): TemplateEntry[] {
  const demo = DEMO_ALIASES.map((alias) => catalog.find((t) => t.alias === alias));
  if (demo.every((t) => t !== undefined)) return demo as TemplateEntry[];
  return catalog.slice(0, PROFILES.length);
}

/** Numbers in [0, 1) drawn from a seed: the same seed gives the same history on every start. */
function randomsOf(seed: string): () => number {
  let counter = 0;
  return () => {
    const digest = createHash('sha256').update(`${seed}#${counter++}`).digest();
    return digest.readUInt32BE(0) / 2 ** 32;
  };
}

/**
 * The demo history of the `days` days before `now`: for three templates of `catalog` (the demo
 * catalog's smoke, regression and accessibility checks, else its first three), a few runs a day in the playground's channel by its people (one template by a
 * nightly schedule), with failures, a slowly growing run time and a flaky case passed by a rerun.
 * Each run's id is made of its template, its calendar day (UTC) and its number that day, and its
 * contents come from a seed of the same, so building it again (a restart, the next day) gives
 * the same records for the days already seeded.
 */
export function demoHistory(
  catalog: readonly TemplateEntry[],
  options: { days: number; now: number; historyDays: number },
): RunRecord[] {
  const records: RunRecord[] = [];
  const firstDay = Math.floor((options.now - options.days * DAY_MS) / DAY_MS);
  const lastDay = Math.floor(options.now / DAY_MS);
  demoTemplates(catalog).forEach((template, t) => {
    const profile = PROFILES[t] as DemoProfile;
    for (let day = firstDay; day <= lastDay; day++) {
      const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      const random = randomsOf(`${template.templateId}#${date}`);
      const [min, max] = profile.runsPerDay;
      const runs = min + Math.floor(random() * (max - min + 1));
      for (let k = 0; k < runs; k++) {
        // Working hours, or 02:00 for the nightly schedule.
        const startedAt = profile.scheduled
          ? day * DAY_MS + 2 * 3_600_000
          : day * DAY_MS + (7 + random() * 11) * 3_600_000;
        const runMs = Math.round(
          (profile.runSeconds + (day - firstDay) * profile.driftSecondsPerDay) *
            1000 *
            (0.9 + random() * 0.2),
        );
        const requestId = `demo-${template.templateId}-${date}-${k}`;
        const chain = demoChain(template, profile, {
          requestId,
          startedAt,
          runMs,
          queueMs: Math.round(random() * 20_000),
          fails: random() < profile.failRate,
          userIndex: Math.floor(random() * PLAYGROUND_WORKSPACE.users.length),
          random,
          historyDays: options.historyDays,
        });
        for (const r of chain) if (r.endedAt <= options.now) records.push(r);
      }
    }
  });
  return records;
}

/** One demo run (and its rerun when it failed with a flaky case), as the lifecycle records them. */
function demoChain(
  template: TemplateEntry,
  profile: DemoProfile,
  run: {
    requestId: string;
    startedAt: number;
    runMs: number;
    queueMs: number;
    fails: boolean;
    userIndex: number;
    random: () => number;
    historyDays: number;
  },
): RunRecord[] {
  const failing = run.fails ? profile.failing.filter((_, i) => i === 0 || run.random() < 0.5) : [];
  const userId = (PLAYGROUND_WORKSPACE.users[run.userIndex] ?? PLAYGROUND_WORKSPACE.users[0])
    ?.id as string;
  const endedAt = run.startedAt + run.queueMs + run.runMs;
  const record = (
    requestId: string,
    attempt: number,
    notPassed: readonly string[],
    flaky: readonly string[],
    at: { startedAt: number; endedAt: number; runMs: number },
    ran: readonly string[],
  ): RunRecord | undefined => {
    const verdict: RunVerdict = notPassed.length > 0 ? 'failed' : 'passed';
    const cases = caseResults(profile, requestId, ran, notPassed, at.runMs);
    const slowest = slowestCasesOf(cases);
    const ts = `${Math.floor(at.endedAt / 1000)}.${String(attempt).padStart(6, '0')}`;
    const job = newJob({
      requestId,
      kind: attempt === 0 ? 'run' : 'rerun',
      templateId: template.templateId,
      templateAlias: template.alias,
      templateName: template.name,
      ...(profile.scheduled && attempt === 0 ? { scheduleId: 'demo-nightly' } : {}),
      requester: { userId },
      channelId: PLAYGROUND_WORKSPACE.channel.id,
      attempt,
      rootRequestId: run.requestId,
      now: at.startedAt,
    });
    return buildRunRecord(
      {
        ...job,
        phase: 'done',
        cardTs: ts,
        threadTs: `${Math.floor(endedAt / 1000)}.000000`,
        startedAt: at.startedAt,
        finishedAt: at.endedAt,
        runDurationMs: at.runMs,
        result: {
          verdict,
          atsResult: verdict === 'passed' ? 'Passed' : 'Failed',
          breakdown: {
            passed: ran.length - notPassed.length,
            failed: notPassed.length,
            notExecuted: 0,
          },
          flags: { canceled: false, warning: false },
          testCases: cases.filter((c) => c.result !== 'Passed'),
          flaky: [...flaky],
          ...(slowest ? { slowest } : {}),
          errorMessage: undefined,
        },
      },
      run.historyDays,
    );
  };
  const first = record(
    run.requestId,
    0,
    failing,
    [],
    { startedAt: run.startedAt, endedAt, runMs: run.runMs },
    Object.keys(profile.caseSeconds),
  );
  const flaky = failing.filter((name) => profile.flaky.includes(name));
  if (flaky.length === 0 || !first) return first ? [first] : [];
  // The run's failures include a flaky case: its rerun passes that one, the others fail again.
  const rerunMs = Math.round(
    run.runMs * (failing.length / Object.keys(profile.caseSeconds).length),
  );
  const rerun = record(
    `${run.requestId}-r1`,
    1,
    failing.filter((name) => !flaky.includes(name)),
    flaky,
    { startedAt: endedAt + 60_000, endedAt: endedAt + 60_000 + rerunMs, runMs: rerunMs },
    failing,
  );
  return rerun ? [first, rerun] : [first];
}

/**
 * The cases one demo job ran as ATS would list them: each takes its profile's time, scaled to
 * the job's running time and varied by up to 10 % (from a seed of its own, so the run's other
 * draws stay as they were), the ones in `notPassed` failed.
 */
function caseResults(
  profile: DemoProfile,
  requestId: string,
  ran: readonly string[],
  notPassed: readonly string[],
  runMs: number,
): AtsTestCase[] {
  const random = randomsOf(`${requestId}#cases`);
  const planned = ran.reduce((sum, name) => sum + (profile.caseSeconds[name] ?? 0), 0);
  const scale = planned > 0 ? runMs / 1000 / planned : 1;
  return ran.map((name) => {
    const failed = notPassed.includes(name);
    return {
      name,
      result: failed ? 'Failed' : 'Passed',
      durationSeconds: Math.max(
        1,
        Math.round((profile.caseSeconds[name] ?? 1) * scale * (0.9 + random() * 0.2)),
      ),
      errorMessage: failed ? 'Element not found' : undefined,
    };
  });
}

/**
 * Writes the demo history (see {@link demoHistory}) into `history`. Records already there (an
 * earlier start with the same DATA_DIR) are left as they are.
 * @returns how many records were written now, and how many were there already.
 * @throws whatever the store throws.
 */
export async function seedDemoHistory(
  history: RunHistory,
  records: readonly RunRecord[],
): Promise<{ written: number; kept: number }> {
  let written = 0;
  // Sequential: a few hundred small puts on the embedded store, at start-up only.
  for (const r of records) if (await history.record(r)) written += 1;
  return { written, kept: records.length - written };
}
