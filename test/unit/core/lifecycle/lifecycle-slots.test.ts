import { describe, expect, it } from 'vitest';
import { createHarness } from './lifecycle-harness';

const MINUTE = 60_000;

describe('JobLifecycle: ATS slots', () => {
  it('starts a waiting job by its own recheck when the wake-up was lost, and leaks no slot', async () => {
    // Prepare: one slot; the second job waits.
    const h = createHarness({ settings: { atsJobCap: 1 } });
    h.ats.plan({ runningMs: 10 * MINUTE }, { runningMs: 10 * MINUTE });
    const first = await h.request('run');
    const second = await h.request('run');
    await h.handle({ type: 'start', requestId: first.requestId });
    await h.handle({ type: 'start', requestId: second.requestId });
    const waiting = await h.job(second.requestId);
    // The worker that ends the first job dies right after giving the slot on: no wake-up.
    const realSchedule = h.scheduler.schedulePoll.bind(h.scheduler);
    let lost = 0;
    h.scheduler.schedulePoll = async (poll) => {
      const job = await h.store.get(poll.requestId);
      const wakeUp = job?.phase === 'waiting' && poll.seq > waiting.pollCount;
      if (poll.requestId === second.requestId && wakeUp && lost === 0) {
        lost++;
        throw new Error('worker died before the wake-up was booked');
      }
      return realSchedule(poll);
    };

    // Act
    const report = await h.drain();

    // Assess
    const [a, b] = [await h.job(first.requestId), await h.job(second.requestId)];
    expect(waiting.phase).toBe('waiting');
    expect(lost).toBe(1);
    expect(report.errors.length).toBeGreaterThan(0);
    expect([a.phase, b.phase]).toEqual(['done', 'done']);
    expect(h.ats.count('RunJob')).toBe(2);
    expect((b.startedAt ?? 0) - (a.finishedAt ?? 0)).toBeLessThanOrEqual(6 * MINUTE);
    expect(await h.store.getSlots('ats')).toMatchObject({ holders: [], waiting: [] });
  });
});
