import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusLabel } from '../../../functions/slack/blocks/job-labels';
import { renderOutcome } from '../../../functions/slack/blocks/outcome';
import { createScenario, type SharedAts, startSharedAts } from './scenario';

/*
 * ATS cancels jobs beyond five queued or running per app (release notes 2.17.1); the strict
 * simulator does too. The bot keeps its own jobs within the cap and lets the rest wait in line.
 */

let shared: SharedAts;

beforeAll(async () => {
  shared = await startSharedAts({ strict: true });
});

afterAll(async () => {
  await shared.sim.close();
});

describe('the five-job cap of an ATS app', () => {
  it('starts five of eight jobs requested at once, lets three wait in order, and finishes all eight, each RunJob sent once', async () => {
    // Prepare: eight runs requested at the same moment; every message is delivered twice.
    const s = createScenario(shared);
    const since = s.clock.now();
    const jobs = [];
    for (let i = 0; i < 8; i++) jobs.push(await s.request('run', 'pass'));

    // Act
    await Promise.all(
      jobs.flatMap((j) => [
        s.handle({ type: 'start', requestId: j.requestId }),
        s.handle({ type: 'start', requestId: j.requestId }),
      ]),
    );
    const afterStart = await Promise.all(jobs.map((j) => s.job(j.requestId)));
    const report = await s.drain({ copies: 2, concurrent: true });

    // Assess
    const runJobs = shared.sim.requests.filter((r) => r.operation === 'RunJob' && r.at >= since);
    const waiting = afterStart.filter((j) => j.phase === 'waiting');
    expect(afterStart.filter((j) => j.phase === 'queued')).toHaveLength(5);
    expect(waiting).toHaveLength(3);
    expect(waiting.map((j) => statusLabel(j))).toEqual(
      Array(3).fill(':hourglass: Waiting for a free ATS slot: 5 running'),
    );
    expect(s.notifier.of('postCard').filter((c) => c.job.phase === 'waiting')).toHaveLength(3);
    const done = await Promise.all(jobs.map((j) => s.job(j.requestId)));
    expect(report.errors).toEqual([]);
    expect(done.map((j) => j.phase)).toEqual(Array(8).fill('done'));
    expect(done.map((j) => j.result?.verdict)).toEqual(Array(8).fill('passed'));
    expect(runJobs).toHaveLength(8);
    expect(new Set(done.map((j) => j.atsJobId)).size).toBe(8);
    expect(done.some((j) => shared.sim.job(j.atsJobId ?? '')?.canceledByCap)).toBe(false);
    // The three that waited started in the order they asked.
    const waited = waiting.map((w) => done.find((j) => j.requestId === w.requestId));
    const order = [...waited].sort((a, b) => (a?.startedAt ?? 0) - (b?.startedAt ?? 0));
    expect(order.map((j) => j?.requestId)).toEqual(waiting.map((j) => j.requestId));
    expect(s.notifier.of('postCard')).toHaveLength(8);
    expect(s.notifier.deliveries()).toHaveLength(8);
  });

  it('says why ATS probably canceled a job when jobs started elsewhere held the five slots', async () => {
    // Prepare: a pipeline started five jobs of the app directly in ATS.
    const s = createScenario(shared);
    for (let i = 0; i < 5; i++) await s.ats.runJob('tpl-pass');
    const job = await s.request('run', 'pass');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(shared.sim.job(done.atsJobId ?? '')?.canceledByCap).toBe(true);
    expect(done.result).toMatchObject({ verdict: 'canceled', flags: { canceled: true } });
    expect(JSON.stringify(renderOutcome(done).blocks)).toContain(
      'The job was canceled in ATS before any test case ran. ATS cancels jobs beyond 5 queued or running per app',
    );
  });
});
