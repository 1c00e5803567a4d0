import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HopMessage } from '../../../functions/core/ports';
import type { LocalModeError } from '../../../functions/local/local-mode-error';
import { TimerHopSender } from '../../../functions/local/timer-hop-sender';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('TimerHopSender', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands each hop to the worker at its time, to the millisecond, every send a message', async () => {
    // Prepare
    const delivered: HopMessage[] = [];
    const hops = new TimerHopSender((hop) => {
      delivered.push(hop);
    });
    const hop = { requestId: 'req-1', seq: 3, at: new Date(T0 + 20_000), seenAt: T0 - 1 };

    // Act
    await hops.sendHop(hop);
    await hops.sendHop(hop);
    await vi.advanceTimersByTimeAsync(19_999);
    const beforeTime = delivered.length;
    await vi.advanceTimersByTimeAsync(1);

    // Assess
    expect(beforeTime).toBe(0);
    const message = { type: 'hop', requestId: 'req-1', seq: 3, at: T0 + 20_000, seenAt: T0 - 1 };
    expect(delivered).toEqual([message, message]);
    expect(hops.pending).toBe(0);
  });

  it('hands over at once a hop whose time has passed, and tells a failed hand-over', async () => {
    // Prepare
    const errors: unknown[] = [];
    const hops = new TimerHopSender(
      async () => {
        throw new Error('worker not ready');
      },
      { onError: (error) => errors.push(error) },
    );

    // Act
    await hops.sendHop({ requestId: 'req-1', seq: 0, at: new Date(T0 - 5_000), seenAt: 0 });
    await vi.advanceTimersByTimeAsync(0);

    // Assess
    expect(errors).toHaveLength(1);
    expect(hops.pending).toBe(0);
  });

  it('clears pending hops on close and refuses new ones', async () => {
    // Prepare
    const delivered: HopMessage[] = [];
    const hops = new TimerHopSender((hop) => {
      delivered.push(hop);
    });
    await hops.sendHop({ requestId: 'req-1', seq: 1, at: new Date(T0 + 1_000), seenAt: T0 });

    // Act
    hops.close();
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await hops
      .sendHop({ requestId: 'req-1', seq: 2, at: new Date(T0 + 9_000), seenAt: T0 })
      .catch((e: unknown) => e);

    // Assess
    expect(delivered).toEqual([]);
    expect((error as LocalModeError).code).toBe('SCHEDULER_CLOSED');
  });
});
