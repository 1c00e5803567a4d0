import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type SharedAts, startSharedAts } from './scenario';

/*
 * What ATS and its gateways do in the field (../shared/ats/FIELD-NOTES.md), against the strict
 * simulator: the lifecycle gets through each and the person hears what happened.
 */

const MINUTE = 60_000;

let shared: SharedAts;

beforeAll(async () => {
  shared = await startSharedAts({ strict: true });
});

afterAll(async () => {
  await shared.sim.close();
});

describe('the lifecycle against ATS as it is in the field', () => {
  it('follows a job through ten minutes of 503 gateway pages with a DOCTYPE to its normal finish', async () => {
    // Prepare: from 2 minutes after the start, every call gets a gateway's HTML5 error page.
    const s = createScenario(shared);
    const job = await s.request('run', 'pass');
    const from = s.clock.now() + 2 * MINUTE;
    shared.outage(
      { kind: 'http_error', status: 503, page: 'html5' },
      (now) => now >= from && now < from + 10 * MINUTE,
    );

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const report = await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    const failedPolls = shared.sim.requests.filter(
      (r) => r.operation === 'GetJobStatus' && r.at >= from && r.at < from + 10 * MINUTE,
    );
    expect(report.errors).toEqual([]);
    expect(failedPolls.length).toBeGreaterThanOrEqual(3);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('passed');
    expect(s.notifier.notices('ats_unreachable').length).toBeLessThanOrEqual(1);
    expect(s.notifier.deliveries(job.requestId)).toHaveLength(1);
  });

  it('tells about an outage that lasts, once, in people’s words (the gateway error is in the log)', async () => {
    // Prepare: 20 minutes of Apache's 502 page.
    const s = createScenario(shared);
    const job = await s.request('run', 'pass');
    const from = s.clock.now() + 2 * MINUTE;
    shared.outage(
      { kind: 'http_error', status: 502, page: 'apache' },
      (now) => now >= from && now < from + 20 * MINUTE,
    );

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const notices = s.notifier.notices('ats_unreachable');
    expect((await s.job(job.requestId)).result?.verdict).toBe('passed');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.notice.message).toMatch(/ATS seems to be down or restarting/);
    expect(notices[0]?.notice.message).not.toMatch(/ATS_BASE_URL|HTTP|502/);
  });

  it('waits for a RunJob that ATS answers after 30 s, and follows the job it started', async () => {
    // Prepare: the client's and the lifecycle's own defaults (no timeouts set by the test).
    const s = createScenario(shared);
    const job = await s.request('run', 'pass');
    shared.sim.injectFault({ kind: 'slow', delayMs: 30_000 }, { operation: 'RunJob' });
    const began = Date.now();

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const waited = Date.now() - began;
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(waited).toBeGreaterThanOrEqual(30_000);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('passed');
    expect(s.notifier.notices('may_have_started')).toEqual([]);
    expect(s.lifecycle.settings.atsStartTimeoutMs).toBe(60_000);
  }, 60_000);

  it('reports Passed with Canceled=true (release notes 2.7.1) as passed with a note, like the plugin', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'canceled-passed');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.result).toMatchObject({
      verdict: 'passed',
      atsResult: 'Passed',
      flags: { canceled: true },
    });
    expect(s.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('polls light: the status alone while the job runs, flags and per-case details once, when done', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'large');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    const asked = shared.sim.requests
      .filter((r) => r.operation === 'GetJobStatus' && r.fields.JobID === done.atsJobId)
      .map((r) => Object.keys(r.fields).filter((f) => f.startsWith('Include')));
    expect(asked.length).toBeGreaterThan(3);
    expect(asked.slice(0, -1).every((flags) => flags.length === 0)).toBe(true);
    expect(asked.at(-1)).toEqual([
      'IncludeExecutionFlags',
      'IncludeExecutionResultBreakdown',
      'IncludeDetailsPerTestCase',
    ]);
    // The cases that did not pass are kept; the passed ones are counted.
    expect(done.result?.testCases).toHaveLength(30);
    expect(done.result?.breakdown).toEqual({ passed: 2_970, failed: 30, notExecuted: 0 });
  });

  it('reports the counts alone when ATS lists more cases than the bot reads', async () => {
    // Prepare: the client reads at most 100 kB; the full list is about 500 kB.
    const s = createScenario(shared, { maxResponseBytes: 100_000 });
    const job = await s.request('run', 'large');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.phase).toBe('done');
    expect(done.result).toMatchObject({
      verdict: 'failed',
      breakdown: { passed: 2_970, failed: 30, notExecuted: 0 },
      testCases: [],
      testCasesOmitted: true,
    });
    expect(s.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('starts and follows jobs with a base URL that names only the host', async () => {
    // Prepare
    const s = createScenario(shared, { atsBaseUrl: shared.sim.baseUrl.replace(/\/ws\/$/, '') });
    const job = await s.request('run', 'pass');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.result?.verdict).toBe('passed');
    expect(
      shared.sim.requests
        .filter((r) => r.at >= job.createdAt)
        .every((r) => r.path.startsWith('/ws/')),
    ).toBe(true);
  });

  it('shows what ATS said along with Started=true as a warning on the card and with the result', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'warned');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(done.startWarning).toBe(
      'The Selenium hub is at 90 % of its sessions; jobs may queue longer.',
    );
    expect(s.notifier.of('updateCard', job.requestId)[0]?.job.startWarning).toBe(done.startWarning);
    expect(s.notifier.outcomes(job.requestId)[0]?.job.startWarning).toBe(done.startWarning);
    expect(done.result?.verdict).toBe('passed');
  });
});
