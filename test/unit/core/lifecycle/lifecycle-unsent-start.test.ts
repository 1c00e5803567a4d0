import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../functions/core/job';
import { createHarness, type Harness, mayHaveStartedMessages } from './lifecycle-harness';

/** Makes the store throw on the next `times` writes `matching`, like a worker dying there. */
function dieOn(h: Harness, matching: (next: Job) => boolean, times = 1): void {
  const replace = h.store.replace.bind(h.store);
  let left = times;
  h.store.replace = async (next: Job, expectedVersion: number) => {
    if (left > 0 && matching(next)) {
      left--;
      throw new Error('worker died (injected)');
    }
    return replace(next, expectedVersion);
  };
}

const isMarker = (next: Job) => next.phase === 'starting' && next.orderSentAt !== undefined;

describe('JobLifecycle: a start whose worker died before or after sending RunJob', () => {
  it('sends RunJob once, at the watchdog, when the worker died after the claim but before the marker', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    dieOn(h, isMarker);
    const first = await h.handle({ type: 'start', requestId: job.requestId }).then(
      () => 'ok',
      () => 'died',
    );
    const left = await h.job(job.requestId);

    // Act: Lambda retries the start (too early to take over), then the watchdog comes.
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain();

    // Assess
    const done = await h.job(job.requestId);
    expect(first).toBe('died');
    expect(left.phase).toBe('starting');
    expect(left.orderSentAt).toBeUndefined();
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.startTakeovers).toBe(1);
    // The takeover tells the notifier a card may already be out (it looks before posting).
    expect(h.notifier.of('postCard', job.requestId).map((c) => c.job.cardAttempts)).toEqual([1, 2]);
    expect(done.orderSentAt).toBeDefined();
    expect(h.ats.count('RunJob')).toBe(1);
    expect(mayHaveStartedMessages(h)).toBe(0);
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('says "may have started" and never resends when the worker died after the marker', async () => {
    // Prepare: RunJob reached ATS, the worker died before recording its answer.
    const h = createHarness();
    const job = await h.request('run');
    dieOn(h, (next) => next.phase === 'queued');
    await h.handle({ type: 'start', requestId: job.requestId }).catch(() => {});
    const left = await h.job(job.requestId);

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    const ended = await h.job(job.requestId);
    expect(left.phase).toBe('starting');
    expect(left.orderSentAt).toBeDefined();
    expect(ended.phase).toBe('error');
    expect(h.ats.count('RunJob')).toBe(1);
    expect(mayHaveStartedMessages(h, job.requestId)).toBe(1);
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('sends RunJob once when a retried start and the watchdog race to take over', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    dieOn(h, isMarker);
    await h.handle({ type: 'start', requestId: job.requestId }).catch(() => {});
    const watchdog = h.scheduler.scheduled(job.requestId)[0];
    h.clock.advance((watchdog?.at ?? 0) - h.clock.now());

    // Act
    await Promise.all([
      h.handle({ type: 'start', requestId: job.requestId }),
      h.handle({ type: 'poll', requestId: job.requestId, seq: 0 }),
      h.handle({ type: 'poll', requestId: job.requestId, seq: 0 }),
    ]);
    const report = await h.drain({ copies: 2, concurrent: true });

    // Assess
    expect(report.errors).toEqual([]);
    expect((await h.job(job.requestId)).phase).toBe('done');
    expect(h.ats.count('RunJob')).toBe(1);
    expect(mayHaveStartedMessages(h)).toBe(0);
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('does not send when the worker comes back after its start was taken over', async () => {
    // Prepare: the first worker hangs in posting the card past the watchdog.
    const h = createHarness();
    const job = await h.request('run');
    const post = h.notifier.postCard.bind(h.notifier);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let hang = true;
    h.notifier.postCard = async (j: Job) => {
      if (hang) {
        hang = false;
        await gate;
      }
      return post(j);
    };
    const slow = h.handle({ type: 'start', requestId: job.requestId });
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    await h.drain();
    release();
    await slow;

    // Assess
    expect((await h.job(job.requestId)).phase).toBe('done');
    expect(h.ats.count('RunJob')).toBe(1);
    expect(h.warnings.map((w) => w.message)).toContain(
      'Order not sent: another worker took over the start',
    );
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
  });

  it('gives up, nothing sent, on a start whose workers keep dying before the marker', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    dieOn(h, isMarker, 100);
    await h.handle({ type: 'start', requestId: job.requestId }).catch(() => {});

    // Act
    const report = await h.drain({ maxDeliveries: 50 });

    // Assess
    const ended = await h.job(job.requestId);
    expect(report.drained).toBe(true);
    expect(ended.phase).toBe('failed_to_start');
    expect(ended.lastError).toMatch(/nothing was started in ATS/);
    expect(ended.startTakeovers).toBe(3);
    expect(h.ats.count('RunJob')).toBe(0);
    expect(mayHaveStartedMessages(h)).toBe(0);
    // Each worker posted (or adopted) the card before dying: the end is told on that card.
    const cards = h.notifier.of('postCard', job.requestId).map((c) => c.ref.ts);
    expect(cards).toHaveLength(4);
    expect(new Set(cards).size).toBe(1);
    expect(ended.cardTs).toBe(cards[0]);
    expect(h.notifier.of('updateCard', job.requestId).at(-1)?.job.phase).toBe('failed_to_start');
    // One message per fact: the card shows why; the requester hears it once, privately.
    expect(h.notifier.outcomes(job.requestId)).toEqual([]);
    expect(h.notifier.of('announceOnCard', job.requestId)).toMatchObject([
      { tellRequester: true, job: { cardTs: cards[0] } },
    ]);
    expect(ended.outcomeToldAt).toBeDefined();
  });
});
