import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRerun } from '../../../functions/core/lifecycle/rerun-claim';
import { createScenario, type SharedAts, startSharedAts } from './scenario';

const MINUTE = 60_000;

let shared: SharedAts;

beforeAll(async () => {
  shared = await startSharedAts();
});

afterAll(async () => {
  await shared.sim.close();
});

function simCalls(operation: string, field?: [string, string]) {
  return shared.sim.requests.filter(
    (r) => r.operation === operation && (!field || r.fields[field[0]] === field[1]),
  ).length;
}

describe('lifecycle scenarios against the ATS simulator: duplicates, outages, reruns', () => {
  it('calls RunJob once for a start request delivered twice', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'pass');
    const before = simCalls('RunJob');

    // Act
    await Promise.all([
      s.handle({ type: 'start', requestId: job.requestId }),
      s.handle({ type: 'start', requestId: job.requestId }),
    ]);
    await s.drain();

    // Assess
    expect(simCalls('RunJob') - before).toBe(1);
    expect(s.notifier.of('postCard')).toHaveLength(1);
    expect(s.notifier.deliveries()).toHaveLength(1);
  });

  it('gives exactly one final outcome when each poll is delivered three times', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'fail');
    await s.handle({ type: 'start', requestId: job.requestId });

    // Act
    const report = await s.drain({ copies: 3, concurrent: true });

    // Assess
    const done = await s.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(s.notifier.outcomes()).toHaveLength(1);
    expect(s.notifier.of('updateCard').map((c) => c.job.phase)).toEqual([
      'queued',
      'running',
      'done',
    ]);
  });

  it('changes nothing for a poll after the final state', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'pass');
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();
    const final = await s.job(job.requestId);
    const requests = shared.sim.requests.length;
    const notifications = s.notifier.calls.length;

    // Act
    await s.handle({ type: 'poll', requestId: job.requestId, seq: final.pollCount - 1 });
    await s.handle({ type: 'poll', requestId: job.requestId, seq: 2 });

    // Assess
    expect(await s.job(job.requestId)).toEqual(final);
    expect(shared.sim.requests.length).toBe(requests);
    expect(s.notifier.calls.length).toBe(notifications);
  });

  it('completes the job when ATS is down for 20 minutes, telling the person once', async () => {
    // Prepare: ATS answers 503 from 5 to 25 minutes after the start.
    const s = createScenario(shared);
    const job = await s.request('run', 'fail');
    const from = s.clock.now() + 5 * MINUTE;
    shared.outage(
      { kind: 'http_error', status: 503 },
      (now) => now >= from && now < from + 20 * MINUTE,
    );

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const report = await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('failed');
    const notices = s.notifier.notices('ats_unreachable');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.at).toBeGreaterThanOrEqual(from + 15 * MINUTE);
    // What happened in people's words; the HTTP status is in the log.
    expect(notices[0]?.notice.message).toMatch(/has not given the job's status for \d+ minutes/);
    expect(notices[0]?.notice.message).not.toMatch(/HTTP|503/);
    expect(s.notifier.outcomes()).toHaveLength(1);
  });

  it('posts the outcome exactly once when posting fails once and Lambda retries', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'fail');
    await s.handle({ type: 'start', requestId: job.requestId });
    s.notifier.failNext('postOutcome', 1);

    // Act
    const report = await s.drain({ copies: 2, retries: 2 });

    // Assess
    const done = await s.job(job.requestId);
    expect(report.errors).toHaveLength(1);
    expect(s.notifier.outcomes()).toHaveLength(1);
    expect(done.outcomeTs).toBe(s.notifier.outcomes()[0]?.ref.ts);
  });

  it('reruns a chain by hand and reports flaky cases', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'flaky');
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Act: two reruns by hand, the second from the first rerun's result.
    const first = await claimRerun(
      s.store,
      await s.job(job.requestId),
      { userId: 'U0000BOB' },
      'rerun-1',
      s.clock.now(),
    );
    await s.handle({ type: 'rerun', requestId: 'rerun-1' });
    await s.drain();
    const second = await claimRerun(
      s.store,
      await s.job('rerun-1'),
      { userId: 'U0000BOB' },
      'rerun-2',
      s.clock.now(),
    );
    await s.handle({ type: 'rerun', requestId: 'rerun-2' });
    await s.drain();

    // Assess
    expect([first.claimed, second.claimed]).toEqual([true, true]);
    const [run, rerun1, rerun2] = [
      await s.job(job.requestId),
      await s.job('rerun-1'),
      await s.job('rerun-2'),
    ];
    // "Refund order" was not executed before: running it now is not flaking.
    expect(rerun1.result?.flaky).toEqual(['Apply voucher']);
    expect(rerun1.result?.verdict).toBe('failed');
    // Each rerun runs the original's not-passed cases again, the second one too.
    expect(rerun2.result?.flaky).toEqual(['Apply voucher', 'Export invoice']);
    expect(rerun2.result?.verdict).toBe('passed');
    expect(shared.sim.job(rerun1.atsJobId ?? '')?.rerunOf).toBe(run.atsJobId);
    expect(shared.sim.job(rerun2.atsJobId ?? '')?.rerunOf).toBe(run.atsJobId);
    expect([rerun1.threadTs, rerun2.threadTs]).toEqual([run.cardTs, run.cardTs]);
  });

  it('reruns automatically, per template, in the same thread', async () => {
    // Prepare: the catalog says flaky-auto reruns twice; the flaky cases pass by the second rerun.
    const s = createScenario(shared);
    const job = await s.request('run', 'flaky-auto', 'U0000CAROL');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    const report = await s.drain();

    // Assess
    const chain = s.jobs();
    expect(report.errors).toEqual([]);
    expect(chain.map((j) => [j.attempt, j.phase, j.result?.verdict])).toEqual([
      [0, 'done', 'failed'],
      [1, 'done', 'failed'],
      [2, 'done', 'passed'],
    ]);
    expect(chain.map((j) => j.requester.userId)).toEqual([
      'U0000CAROL',
      'U0000CAROL',
      'U0000CAROL',
    ]);
    expect(chain.slice(1).map((j) => j.threadTs)).toEqual([chain[0]?.cardTs, chain[0]?.cardTs]);
    expect(chain[2]?.result?.flaky).toEqual(['Apply voucher', 'Export invoice']);
    expect(s.notifier.outcomes().map((o) => o.job.attempt)).toEqual([0, 1, 2]);
  });

  it('calls RerunNotPassed once for two rerun requests for one finished job at the same moment', async () => {
    // Prepare
    const s = createScenario(shared);
    const job = await s.request('run', 'fail');
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();
    const finished = await s.job(job.requestId);
    const before = simCalls('RerunNotPassed');

    // Act
    const claims = await Promise.all([
      claimRerun(s.store, finished, { userId: 'U0000ANN' }, 'click-ann', s.clock.now()),
      claimRerun(s.store, finished, { userId: 'U0000BEN' }, 'click-ben', s.clock.now()),
    ]);
    await Promise.all([
      s.handle({ type: 'rerun', requestId: 'click-ann' }),
      s.handle({ type: 'rerun', requestId: 'click-ben' }),
    ]);
    await s.drain();

    // Assess
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    expect(simCalls('RerunNotPassed') - before).toBe(1);
    expect(s.jobs().filter((j) => j.kind === 'rerun')).toHaveLength(1);
  });

  it('follows a job through two SOAP faults on its status to one outcome', async () => {
    // Prepare: ATS answers the first two status requests with HTTP 500 + SOAP Fault.
    const s = createScenario(shared);
    const job = await s.request('run', 'pass');
    await s.handle({ type: 'start', requestId: job.requestId });
    shared.sim.injectFault({ kind: 'soap_fault' }, { operation: 'GetJobStatus', times: 2 });
    const before = simCalls('GetJobStatus');

    // Act
    const report = await s.drain();

    // Assess
    const done = await s.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(simCalls('GetJobStatus') - before).toBeGreaterThanOrEqual(3);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('passed');
    expect(done.consecutiveFailures).toBe(0);
    expect(s.notifier.notices('ats_unreachable')).toEqual([]);
    expect(s.notifier.deliveries()).toHaveLength(1);
  });

  it('tells the person a job may have started when RunJob timed out, and never sends it again', async () => {
    // Prepare: ATS acts on RunJob but answers after the client's timeout.
    const s = createScenario(shared, { atsTimeoutMs: 200 });
    shared.sim.injectFault({ kind: 'slow', delayMs: 1_000 }, { operation: 'RunJob' });
    const job = await s.request('run', 'pass');
    const before = simCalls('RunJob');

    // Act
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.handle({ type: 'start', requestId: job.requestId });
    await s.drain();

    // Assess
    const ended = await s.job(job.requestId);
    expect(simCalls('RunJob') - before).toBe(1);
    expect(ended.phase).toBe('error');
    // One message says it: the outcome, in people's words; the timeout is in the log.
    expect(s.notifier.notices('may_have_started')).toEqual([]);
    expect(s.notifier.outcomes()).toHaveLength(1);
    expect(s.notifier.outcomes()[0]?.job.lastError).toMatch(
      /did not confirm whether a run of Smoke suite started\. It may be running in ATS anyway/,
    );
  });
});
