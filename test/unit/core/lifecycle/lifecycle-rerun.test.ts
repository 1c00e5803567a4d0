import { describe, expect, it } from 'vitest';
import { claimRerun } from '../../../../functions/core/lifecycle/rerun-claim';
import { createHarness } from './lifecycle-harness';

const MINUTE = 60_000;
const failing = [
  { name: 'Login', result: 'Passed' as const },
  { name: 'Checkout', result: 'Failed' as const },
  { name: 'Search', result: 'Not_Executed' as const },
];

describe('JobLifecycle: reruns', () => {
  it('reruns automatically up to the template setting, in the same thread, reporting flaky cases', async () => {
    // Prepare: regression has autoReruns 2; Checkout passes on the first rerun, Search on the second.
    const h = createHarness();
    h.ats.plan(
      { runningMs: 10 * MINUTE, testCases: failing },
      {
        runningMs: 3 * MINUTE,
        testCases: [
          { name: 'Checkout', result: 'Passed' },
          { name: 'Search', result: 'Failed' },
        ],
      },
      { runningMs: 2 * MINUTE, testCases: [{ name: 'Search', result: 'Passed' }] },
    );
    const job = await h.request('run', { alias: 'regression', user: 'U0000BOB' });

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain();

    // Assess
    const chain = h.store.all().sort((a, b) => a.attempt - b.attempt);
    expect(report.errors).toEqual([]);
    expect(chain.map((j) => [j.kind, j.attempt, j.phase, j.result?.verdict])).toEqual([
      ['run', 0, 'done', 'failed'],
      ['rerun', 1, 'done', 'failed'],
      ['rerun', 2, 'done', 'passed'],
    ]);
    expect(chain[1]?.result?.flaky).toEqual(['Checkout']);
    // Search never ran in the first run: passing now is running, not flaking.
    expect(chain[2]?.result?.flaky).toEqual([]);
    expect(chain.map((j) => j.rerunOf)).toEqual([
      undefined,
      chain[0]?.requestId,
      chain[1]?.requestId,
    ]);
    expect(chain.every((j) => j.requester.userId === 'U0000BOB')).toBe(true);
    expect(chain[1]?.threadTs).toBe(chain[0]?.cardTs);
    expect(chain[2]?.threadTs).toBe(chain[0]?.cardTs);
    // Every rerun names the chain's original RunJob job, as the reference and the vendor plugin do.
    expect(h.ats.calls.filter((c) => c.operation === 'RerunNotPassed').map((c) => c.arg)).toEqual([
      chain[0]?.atsJobId,
      chain[0]?.atsJobId,
    ]);
    const first = h.notifier.outcomes(chain[0]?.requestId)[0];
    expect(first?.job.rerunBy).toBe('U0000BOB');
    expect(h.notifier.outcomes()).toHaveLength(3);
  });

  it('stops rerunning automatically once the template setting is used up', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan(
      { testCases: failing },
      { testCases: failing.slice(1) },
      { testCases: failing.slice(1) },
      { testCases: failing.slice(1) },
    );
    const job = await h.request('run', { alias: 'regression' });

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    expect(h.ats.count('RerunNotPassed')).toBe(2);
    expect(h.store.all()).toHaveLength(3);
  });

  it('does not rerun automatically when the template has it off, or when the job passed', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ testCases: failing }, {});
    const off = await h.request('run', { alias: 'smoke' });
    const passing = await h.request('run', { alias: 'regression' });

    // Act
    await h.handle({ type: 'start', requestId: off.requestId });
    await h.handle({ type: 'start', requestId: passing.requestId });
    await h.drain();

    // Assess
    expect(h.ats.count('RerunNotPassed')).toBe(0);
    expect((await h.job(off.requestId)).result?.verdict).toBe('failed');
  });

  it('calls RerunNotPassed once for two rerun requests for one finished job at the same moment', async () => {
    // Prepare
    const h = createHarness();
    // The rerun runs the two cases that did not pass; both fail again.
    h.ats.plan(
      { testCases: failing },
      { testCases: failing.slice(1).map((t) => ({ ...t, result: 'Failed' as const })) },
    );
    const job = await h.request('run');
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();
    const finished = await h.job(job.requestId);
    const now = h.clock.now();

    // Act: two people click "Rerun not passed" at once; the ingress claims and invokes.
    const claims = await Promise.all([
      claimRerun(h.store, finished, { userId: 'U0000ANN' }, 'click-1', now),
      claimRerun(h.store, finished, { userId: 'U0000BEN' }, 'click-2', now),
    ]);
    const ids = claims.map((c) => (c.claimed ? c.rerun.requestId : c.existingRerunRequestId));
    await Promise.all(ids.map((requestId) => h.handle({ type: 'rerun', requestId })));
    await h.drain();

    // Assess
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    expect(new Set(ids).size).toBe(1);
    expect(h.ats.count('RerunNotPassed')).toBe(1);
    const rerun = await h.job(ids[0] ?? '');
    expect(rerun.phase).toBe('done');
    expect(rerun.result?.flaky).toEqual([]);
  });

  it('ends a rerun in failed_to_start when ATS refuses it', async () => {
    // Prepare: the finished job's ATS id is unknown to ATS (purged).
    const h = createHarness();
    h.ats.plan({ testCases: failing });
    const job = await h.request('run');
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();
    const finished = await h.job(job.requestId);
    await h.store.replace(
      { ...finished, atsJobId: 'purged', version: finished.version + 1 },
      finished.version,
    );
    const claim = await claimRerun(
      h.store,
      await h.job(job.requestId),
      { userId: 'U0000ANN' },
      'click-1',
      h.clock.now(),
    );

    // Act
    await h.handle({ type: 'rerun', requestId: 'click-1' });
    await h.drain();

    // Assess
    expect(claim.claimed).toBe(true);
    const rerun = await h.job('click-1');
    expect(rerun.phase).toBe('failed_to_start');
    expect(rerun.lastError).toMatch(/did not start the rerun/);
    // One message per fact: the rerun's card shows why, the person who asked hears it once.
    expect(h.notifier.outcomes('click-1')).toHaveLength(0);
    expect(h.notifier.of('announceOnCard', 'click-1')).toMatchObject([{ tellRequester: true }]);
    expect(rerun.outcomeToldAt).toBeDefined();
  });
});
