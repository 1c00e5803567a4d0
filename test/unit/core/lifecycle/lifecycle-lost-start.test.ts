import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../functions/core/job';
import { createHarness } from './lifecycle-harness';

/*
 * Regression (found by the reliability suite's load run): a start message every delivery of which
 * died after booking the watchdog poll but before claiming the job (Lambda's first attempt and
 * both retries) left the job in `requested` for ever: the watchdog poll, the only message left,
 * ignored a job that was never started.
 */

describe('JobLifecycle: a start message that never got through', () => {
  it('is begun by its watchdog poll once every delivery of the start died before the claim', async () => {
    // Prepare: the claim write fails three times, like a worker dying there on every attempt.
    const h = createHarness();
    const job = await h.request('run');
    const replace = h.store.replace.bind(h.store);
    let deaths = 3;
    h.store.replace = async (next: Job, expectedVersion: number) => {
      if (deaths > 0 && next.phase === 'starting') {
        deaths--;
        throw new Error('worker died before the claim (injected)');
      }
      return replace(next, expectedVersion);
    };
    const attempts = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      attempts.push(
        await h.handle({ type: 'start', requestId: job.requestId }).then(
          () => 'ok',
          () => 'died',
        ),
      );
    }
    const lost = await h.job(job.requestId);

    // Act: Lambda gave up on the start message; only the booked watchdog poll is left.
    const report = await h.drain();

    // Assess
    expect(attempts).toEqual(['died', 'died', 'died']);
    expect(lost.phase).toBe('requested');
    expect(report.errors).toEqual([]);
    const done = await h.job(job.requestId);
    expect(done.phase).toBe('done');
    expect(h.ats.count('RunJob')).toBe(1);
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('is begun by its watchdog poll only once when the retried start comes back too', async () => {
    // Prepare: the first delivery died before the claim; its retry and the watchdog race.
    const h = createHarness();
    const job = await h.request('run');
    const replace = h.store.replace.bind(h.store);
    let deaths = 1;
    h.store.replace = async (next: Job, expectedVersion: number) => {
      if (deaths > 0 && next.phase === 'starting') {
        deaths--;
        throw new Error('worker died before the claim (injected)');
      }
      return replace(next, expectedVersion);
    };
    await h.handle({ type: 'start', requestId: job.requestId }).catch(() => {});

    // Act
    await Promise.all([
      h.handle({ type: 'start', requestId: job.requestId }),
      h.handle({ type: 'poll', requestId: job.requestId, seq: 0 }),
    ]);
    await h.drain();

    // Assess
    expect((await h.job(job.requestId)).phase).toBe('done');
    expect(h.ats.count('RunJob')).toBe(1);
    expect(h.notifier.of('postCard')).toHaveLength(1);
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
  });
});
