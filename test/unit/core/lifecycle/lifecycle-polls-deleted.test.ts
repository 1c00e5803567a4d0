import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './lifecycle-harness';

const MINUTE = 60_000;

/** Records a run and delivers its start message; resolves its requestId. */
async function startedRun(h: Harness): Promise<string> {
  const job = await h.request('run');
  await h.handle({ type: 'start', requestId: job.requestId });
  return job.requestId;
}

/** A run ATS finishes after 3 minutes, started; resolves its requestId. */
async function startedThreeMinuteRun(h: Harness): Promise<string> {
  h.ats.plan({ runningMs: 3 * MINUTE });
  const job = await h.request('run');
  await h.handle({ type: 'start', requestId: job.requestId });
  return job.requestId;
}

describe('JobLifecycle: polls deleted once not needed', () => {
  it('deletes the watchdog once ATS has the job and the safety poll once all is told; copies that still come change nothing', async () => {
    // Prepare
    const h = createHarness();
    const id = await startedThreeMinuteRun(h);

    // Act
    const report = await h.drain();
    const done = await h.job(id);
    const calls = h.ats.calls.length;
    const posts = h.notifier.calls.length;
    for (const { seq } of h.scheduler.cancels) await h.handle({ type: 'poll', requestId: id, seq });

    // Assess: the watchdog (the claim's poll) and the safety poll booked with the final state.
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    // The poll that ended the job (already delivered, so nothing to delete) and the safety poll.
    expect(h.scheduler.cancels).toEqual([
      { requestId: id, seq: 0 },
      { requestId: id, seq: done.pollCount - 1 },
      { requestId: id, seq: done.pollCount },
    ]);
    const canceled = h.scheduler.scheduled(id).filter((p) => p.canceled);
    expect(canceled.map((p) => p.seq).sort()).toEqual([0, done.pollCount]);
    expect(canceled.every((p) => !p.delivered)).toBe(true);
    // A deleted schedule's copy already on its way is harmless.
    expect(h.ats.calls.length).toBe(calls);
    expect(h.notifier.calls.length).toBe(posts);
    expect(await h.job(id)).toEqual(done);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('deletes the result file safety poll too once the file is attached, and keeps it while the upload failed', async () => {
    // Prepare: two jobs with a failed case, so each gets the JUnit file; one upload fails once.
    const failing = [
      { name: 'Log in', result: 'Passed' as const },
      { name: 'Pay', result: 'Failed' as const },
    ];
    const attached = createHarness();
    attached.ats.plan({ runningMs: 3 * MINUTE, testCases: failing });
    const retried = createHarness();
    retried.ats.plan({ runningMs: 3 * MINUTE, testCases: failing });
    retried.notifier.failNext('attachResultFile', 1);
    const ids = [await startedRun(attached), await startedRun(retried)];

    // Act
    const reports = [await attached.drain(), await retried.drain()];

    // Assess
    for (const [i, h] of [attached, retried].entries()) {
      const job = await h.job(ids[i] ?? '');
      expect(reports[i]?.errors).toEqual([]);
      expect(job.resultFileId).toBeDefined();
      expect(h.notifier.calls.filter((c) => c.method === 'attachResultFile')).toHaveLength(1);
    }
    const first = await attached.job(ids[0] ?? '');
    // The terminal write's safety poll and the file's: both deleted, neither delivered.
    const pending = attached.scheduler
      .scheduled(ids[0])
      .filter((p) => p.seq >= first.pollCount - 1);
    expect(pending.map((p) => [p.seq, p.canceled, p.delivered])).toEqual([
      [first.pollCount - 1, true, false],
      [first.pollCount, true, false],
    ]);
    // The failed upload left its safety poll, which attached the file at the second try.
    const second = await retried.job(ids[1] ?? '');
    expect(second.resultFileAttempts).toBe(2);
    expect(retried.scheduler.scheduled(ids[1]).some((p) => p.delivered && p.seq > 1)).toBe(true);
  });

  it('keeps the safety poll while the outcome is not told, and the outcome comes once', async () => {
    // Prepare: Slack refuses the first post; the retry of the same message posts.
    const h = createHarness();
    const id = await startedThreeMinuteRun(h);
    h.notifier.failNext('postOutcome', 1);

    // Act
    const report = await h.drain({ retries: 2 });

    // Assess
    const done = await h.job(id);
    expect(report.errors).toHaveLength(1);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(h.scheduler.cancels.map((c) => c.seq)).toEqual([0]);
    const safety = h.scheduler.scheduled(id).find((p) => p.seq === done.pollCount);
    expect(safety?.delivered).toBe(true);
  });

  it('finishes the job when a poll cannot be deleted, and says so in the log', async () => {
    // Prepare
    const h = createHarness();
    h.scheduler.cancelPoll = async () => {
      throw Object.assign(new Error('Scheduler throttled (injected)'), {
        name: 'ThrottlingException',
      });
    };
    const id = await startedThreeMinuteRun(h);

    // Act
    const report = await h.drain();

    // Assess: the polls came and found nothing to do.
    expect(report.errors).toEqual([]);
    expect((await h.job(id)).phase).toBe('done');
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(h.warnings.map((w) => w.message)).toContain(
      'Poll not canceled: it will come and find nothing to do',
    );
    expect(h.scheduler.scheduled(id).every((p) => p.delivered)).toBe(true);
  });
});
