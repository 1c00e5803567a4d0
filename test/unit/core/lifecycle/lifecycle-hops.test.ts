import { describe, expect, it } from 'vitest';
import { HOP_LATE_AFTER_MS } from '../../../../functions/core/lifecycle/hop-job';
import type { LifecycleSettings } from '../../../../functions/core/lifecycle/lifecycle';
import type { HopOptions } from '../../../../functions/core/polling/polling-policy';
import type { FakeJobPlan } from './fake-ats';
import {
  atsDown,
  createHarness,
  type Harness,
  seedFinishedSmokeRun,
  startedRun,
} from './lifecycle-harness';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOPS: HopOptions = { windowGapMs: 20 * SECOND, rampGapMs: 30 * SECOND, maxHopMs: 2 * MINUTE };
/**
 * How long earlier runs of the smoke suite took, 40 s either way: the job is expected to finish
 * about 10 minutes after it began, give or take half a minute.
 */
const USUAL_RUN_MS = 10 * MINUTE;

/**
 * A harness whose policy hops, with ten earlier runs of the smoke suite that each took about
 * {@link USUAL_RUN_MS}, and the plan of the next job ATS starts.
 */
function hoppingHarness(plan: FakeJobPlan, settings: Partial<LifecycleSettings> = {}): Harness {
  const h = createHarness({ settings, policy: { hops: HOPS } });
  for (let i = 0; i < 10; i++) {
    const finishedAt = h.clock.now() - (i + 1) * 60 * MINUTE;
    seedFinishedSmokeRun(h, `earlier-${i}`, finishedAt - USUAL_RUN_MS, {
      atsJobId: `old-${i}`,
      finishedAt,
      runDurationMs: USUAL_RUN_MS + ((i % 5) - 2) * 20 * SECOND,
    });
  }
  h.ats.plan(plan);
  return h;
}

/** When ATS finished the job with this requestId: the fake starts jobs when RunJob is called. */
function atsDoneAt(h: Harness, plan: FakeJobPlan): number {
  const started = h.ats.calls.find((c) => c.operation === 'RunJob')?.at ?? 0;
  return started + (plan.queuedMs ?? 0) + (plan.runningMs ?? 0);
}

/** GetJobStatus calls made by hops (their times are hop times). */
function hopChecks(h: Harness, id: string): number[] {
  const hopTimes = new Set(h.scheduler.sentHops(id).map((hop) => hop.at));
  return h.ats.calls
    .filter((c) => c.operation === 'GetJobStatus' && hopTimes.has(c.at))
    .map((c) => c.at);
}

