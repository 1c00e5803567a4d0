import { describe, expect, it } from 'vitest';
import { AtsError } from '../../../../functions/core/errors';
import { atsDown, createHarness, startedRun } from './lifecycle-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('JobLifecycle: polling', () => {
  it('ignores a poll delivered three times: one outcome, one ATS call per poll', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ runningMs: 5 * MINUTE });
    const id = await startedRun(h);

    // Act
    const report = await h.drain({ copies: 3, concurrent: true });

    // Assess
    const polls = h.scheduler.scheduled(id).length;
    expect(report.errors).toEqual([]);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(h.ats.count('GetJobStatus')).toBeLessThanOrEqual(3 * polls);
    expect((await h.job(id)).phase).toBe('done');
    expect(h.notifier.of('updateCard', id).map((c) => c.job.phase)).toEqual([
      'queued',
      'running',
      'done',
    ]);
  });

  it('asks ATS once per poll when each poll is delivered three times in a row', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ runningMs: 12 * MINUTE });
    const id = await startedRun(h);

    // Act
    const report = await h.drain({ copies: 3 });

    // Assess: the start's watchdog and the outcome's safety poll were deleted once not needed;
    // every other poll asked ATS once, the one that found the job done a second time, for its
    // details.
    const polls = h.scheduler.scheduled(id);
    const delivered = polls.filter((p) => !p.canceled);
    expect(polls.filter((p) => p.canceled)).toHaveLength(2);
    expect(report.deliveries).toBe(delivered.length);
    expect(h.ats.count('GetJobStatus')).toBe(delivered.length + 1);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('changes nothing for a poll that arrives after the final state', async () => {
    // Prepare
    const h = createHarness();
    const id = await startedRun(h);
    await h.drain();
    const before = await h.job(id);
    const calls = h.ats.calls.length;
    const notified = h.notifier.calls.length;
    h.store.resetStats();

    // Act
    await h.handle({ type: 'poll', requestId: id, seq: 1 });
    await h.handle({ type: 'poll', requestId: id, seq: before.pollCount + 5 });

    // Assess
    expect(await h.job(id)).toEqual(before);
    expect(h.ats.calls.length).toBe(calls);
    expect(h.notifier.calls.length).toBe(notified);
    expect(h.store.stats.writes).toBe(0);
  });

  it('ignores an old poll and re-ensures the pending one for the poll just before it', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ runningMs: 30 * MINUTE });
    const id = await startedRun(h);
    await h.drain({ maxDeliveries: 4 });
    const job = await h.job(id);
    const scheduledCalls = h.scheduler.calls.length;
    const statusCalls = h.ats.count('GetJobStatus');

    // Act
    await h.handle({ type: 'poll', requestId: id, seq: job.pollCount - 1 });
    await h.handle({ type: 'poll', requestId: id, seq: job.pollCount - 2 });

    // Assess
    expect(h.ats.count('GetJobStatus')).toBe(statusCalls);
    expect(h.scheduler.calls.slice(scheduledCalls)).toEqual([
      { requestId: id, seq: job.pollCount, at: new Date(job.nextPollAt ?? 0) },
    ]);
    expect(await h.job(id)).toEqual(job);
  });

  it('keeps the job going when the next poll could not be booked, once the poll is retried', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ runningMs: 20 * MINUTE });
    const id = await startedRun(h);
    h.scheduler.failNext(1, (p) => p.seq === 3);

    // Act
    const report = await h.drain();

    // Assess
    expect(report.errors).toHaveLength(1);
    expect((await h.job(id)).phase).toBe('done');
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('survives ATS being down for 20 minutes, telling the person once', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ runningMs: 40 * MINUTE });
    const id = await startedRun(h);
    const outageFrom = h.clock.now() + 10 * MINUTE;
    const outageTo = outageFrom + 20 * MINUTE;

    // Act
    const report = await h.drain({
      beforeDelivery: () => {
        const now = h.clock.now();
        if (now >= outageFrom && now < outageTo) h.ats.failNext('GetJobStatus', atsDown());
      },
    });

    // Assess
    const done = await h.job(id);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(h.notifier.notices('ats_unreachable', id)).toHaveLength(1);
    const notice = h.notifier.notices('ats_unreachable', id)[0];
    expect(notice?.at).toBeGreaterThanOrEqual(outageFrom + 15 * MINUTE);
    expect(notice?.at).toBeLessThan(outageTo);
    expect(done.consecutiveFailures).toBe(0);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('times out a job that never finishes at the limit and tells the person', async () => {
    // Prepare
    const h = createHarness({ settings: { pollLimitMs: 2 * HOUR } });
    h.ats.plan({ neverFinishes: true });
    const id = await startedRun(h);
    const startedAt = (await h.job(id)).startedAt ?? 0;

    // Act
    const report = await h.drain();

    // Assess
    const ended = await h.job(id);
    expect(report.drained).toBe(true);
    expect(ended.phase).toBe('timed_out');
    expect(ended.finishedAt).toBeGreaterThanOrEqual(startedAt + 2 * HOUR);
    expect(ended.finishedAt).toBeLessThan(startedAt + 2 * HOUR + 2 * MINUTE);
    expect(ended.lastError).toMatch(/2 h/);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(h.notifier.outcomes(id)[0]?.job.phase).toBe('timed_out');
  });

  it('times out when ATS stays unreachable until the limit', async () => {
    // Prepare
    const h = createHarness({ settings: { pollLimitMs: HOUR } });
    h.ats.plan({ neverFinishes: true });
    const id = await startedRun(h);
    h.ats.failNext('GetJobStatus', atsDown(), 1000);

    // Act
    await h.drain();

    // Assess
    const ended = await h.job(id);
    expect(ended.phase).toBe('timed_out');
    expect(ended.lastError).toMatch(/could not be reached/);
    expect(h.notifier.notices('ats_unreachable', id)).toHaveLength(1);
    expect(h.ats.count('GetJobStatus')).toBeLessThan(25);
  });

  it('keeps following a job through one SOAP fault on its status, as a blip', async () => {
    // Prepare: ATS answers one status request with a fault (HTTP 500 + SOAP Fault).
    const h = createHarness();
    h.ats.plan({ runningMs: 10 * MINUTE });
    const id = await startedRun(h);
    h.ats.failNext(
      'GetJobStatus',
      new AtsError(
        'ATS_SOAP_FAULT',
        'ATS refused asking for the job status: Object reference not set.',
        false,
        false,
      ),
    );

    // Act
    await h.drain();

    // Assess
    const ended = await h.job(id);
    expect(ended.phase).toBe('done');
    expect(ended.lastError).toBeUndefined();
    expect(ended.consecutiveFaults).toBeUndefined();
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(h.notifier.notices('ats_unreachable', id)).toEqual([]);
  });

  it('keeps an unknown ExecutionStatus as it is and follows the job until Done', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ runningMs: 4 * MINUTE });
    const id = await startedRun(h);
    const real = h.ats.getJobStatus.bind(h.ats);
    let odd = 2;
    h.ats.getJobStatus = async (jobId, options) => {
      const status = await real(jobId, options);
      return status.status !== 'Done' && odd-- > 0 ? { ...status, status: 'Paused' } : status;
    };

    // Act
    await h.drain();

    // Assess
    expect((await h.job(id)).phase).toBe('done');
    const cards = h.notifier.of('updateCard', id).map((c) => c.job.lastAtsStatus);
    expect(cards).toContain('Paused');
  });
});
