import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRedactedSecrets } from '../../functions/logger';
import {
  LOAD_FAULTS,
  LOAD_SECRETS,
  type LoadResult,
  runLoad,
} from '../support/reliability/load-run';
import { formatLoadSummary } from '../support/reliability/load-summary';
import { captureLogs, type LogCaptureReport } from '../support/reliability/log-capture';
import { SEED_VARIABLE, seedFromEnvironment } from '../support/reliability/seeded-chance';

/*
 * 1,000 jobs started through the real Slack ingress and run by the real worker against dynalite,
 * the ATS simulator and the local Slack Web API, in virtual time, with faults everywhere: ATS
 * faults, slow answers, malformed XML and dropped connections; Slack 429s and 5xx; duplicate and
 * late deliveries; workers dying between two steps, retried as Lambda and Scheduler retry.
 * Reproducible: the seed is printed first; RELIABILITY_SEED=<seed> replays the same faults.
 */

const SEED = seedFromEnvironment();
const RUNS = 1_000;
/** The whole run must end well within the test timeout: a stuck run fails with a message. */
const BUDGET_MS = 270_000;
/**
 * Worker invocations in flight. Decisions are keyed to what is decided, not to timing, but
 * concurrency can still swap a few between runs of one seed; RELIABILITY_CONCURRENCY=1 replays a
 * seed call for call (slowly).
 */
const CONCURRENCY = Number(process.env.RELIABILITY_CONCURRENCY ?? 32);

console.log(`[reliability] load seed ${SEED} (${SEED_VARIABLE}=${SEED} replays this run)`);

describe(`1,000 jobs through the ingress and the worker, with faults (seed ${SEED})`, () => {
  let result: LoadResult;
  let logs: LogCaptureReport;

  beforeAll(async () => {
    const capture = captureLogs({
      'Slack signing secret': LOAD_SECRETS.slackSigningSecret,
      'Slack bot token': LOAD_SECRETS.slackBotToken,
      'ATS AppAPIToken': LOAD_SECRETS.atsAppApiToken,
      'ATS password': LOAD_SECRETS.atsPassword,
    });
    try {
      result = await runLoad({
        seed: SEED,
        runs: RUNS,
        watches: 30,
        faults: LOAD_FAULTS,
        clickShare: 0.4,
        doubleClickShare: 0.3,
        arrivalSpanMs: 60 * 60_000,
        budgetMs: BUDGET_MS,
        atsTimeoutMs: 2_500,
        // Everything the functions can log, Bolt's and the Web API client's own lines included.
        logLevel: 'DEBUG',
        plan: { concurrency: CONCURRENCY },
      });
    } finally {
      logs = capture.stop();
    }
    console.log(`[reliability] load run\n${formatLoadSummary(result, logs)}`);
    if (result.failures.length > 0) {
      console.log(`[reliability] worker errors (samples)\n${result.failures.join('\n')}`);
    }
    if (result.invariants.violationCount > 0) {
      console.log(
        `[reliability] violations\n${result.invariants.violations.join('\n')}\n\n${result.explanations.join('\n\n')}`,
      );
    }
  }, BUDGET_MS + 30_000);

  afterAll(() => {
    clearRedactedSecrets();
  });

  it('injected every kind of fault it promises', () => {
    // Prepare
    const { faults, delivery } = result;

    // Act
    const injected = {
      atsFaults: Object.values(faults.ats).every((n) => n > 0),
      slack: faults.slackRateLimited > 0 && faults.slackServerError > 0,
      duplicates: delivery.duplicates > 0 && delivery.lateDuplicates > 0,
      crashes: result.crashes > 0 && delivery.retries > 0,
      reruns:
        result.invariants.counts.manualReruns > 0 && result.invariants.counts.automaticReruns > 0,
      clicks: result.clicks > 0,
    };

    // Assess
    expect(injected).toEqual({
      atsFaults: true,
      slack: true,
      duplicates: true,
      crashes: true,
      reruns: true,
      clicks: true,
    });
  });

  it('answers every command and click with 200 (commands with a text)', () => {
    // Prepare
    const { bySection, violations } = result.invariants;

    // Act
    const ingress = violations.filter((v) => v.startsWith('[ingress]'));

    // Assess
    expect(ingress).toEqual([]);
    expect(bySection.ingress).toBe(0);
  });

  it('records exactly one job and one card per request and leaves every job in one final phase, nothing stuck', () => {
    // Prepare
    const { bySection, violations, counts } = result.invariants;

    // Act
    const jobs = violations.filter((v) => v.startsWith('[jobs]'));

    // Assess
    expect(jobs).toEqual([]);
    expect(bySection.jobs).toBe(0);
    expect(counts.orphanCards).toBe(0);
    expect(counts.runJobs).toBe(RUNS);
  });

  it('posts exactly one outcome per job in its thread (an extra one only where a worker died between posting and recording it)', () => {
    // Prepare
    const { bySection, violations, counts } = result.invariants;

    // Act
    const outcomes = violations.filter((v) => v.startsWith('[outcomes]'));

    // Assess
    expect(outcomes).toEqual([]);
    expect(bySection.outcomes).toBe(0);
    expect(counts.duplicateOutcomes).toBe(0);
  });

  it('never sends RunJob twice for one request nor RerunNotPassed twice for one finished job', () => {
    // Prepare
    const { bySection, violations } = result.invariants;

    // Act
    const ats = violations.filter((v) => v.startsWith('[ats]'));

    // Assess
    expect(ats).toEqual([]);
    expect(bySection.ats).toBe(0);
    expect(result.runJobCalls).toBeLessThanOrEqual(RUNS);
  });

  it('never fails a worker invocation with a programming error (only crashes and retried outages)', () => {
    // Prepare
    const failures = result.failures;

    // Act
    const bugs = failures.filter((f) =>
      /\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/.test(f),
    );

    // Assess
    expect(bugs).toEqual([]);
    expect(result.delivery.failed).toBeLessThanOrEqual(result.delivery.deliveries / 100);
  });

  it('writes no configured token, password or signing secret to the logs or to Slack', () => {
    // Prepare
    const { bySection } = result.invariants;

    // Act
    const leaks = logs.leaks;

    // Assess
    expect(leaks).toEqual([]);
    expect(logs.writes).toBeGreaterThan(RUNS);
    expect(logs.levels.DEBUG).toBeGreaterThan(RUNS);
    // Not even scrubbed: no code path handed a secret to a logger in the first place.
    expect(logs.redactions).toBe(0);
    expect(bySection.secrets).toBe(0);
  });
});
