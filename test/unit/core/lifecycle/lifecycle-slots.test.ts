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

describe('JobLifecycle: ATS slots, a wake-up that raced the recheck', () => {
  it('starts a waiting job whose recheck lost the race to a wake-up whose worker died before booking it', async () => {
    // Prepare: one slot; the second job waits and rechecks in 5 minutes.
    const h = createHarness({ settings: { atsJobCap: 1 } });
    h.ats.plan({ runningMs: 30 * MINUTE }, { runningMs: 10 * MINUTE });
    const first = await h.request('run');
    const second = await h.request('run');
    await h.handle({ type: 'start', requestId: first.requestId });
    await h.handle({ type: 'start', requestId: second.requestId });
    // Just before the recheck writes its next recheck, another worker gives the second job the
    // slot and wakes it (the write `wake` makes), then dies before booking that wake-up.
    const replace = h.store.replace.bind(h.store);
    let raced = false;
    h.store.replace = async (next, expectedVersion) => {
      const waiting = await h.store.get(second.requestId);
      if (!raced && next.requestId === second.requestId && waiting?.phase === 'waiting') {
        raced = true;
        const slots = await h.store.getSlots('ats');
        await h.store.putSlots({
          ...slots,
          holders: [second.requestId],
          waiting: [],
          version: slots.version + 1,
        });
        const now = h.clock.now();
        await replace(
          {
            ...waiting,
            pollCount: waiting.pollCount + 1,
            nextPollAt: now,
            updatedAt: now,
            version: waiting.version + 1,
          },
          waiting.version,
        );
      }
      return replace(next, expectedVersion);
    };

    // Act
    const report = await h.drain({ until: h.clock.now() + 20 * MINUTE });

    // Assess: the recheck that lost made sure the newest version's poll is booked.
    const b = await h.job(second.requestId);
    expect(raced).toBe(true);
    expect(report.errors).toEqual([]);
    expect(b.phase).not.toBe('waiting');
    expect(h.ats.count('RunJob')).toBe(2);
  });
});