describe('JobLifecycle: short hops', () => {
  it('tells the outcome within a window gap of ATS finishing; hops finding it running write nothing', async () => {
    // Prepare
    const plan = { queuedMs: 20 * SECOND, runningMs: USUAL_RUN_MS + 7 * SECOND };
    const h = hoppingHarness(plan);
    const id = await startedRun(h);
    const firstHopAt = async () => {
      await h.drain({ until: h.clock.now() + 30 * MINUTE, maxDeliveries: 1 });
      return h.scheduler.sentHops(id).length;
    };
    for (let i = 0; i < 20 && (await firstHopAt()) === 0; i++);
    const versionAtFirstHop = (await h.job(id)).version;

    // Act: every hop until just before ATS finishes.
    await h.drain({ until: atsDoneAt(h, plan) - 1 });
    const versionBeforeDone = (await h.job(id)).version;
    const report = await h.drain();

    // Assess
    expect(report.errors).toEqual([]);
    expect(hopChecks(h, id).length).toBeGreaterThanOrEqual(4);
    expect(versionBeforeDone).toBe(versionAtFirstHop);
    const outcome = h.notifier.outcomes(id);
    expect(outcome).toHaveLength(1);
    const delay = (outcome[0]?.at ?? 0) - atsDoneAt(h, plan);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(HOPS.windowGapMs);
    const job = await h.job(id);
    expect(job.phase).toBe('done');
    // The finish is bracketed by the last hop that found it running, not the last poll.
    expect(job.lastPolledAt).toBeGreaterThan(atsDoneAt(h, plan) - HOPS.windowGapMs);
  });

  it('tells one outcome, with the same polls, when hops are delivered twice at once or in a row', async () => {
    // Prepare
    const plan = { queuedMs: 20 * SECOND, runningMs: USUAL_RUN_MS + 3 * SECOND };
    const once = hoppingHarness(plan);
    const everyHopTwice = hoppingHarness(plan);
    const firstHopTwiceInARow = hoppingHarness(plan);
    const ids = [
      await startedRun(once),
      await startedRun(everyHopTwice),
      await startedRun(firstHopTwiceInARow),
    ];
    const first = (h: Harness) => (hop: { at: number }) =>
      hop.at === h.scheduler.sentHops()[0]?.at ? 2 : 1;

    // Act
    const reports = [
      await once.drain(),
      await everyHopTwice.drain({ hopCopies: 2, concurrent: true }),
      await firstHopTwiceInARow.drain({ hopCopies: first(firstHopTwiceInARow) }),
    ];

    // Assess
    const single = await once.job(ids[0] ?? '');
    for (const [i, h] of [once, everyHopTwice, firstHopTwiceInARow].entries()) {
      const job = await h.job(ids[i] ?? '');
      expect(reports[i]?.errors).toEqual([]);
      expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
      expect(job.phase).toBe('done');
      expect(job.pollCount).toBe(single.pollCount);
      expect(h.scheduler.scheduled(job.requestId).length).toBe(
        once.scheduler.scheduled(single.requestId).length,
      );
    }
    // Nothing stored tells a copy from its twin, so both ask ATS and send the next hop: one
    // duplicate doubles at most the hops left in its burst, which ends at the poll behind it.
    const hops = (h: Harness, i: number) => h.scheduler.sentHops(ids[i]).length;
    expect(hops(firstHopTwiceInARow, 2)).toBeGreaterThan(hops(once, 0));
    expect(hops(firstHopTwiceInARow, 2)).toBeLessThanOrEqual(2 * hops(once, 0));
  });

  it('drops a hop that arrives late, one whose poll has been done, and one of a job not running', async () => {
    // Prepare
    const plan = { queuedMs: 20 * SECOND, runningMs: USUAL_RUN_MS };
    const h = hoppingHarness(plan);
    const id = await startedRun(h);
    await h.drain({ until: h.clock.now() + 9 * MINUTE + 50 * SECOND });
    const job = await h.job(id);
    const now = h.clock.now();
    const calls = h.ats.count('GetJobStatus');
    const hop = { type: 'hop' as const, requestId: id, seenAt: now - 20 * SECOND };

    // Act
    await h.handle({ ...hop, seq: job.pollCount, at: now - HOP_LATE_AFTER_MS - 1 });
    await h.handle({ ...hop, seq: job.pollCount - 1, at: now });
    await h.handle({ ...hop, seq: job.pollCount + 1, at: now });
    await h.handle({ ...hop, requestId: 'nobody', seq: 0, at: now });

    // Assess
    expect(h.ats.count('GetJobStatus')).toBe(calls);
    expect(await h.job(id)).toEqual(job);
    expect(h.infos.filter((i) => i.message === 'Hop dropped').map((i) => i.extra)).toEqual([
      { requestId: id, seq: job.pollCount, reason: 'late' },
      { requestId: id, seq: job.pollCount - 1, reason: 'its poll has been done' },
      { requestId: id, seq: job.pollCount + 1, reason: 'its poll has been done' },
      { requestId: 'nobody', seq: 0, reason: 'unknown job' },
    ]);
  });

  it('finishes a job whose worker died between a hop and its record through the poll behind it, once', async () => {
    // Prepare: the hop that sees Done fails to write it (the worker dies there).
    const plan = { queuedMs: 20 * SECOND, runningMs: USUAL_RUN_MS };
    const h = hoppingHarness(plan);
    const id = await startedRun(h);
    await h.drain({ until: atsDoneAt(h, plan) - 1 });
    const pending = await h.job(id);
    const replace = h.store.replace.bind(h.store);
    let crashes = 0;
    h.store.replace = async (next, expected) => {
      if (next.phase === 'done' && crashes === 0) {
        crashes++;
        throw new Error('worker died (injected)');
      }
      return replace(next, expected);
    };

    // Act
    const report = await h.drain();

    // Assess
    expect(crashes).toBe(1);
    expect(report.errors).toHaveLength(1);
    const outcomes = h.notifier.outcomes(id);
    expect(outcomes).toHaveLength(1);
    expect((await h.job(id)).phase).toBe('done');
    // Told by the poll the hops went ahead of, within its minute.
    expect(outcomes[0]?.at).toBeGreaterThanOrEqual(pending.nextPollAt ?? 0);
    expect(outcomes[0]?.at).toBeLessThanOrEqual((pending.nextPollAt ?? 0) + MINUTE);
  });

  it('leaves the job to the poll behind the hops when the next hop cannot be sent', async () => {
    // Prepare
    const plan = { queuedMs: 20 * SECOND, runningMs: USUAL_RUN_MS + 30 * SECOND };
    const h = hoppingHarness(plan);
    const id = await startedRun(h);
    await h.drain({ until: atsDoneAt(h, plan) - 2 * MINUTE });
    const pending = await h.job(id);
    h.scheduler.failNextHops(1);

    // Act
    const report = await h.drain();

    // Assess
    expect(report.errors).toEqual([]);
    expect(h.warnings.map((w) => w.message)).toContain(
      'Hop not sent: the pending poll checks the job instead',
    );
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(h.notifier.outcomes(id)[0]?.at).toBeGreaterThanOrEqual(pending.nextPollAt ?? 0);
  });

  it('tells a job that finishes exactly between two hops at the next one', async () => {
    // Prepare: find when the hops come, then finish the job half-way between two of them.
    const probe = hoppingHarness({ queuedMs: 20 * SECOND, neverFinishes: true });
    const probeId = await startedRun(probe);
    await probe.drain({ until: probe.clock.now() + 12 * MINUTE });
    const hops = hopChecks(probe, probeId);
    const started = probe.ats.calls.find((c) => c.operation === 'RunJob')?.at ?? 0;
    // Two hops in a row at the dense gap, where finishing is likeliest.
    const dense = hops.findIndex((at, i) => i > 0 && at - (hops[i - 1] ?? 0) === HOPS.windowGapMs);
    const [before, after] = [hops[dense - 1] ?? 0, hops[dense] ?? 0];
    const plan = { queuedMs: 20 * SECOND, runningMs: (before + after) / 2 - started - 20 * SECOND };
    const h = hoppingHarness(plan);
    const id = await startedRun(h);

    // Act
    await h.drain();

    // Assess
    expect(after - before).toBe(HOPS.windowGapMs);
    const outcome = h.notifier.outcomes(id)[0];
    expect(outcome?.at).toBe(after);
    expect(hopChecks(h, id).at(-1)).toBe(after);
  });

  it('times a job out once when the limit comes during a burst of hops, and asks ATS nothing after', async () => {
    // Prepare: the 10-minute limit falls inside the window.
    const plan = { queuedMs: 20 * SECOND, neverFinishes: true };
    const h = hoppingHarness(plan, { pollLimitMs: 10 * MINUTE });
    const id = await startedRun(h);

    // Act
    const report = await h.drain({ hopCopies: 2, concurrent: true });

    // Assess
    expect(report.errors).toEqual([]);
    const job = await h.job(id);
    expect(job.phase).toBe('timed_out');
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    const limitAt = (job.startedAt ?? 0) + 10 * MINUTE;
    expect(job.finishedAt).toBeGreaterThanOrEqual(limitAt);
    expect(job.finishedAt).toBeLessThanOrEqual(limitAt + HOPS.windowGapMs + MINUTE);
    expect(hopChecks(h, id).length).toBeGreaterThan(3);
    const calls = h.ats.calls.filter((c) => c.operation === 'GetJobStatus');
    expect(calls.every((c) => c.at <= (job.finishedAt ?? 0))).toBe(true);
  });

  it('polls at the scheduler precision while ATS fails during the hops, and tells the outage once', async () => {
    // Prepare
    const plan = { queuedMs: 20 * SECOND, runningMs: USUAL_RUN_MS + 8 * MINUTE };
    const h = hoppingHarness(plan, { unreachableAfterMs: 4 * MINUTE });
    const id = await startedRun(h);
    await h.drain({ until: h.clock.now() + 9 * MINUTE + 40 * SECOND });
    const hopsBefore = h.scheduler.sentHops(id).length;
    h.ats.failNext('GetJobStatus', atsDown(), 6);

    // Act
    const report = await h.drain();

    // Assess
    expect(report.errors).toEqual([]);
    expect(hopsBefore).toBeGreaterThan(0);
    expect(h.notifier.notices('ats_unreachable', id)).toHaveLength(1);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    const job = await h.job(id);
    expect(job.phase).toBe('done');
    expect(job.consecutiveFailures).toBe(0);
  });
});
