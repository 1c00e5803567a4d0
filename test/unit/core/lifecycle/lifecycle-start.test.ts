import { describe, expect, it } from 'vitest';
import { AtsError } from '../../../../functions/core/errors';
import { createHarness, mayHaveStartedMessages } from './lifecycle-harness';

const MINUTE = 60_000;

describe('JobLifecycle: starting a job', () => {
  it('follows a run from requested to a passed outcome, updating the card only on changes', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ queuedMs: 30_000, runningMs: 10 * MINUTE });
    const job = await h.request('run');

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain();

    // Assess
    const done = await h.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('passed');
    expect(done.outcomeTs).toBeDefined();
    expect(done.nextPollAt).toBeUndefined();
    expect(h.ats.count('RunJob')).toBe(1);
    expect(h.notifier.of('postCard')).toHaveLength(1);
    expect(h.notifier.outcomes()).toHaveLength(1);
    const shown = h.notifier.of('updateCard').map((c) => c.job.phase);
    expect(shown).toEqual(['queued', 'running', 'done']);
    expect(h.scheduler.pending()).toEqual([]);
  });

  it('calls RunJob once when the start request is delivered twice', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');

    // Act
    await Promise.all([
      h.handle({ type: 'start', requestId: job.requestId }),
      h.handle({ type: 'start', requestId: job.requestId }),
    ]);
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    expect(h.ats.count('RunJob')).toBe(1);
    expect(h.notifier.of('postCard')).toHaveLength(1);
    expect(h.notifier.outcomes()).toHaveLength(1);
    expect(mayHaveStartedMessages(h)).toBe(0);
  });

  it('does not declare "may have started" while the first delivery is still inside RunJob', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    const release = h.ats.holdStarts();
    const first = h.handle({ type: 'start', requestId: job.requestId });
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    h.clock.advance(5_000);
    await h.handle({ type: 'start', requestId: job.requestId });
    const duringRunJob = await h.job(job.requestId);
    release();
    await first;
    await h.drain();

    // Assess
    expect(duringRunJob.phase).toBe('starting');
    expect(h.ats.count('RunJob')).toBe(1);
    expect(mayHaveStartedMessages(h)).toBe(0);
    expect((await h.job(job.requestId)).phase).toBe('done');
  });

  it('survives an early watchdog while RunJob is still running: the start is recorded anyway', async () => {
    // Prepare: the watchdog (seq 0) arrives before its deadline, e.g. booked by a duplicate.
    const h = createHarness();
    const job = await h.request('run');
    const release = h.ats.holdStarts();
    const first = h.handle({ type: 'start', requestId: job.requestId });
    await new Promise((resolve) => setImmediate(resolve));
    h.clock.advance(20_000);

    // Act
    await h.handle({ type: 'poll', requestId: job.requestId, seq: 0 });
    const rebooked = await h.job(job.requestId);
    release();
    await first;
    const report = await h.drain();

    // Assess
    expect(rebooked).toMatchObject({ phase: 'starting', pollCount: 1 });
    expect(report.errors).toEqual([]);
    expect((await h.job(job.requestId)).phase).toBe('done');
    expect(mayHaveStartedMessages(h)).toBe(0);
    expect(h.ats.count('RunJob')).toBe(1);
  });

  it('ends with the ATS refusal even when an early watchdog wrote the job while RunJob ran', async () => {
    // Prepare: ATS refuses the job; an early watchdog rebooks the start meanwhile, so the end's
    // first write loses the race.
    const h = createHarness();
    h.ats.failNext(
      'RunJob',
      new AtsError('ATS_NOT_STARTED', 'ATS did not start the job: no hub free.', false, false),
    );
    const job = await h.request('run');
    const release = h.ats.holdStarts();
    const first = h.handle({ type: 'start', requestId: job.requestId });
    await new Promise((resolve) => setImmediate(resolve));
    h.clock.advance(20_000);
    await h.handle({ type: 'poll', requestId: job.requestId, seq: 0 });

    // Act
    release();
    await first;
    const report = await h.drain();

    // Assess
    const ended = await h.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(ended.phase).toBe('failed_to_start');
    expect(ended.lastError).toMatch(/no hub free/);
    expect(ended.finishedAt).toBe(job.createdAt + 20_000);
    expect(mayHaveStartedMessages(h)).toBe(0);
    expect(h.notifier.deliveries(job.requestId)).toHaveLength(1);
  });

  it('gives up on a dead start once, however early its watchdogs keep arriving', async () => {
    // Prepare: the worker died inside RunJob; a watchdog poll comes 65 s after the claim, just
    // before the 70 s deadline (each rebooked one lands on a later minute).
    const h = createHarness();
    const job = await h.request('run');
    h.ats.holdStarts();
    void h.handle({ type: 'start', requestId: job.requestId });
    await new Promise((resolve) => setImmediate(resolve));
    h.clock.advance(65_000);
    await h.handle({ type: 'poll', requestId: job.requestId, seq: 0 });

    // Act
    const report = await h.drain({ maxDeliveries: 20 });

    // Assess
    const ended = await h.job(job.requestId);
    expect(report.drained).toBe(true);
    expect(ended.phase).toBe('error');
    expect(ended.finishedAt).toBeLessThanOrEqual((ended.claimedAt ?? 0) + 3 * 60_000);
    expect(mayHaveStartedMessages(h)).toBe(1);
  });

  it('keeps the ATS id on a job the watchdog already gave up on when RunJob answers late', async () => {
    // Prepare: RunJob hangs past the watchdog, which ends the job as "may have started".
    const h = createHarness();
    const job = await h.request('run');
    const release = h.ats.holdStarts();
    const first = h.handle({ type: 'start', requestId: job.requestId });
    await new Promise((resolve) => setImmediate(resolve));
    await h.drain();

    // Act
    release();
    await first;

    // Assess
    const ended = await h.job(job.requestId);
    expect(ended.phase).toBe('error');
    expect(ended.atsJobId).toBe('ats-job-1');
    expect(mayHaveStartedMessages(h)).toBe(1);
    expect(h.warnings.map((w) => w.message)).toContain(
      'ATS started a job the bot had already given up on',
    );
  });

  it('tells the person the job may have started when RunJob timed out, and never resends it', async () => {
    // Prepare
    const h = createHarness();
    h.ats.failNext(
      'RunJob',
      new AtsError('ATS_TIMEOUT', 'ATS did not answer within 10 s.', true, true),
    );
    const job = await h.request('run');

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    const ended = await h.job(job.requestId);
    expect(ended.phase).toBe('error');
    expect(ended.lastError).toMatch(/may be running in ATS/);
    expect(h.ats.count('RunJob')).toBe(1);
    expect(mayHaveStartedMessages(h, job.requestId)).toBe(1);
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('resolves a job left in starting by a dead worker at the watchdog poll', async () => {
    // Prepare: the claim was written and the watchdog booked, then the worker died in RunJob.
    const h = createHarness();
    const job = await h.request('run');
    h.ats.holdStarts();
    void h.handle({ type: 'start', requestId: job.requestId });
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    const report = await h.drain();

    // Assess
    const ended = await h.job(job.requestId);
    // The watchdog alone: the safety poll was deleted once the person was told.
    expect(report.deliveries).toBe(1);
    expect(h.scheduler.cancels).toContainEqual({ requestId: job.requestId, seq: ended.pollCount });
    expect(ended.phase).toBe('error');
    expect(mayHaveStartedMessages(h, job.requestId)).toBe(1);
    const watchdog = h.scheduler.scheduled(job.requestId)[0];
    expect(watchdog?.at).toBeGreaterThanOrEqual(job.createdAt + 10_000 + 60_000);
  });

  it('ends in failed_to_start with the ATS reason on the card, telling the requester once, when ATS refuses to start', async () => {
    // Prepare
    const h = createHarness();
    h.ats.failNext(
      'RunJob',
      new AtsError(
        'ATS_NOT_STARTED',
        'ATS did not start the job: template disabled.',
        false,
        false,
      ),
    );
    const job = await h.request('run');

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    const ended = await h.job(job.requestId);
    expect(ended.phase).toBe('failed_to_start');
    expect(ended.lastError).toBe('ATS did not start the job: template disabled.');
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(0);
    expect(h.notifier.of('announceOnCard', job.requestId)).toMatchObject([
      { tellRequester: true, job: { phase: 'failed_to_start', cardTs: ended.cardTs } },
    ]);
    expect(h.notifier.of('updateCard', job.requestId).at(-1)?.job.phase).toBe('failed_to_start');
    expect(ended.outcomeToldAt).toBeDefined();
    expect(h.ats.count('GetJobStatus')).toBe(0);
  });

  it('starts cleanly on retry when booking the watchdog failed before the claim', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    h.scheduler.failNext(1);
    const failed = await h.handle({ type: 'start', requestId: job.requestId }).then(
      () => false,
      () => true,
    );

    // Act: Lambda retries the same start message.
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    expect(failed).toBe(true);
    expect(h.ats.count('RunJob')).toBe(1);
    expect((await h.job(job.requestId)).phase).toBe('done');
    expect(mayHaveStartedMessages(h)).toBe(0);
  });

  it('re-ensures the first poll when the worker died after recording the start', async () => {
    // Prepare: the first poll (seq 1) cannot be booked, as if the worker died right after the write.
    const h = createHarness();
    const job = await h.request('run');
    h.scheduler.failNext(1, (poll) => poll.seq === 1);
    await h.handle({ type: 'start', requestId: job.requestId }).catch(() => {});
    const stranded = await h.job(job.requestId);

    // Act: Lambda retries the same start message.
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain();

    // Assess
    expect(stranded.phase).toBe('queued');
    expect(h.scheduler.scheduled(job.requestId).some((p) => p.seq === 1)).toBe(true);
    expect(report.errors).toEqual([]);
    expect(h.ats.count('RunJob')).toBe(1);
    expect((await h.job(job.requestId)).phase).toBe('done');
  });
});
