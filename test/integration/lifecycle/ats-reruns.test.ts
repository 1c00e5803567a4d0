import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RerunAnswerShape } from '../../../functions/ats/simulator/simulator';
import type { Job } from '../../../functions/core/job';
import { claimRerun } from '../../../functions/core/lifecycle/rerun-claim';
import { createScenario, type Scenario, type SharedAts, startSharedAts } from './scenario';

/*
 * Reruns as the reference has them, against the strict simulator (which refuses a rerun of a
 * rerun): every RerunNotPassed names the chain's original RunJob job, whose not-passed cases each
 * rerun runs again.
 */

let shared: SharedAts;

beforeAll(async () => {
  shared = await startSharedAts({ strict: true });
});

afterAll(async () => {
  await shared.sim.close();
});

/** FinishedJobID of every RerunNotPassed sent since `since` (virtual time). */
function rerunsSentFor(since: number): string[] {
  return shared.sim.requests
    .filter((r) => r.operation === 'RerunNotPassed' && r.at >= since)
    .map((r) => r.fields.FinishedJobID ?? '');
}

async function runChain(s: Scenario, alias: string): Promise<Job[]> {
  const job = await s.request('run', alias, 'U0000CAROL');
  await s.handle({ type: 'start', requestId: job.requestId });
  const report = await s.drain();
  expect(report.errors).toEqual([]);
  return s.jobs();
}

const summary = (chain: Job[]) => chain.map((j) => [j.attempt, j.phase, j.result?.verdict]);

describe('automatic reruns name the original job, under either rule', () => {
  it('until-pass (autoReruns 2): reruns the original twice and stops at the first passing rerun', async () => {
    // Prepare
    const s = createScenario(shared);
    const since = s.clock.now();

    // Act
    const chain = await runChain(s, 'flaky-auto');

    // Assess
    expect(summary(chain)).toEqual([
      [0, 'done', 'failed'],
      [1, 'done', 'failed'],
      [2, 'done', 'passed'],
    ]);
    expect(rerunsSentFor(since)).toEqual([chain[0]?.atsJobId, chain[0]?.atsJobId]);
    expect(chain.slice(1).map((j) => shared.sim.job(j.atsJobId ?? '')?.rerunOf)).toEqual([
      chain[0]?.atsJobId,
      chain[0]?.atsJobId,
    ]);
    // Rerun 2 ran the original's three not-passed cases again: all of them passed this time, the
    // two that had failed are flaky; "Refund order" had not run at all, so it is not.
    expect(chain[1]?.result?.flaky).toEqual(['Apply voucher']);
    expect(chain[2]?.result?.flaky).toEqual(['Apply voucher', 'Export invoice']);
    expect(s.notifier.outcomes().map((o) => o.job.attempt)).toEqual([0, 1, 2]);
  });

  it('confirm (autoReruns 2): a passing rerun is confirmed by a second passing rerun', async () => {
    // Prepare
    const s = createScenario(shared);
    const since = s.clock.now();

    // Act
    const chain = await runChain(s, 'once-confirm');

    // Assess
    expect(summary(chain)).toEqual([
      [0, 'done', 'failed'],
      [1, 'done', 'passed'],
      [2, 'done', 'passed'],
    ]);
    expect(rerunsSentFor(since)).toEqual([chain[0]?.atsJobId, chain[0]?.atsJobId]);
    expect(chain.map((j) => j.result?.chain?.step)).toEqual([undefined, 'confirming', 'confirmed']);
  });

  it('confirm: a failing rerun ends the chain failed, with reruns left', async () => {
    // Prepare
    const s = createScenario(shared);
    const since = s.clock.now();

    // Act
    const chain = await runChain(s, 'flaky-confirm');

    // Assess
    expect(summary(chain)).toEqual([
      [0, 'done', 'failed'],
      [1, 'done', 'failed'],
    ]);
    expect(chain[1]?.autoRerunsLeft).toBe(1);
    expect(chain[1]?.result?.chain?.step).toBe('failed');
    expect(rerunsSentFor(since)).toEqual([chain[0]?.atsJobId]);
  });

  it('confirm: a confirming rerun that fails fails the chain', async () => {
    // Prepare
    const s = createScenario(shared);

    // Act
    const chain = await runChain(s, 'wobbly-confirm');

    // Assess
    expect(summary(chain)).toEqual([
      [0, 'done', 'failed'],
      [1, 'done', 'passed'],
      [2, 'done', 'failed'],
    ]);
    expect(chain.map((j) => j.result?.chain?.step)).toEqual([undefined, 'confirming', 'failed']);
  });

  it.each([
    [{ response: 'RerunNotPassedResponse', wrapper: 'RunJob' }],
    [{ response: 'RunJobResponse', wrapper: 'RunJob' }],
  ] as [RerunAnswerShape][])('follows the chain when ATS answers reruns in %o', async (shape) => {
    // Prepare
    const s = createScenario(shared);
    shared.sim.setRerunAnswer(shape);

    // Act
    const chain = await runChain(s, 'flaky-auto');
    shared.sim.setRerunAnswer({ response: 'RerunNotPassedResponse', wrapper: 'RunJob' });

    // Assess
    expect(summary(chain)).toEqual([
      [0, 'done', 'failed'],
      [1, 'done', 'failed'],
      [2, 'done', 'passed'],
    ]);
    expect(s.notifier.notices('may_have_started')).toEqual([]);
  });
});

describe('reruns asked for by people', () => {
  it('reruns the original when the button is clicked on a rerun’s result', async () => {
    // Prepare: a run and one rerun by hand, both failed.
    const s = createScenario(shared);
    const run = await s.request('run', 'flaky');
    await s.handle({ type: 'start', requestId: run.requestId });
    await s.drain();
    await claimRerun(s.store, await s.job(run.requestId), { userId: 'U0000BOB' }, 'click-1', 0);
    await s.handle({ type: 'rerun', requestId: 'click-1' });
    await s.drain();
    const since = s.clock.now();

    // Act: the button on rerun 1's result.
    const claim = await claimRerun(
      s.store,
      await s.job('click-1'),
      { userId: 'U0000DAN' },
      'click-2',
      s.clock.now(),
    );
    await s.handle({ type: 'rerun', requestId: 'click-2' });
    await s.drain();

    // Assess
    const original = await s.job(run.requestId);
    const second = await s.job('click-2');
    expect(claim.claimed).toBe(true);
    expect(rerunsSentFor(since)).toEqual([original.atsJobId]);
    expect(second).toMatchObject({ phase: 'done', attempt: 2, rerunOf: 'click-1' });
    expect(second.result?.verdict).toBe('passed');
    expect(second.result?.flaky).toEqual(['Apply voucher', 'Export invoice']);
  });

  it('says in the thread which cases each rerun runs again: those the original did not pass', async () => {
    // Prepare
    const s = createScenario(shared);

    // Act
    const chain = await runChain(s, 'flaky-auto');

    // Assess
    const cards = s.notifier.of('postCard').filter((c) => c.job.attempt > 0);
    expect(cards.map((c) => c.job.rerunScope)).toEqual([
      { count: 3, names: ['Apply voucher', 'Export invoice', 'Refund order'] },
      { count: 3, names: ['Apply voucher', 'Export invoice', 'Refund order'] },
    ]);
    expect(cards.map((c) => c.job.threadTs)).toEqual([chain[0]?.cardTs, chain[0]?.cardTs]);
  });
});
