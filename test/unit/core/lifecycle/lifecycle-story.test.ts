import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import { createHarness, QUIET_CATALOG } from './lifecycle-harness';

const MINUTE = 60_000;
const failing = [
  { name: 'Login', result: 'Passed' as const },
  { name: 'Checkout', result: 'Failed' as const },
  { name: 'Export', result: 'Failed' as const },
  { name: 'Refund', result: 'Not_Executed' as const },
];

describe('JobLifecycle: quiet passes', () => {
  it('updates the card of a clean first-time pass and posts no thread reply, exactly once under duplicate deliveries', async () => {
    // Prepare
    const h = createHarness({ catalog: QUIET_CATALOG });
    h.ats.plan({ runningMs: 4 * MINUTE });
    const job = await h.request('run');

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain({ copies: 3, concurrent: true });

    // Assess
    const done = await h.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done.result?.verdict).toBe('passed');
    expect(h.notifier.outcomes(job.requestId)).toEqual([]);
    expect(h.notifier.of('announceOnCard', job.requestId)).toMatchObject([
      { tellRequester: false, job: { phase: 'done', cardTs: done.cardTs } },
    ]);
    expect(h.notifier.of('updateCard', job.requestId).at(-1)?.job.phase).toBe('done');
    expect(done.outcomeOnCardAt).toBeDefined();
    expect(done.outcomeLeaseUntil).toBeUndefined();
    expect(h.notifier.of('attachResultFile')).toEqual([]);
  });

  it('counts a quiet pass as delivered only once it went out: a failed notice is retried', async () => {
    // Prepare: the notification channels' notice fails the first time (Slack 5xx).
    const h = createHarness({ catalog: QUIET_CATALOG });
    const job = await h.request('run');
    h.notifier.failNext('announceOnCard', 1);

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain({ retries: 2 });

    // Assess
    const done = await h.job(job.requestId);
    expect(report.errors).toHaveLength(1);
    expect(h.notifier.of('announceOnCard', job.requestId)).toHaveLength(1);
    expect(done.outcomeOnCardAt).toBeDefined();
    expect(done.outcomeAttempts).toBe(2);
  });

  it('always replies in the thread for a failure, a warning, or a template that wants every result', async () => {
    // Prepare
    const catalog = parseCatalog([
      { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite' },
      { alias: 'loud', templateId: 'tpl-loud', name: 'Loud suite', quietPasses: false },
    ]);
    const h = createHarness({ catalog });
    h.ats.plan({ testCases: failing }, {});
    const failed = await h.request('run');
    const loud = await h.request('run', { alias: 'loud' });

    // Act
    await h.handle({ type: 'start', requestId: failed.requestId });
    await h.handle({ type: 'start', requestId: loud.requestId });
    await h.drain();

    // Assess
    expect((await h.job(loud.requestId)).result?.verdict).toBe('passed');
    expect(h.notifier.outcomes(failed.requestId)).toHaveLength(1);
    expect(h.notifier.outcomes(loud.requestId)).toHaveLength(1);
    expect(h.notifier.of('announceOnCard')).toEqual([]);
  });
});

describe('JobLifecycle: the card tells the final story', () => {
  it('updates the first card when a rerun starts and when it ends, with the chain’s flaky cases', async () => {
    // Prepare: regression reruns automatically; both failures pass on the first rerun.
    const h = createHarness();
    h.ats.plan(
      { runningMs: 10 * MINUTE, testCases: failing },
      {
        runningMs: 3 * MINUTE,
        testCases: [
          { name: 'Checkout', result: 'Passed' },
          { name: 'Export', result: 'Passed' },
          { name: 'Refund', result: 'Passed' },
        ],
      },
    );
    const job = await h.request('run', { alias: 'regression' });

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain({ copies: 2 });

    // Assess
    const root = await h.job(job.requestId);
    const rerunId = root.rerunRequestId ?? '';
    expect(report.errors).toEqual([]);
    // Refund never ran before: it is not flaky.
    expect(root.chainStory).toEqual({
      attempt: 1,
      requestId: rerunId,
      phase: 'done',
      verdict: 'passed',
      flaky: 2,
      breakdown: { passed: 3, failed: 0, notExecuted: 0 },
    });
    const rootCards = h.notifier
      .of('updateCard', job.requestId)
      .map((c) => c.job.chainStory?.phase);
    expect(rootCards.filter((p) => p === 'queued')).toHaveLength(1);
    expect(rootCards.filter((p) => p === 'done')).toHaveLength(1);
    expect(rootCards.at(-1)).toBe('done');
  });

  it('never lets a late copy of an older rerun’s news replace a newer one', async () => {
    // Prepare: two automatic reruns, the first fails again, the second passes.
    const h = createHarness();
    h.ats.plan(
      { testCases: failing },
      { testCases: [{ name: 'Checkout', result: 'Failed' }] },
      { testCases: [{ name: 'Checkout', result: 'Passed' }] },
    );
    const job = await h.request('run', { alias: 'regression' });
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();
    const root = await h.job(job.requestId);
    const first = await h.job(root.rerunRequestId ?? '');

    // Act: a late poll of the first rerun settles it again.
    await h.handle({ type: 'poll', requestId: first.requestId, seq: first.pollCount });

    // Assess
    expect((await h.job(job.requestId)).chainStory).toMatchObject({
      attempt: 2,
      verdict: 'passed',
      flaky: 1,
    });
  });
});

describe('JobLifecycle: the full result as a file', () => {
  it('attaches one file to a job with cases that did not pass, none to a pass, under duplicate deliveries', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ testCases: failing }, {});
    const failed = await h.request('run');
    const passed = await h.request('run');

    // Act
    await h.handle({ type: 'start', requestId: failed.requestId });
    await h.handle({ type: 'start', requestId: passed.requestId });
    const report = await h.drain({ copies: 3, concurrent: true });

    // Assess
    const done = await h.job(failed.requestId);
    expect(report.errors).toEqual([]);
    const files = h.notifier.of('attachResultFile');
    expect(files.map((f) => f.job.requestId)).toEqual([failed.requestId]);
    expect(done.resultFileId).toBe(files[0]?.fileId);
    expect(done.resultFileLeaseUntil).toBeUndefined();
    // After the outcome, in the thread it belongs to.
    const order = h.notifier.calls.filter((c) => c.job.requestId === failed.requestId);
    const outcomeAt = order.findIndex((c) => c.method === 'postOutcome');
    expect(order.findIndex((c) => c.method === 'attachResultFile')).toBeGreaterThan(outcomeAt);
  });

  it('tries again once the lease lapses when an upload fails, telling the notifier to look first', async () => {
    // Prepare: the first upload fails (Slack 5xx); no Lambda retry, only the safety poll.
    const h = createHarness();
    h.ats.plan({ testCases: failing });
    const job = await h.request('run');
    h.notifier.failNext('attachResultFile', 1);

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain({ retries: 0 });

    // Assess
    const done = await h.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(h.warnings.map((w) => w.message)).toContain('Could not attach the result file');
    const files = h.notifier.of('attachResultFile', job.requestId);
    expect(files).toHaveLength(1);
    expect(files[0]?.job.resultFileAttempts).toBe(2);
    expect(done.resultFileId).toBe(files[0]?.fileId);
  });
});
