import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalModeError } from '../../../functions/local/local-mode-error';
import {
  type PollMessage,
  TimerPollScheduler,
} from '../../../functions/local/timer-poll-scheduler';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('TimerPollScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers a poll message at its time, with sub-minute delays', async () => {
    // Prepare
    const delivered: PollMessage[] = [];
    const scheduler = new TimerPollScheduler((poll) => {
      delivered.push(poll);
    });

    // Act
    await scheduler.schedulePoll({ requestId: 'req-1', seq: 3, at: new Date(T0 + 2_000) });
    await vi.advanceTimersByTimeAsync(1_999);
    const beforeTime = delivered.length;
    await vi.advanceTimersByTimeAsync(1);

    // Assess
    expect(beforeTime).toBe(0);
    expect(delivered).toEqual([{ type: 'poll', requestId: 'req-1', seq: 3 }]);
    expect(scheduler.pending()).toEqual([]);
  });

  it('is idempotent by (requestId, seq), pending or already delivered', async () => {
    // Prepare
    const delivered: PollMessage[] = [];
    const scheduler = new TimerPollScheduler((poll) => {
      delivered.push(poll);
    });
    const poll = { requestId: 'req-1', seq: 1, at: new Date(T0 + 1_000) };

    // Act
    await scheduler.schedulePoll(poll);
    await scheduler.schedulePoll({ ...poll, at: new Date(T0 + 500) });
    await vi.advanceTimersByTimeAsync(1_000);
    await scheduler.schedulePoll(poll);
    await scheduler.schedulePoll({ ...poll, seq: 2 });
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    expect(delivered).toEqual([
      { type: 'poll', requestId: 'req-1', seq: 1 },
      { type: 'poll', requestId: 'req-1', seq: 2 },
    ]);
  });

  it('cancels a pending poll for good, and leaves a delivered one as it was', async () => {
    // Prepare
    const delivered: PollMessage[] = [];
    const scheduler = new TimerPollScheduler((poll) => {
      delivered.push(poll);
    });
    const poll = { requestId: 'req-1', seq: 1, at: new Date(T0 + 1_000) };
    await scheduler.schedulePoll(poll);
    await scheduler.schedulePoll({ ...poll, seq: 2, at: new Date(T0 + 500) });
    await vi.advanceTimersByTimeAsync(500);

    // Act
    await scheduler.cancelPoll({ requestId: 'req-1', seq: 1 });
    await scheduler.cancelPoll({ requestId: 'req-1', seq: 2 });
    await scheduler.cancelPoll({ requestId: 'req-1', seq: 9 });
    await scheduler.schedulePoll(poll);
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess: like a deleted schedule's name, the canceled pair is not made again.
    expect(delivered).toEqual([{ type: 'poll', requestId: 'req-1', seq: 2 }]);
    expect(scheduler.pending()).toEqual([]);
  });

  it('delivers a poll whose time is past at once', async () => {
    // Prepare
    const delivered: PollMessage[] = [];
    const scheduler = new TimerPollScheduler((poll) => {
      delivered.push(poll);
    });

    // Act
    await scheduler.schedulePoll({ requestId: 'late', seq: 0, at: new Date(T0 - 60_000) });
    await vi.advanceTimersByTimeAsync(0);

    // Assess
    expect(delivered).toEqual([{ type: 'poll', requestId: 'late', seq: 0 }]);
  });

  it('re-arms delays longer than setTimeout allows instead of firing early', async () => {
    // Prepare
    const delivered: PollMessage[] = [];
    const scheduler = new TimerPollScheduler((poll) => {
      delivered.push(poll);
    });
    const thirtyDays = 30 * 86_400_000;

    // Act
    await scheduler.schedulePoll({ requestId: 'far', seq: 0, at: new Date(T0 + thirtyDays) });
    await vi.advanceTimersByTimeAsync(2_147_483_647 + 1_000);
    const early = delivered.length;
    await vi.advanceTimersByTimeAsync(thirtyDays);

    // Assess
    expect(early).toBe(0);
    expect(delivered).toHaveLength(1);
  });

  it('reports a delivery that failed instead of throwing from a timer', async () => {
    // Prepare
    const errors: unknown[] = [];
    const scheduler = new TimerPollScheduler(
      async () => {
        throw new Error('worker gone');
      },
      { onError: (error) => errors.push(error) },
    );

    // Act
    await scheduler.schedulePoll({ requestId: 'req-1', seq: 0, at: new Date(T0) });
    await vi.advanceTimersByTimeAsync(0);

    // Assess
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('worker gone');
  });

  it('lists pending polls soonest first and clears them on close', async () => {
    // Prepare
    const delivered: PollMessage[] = [];
    const scheduler = new TimerPollScheduler((poll) => {
      delivered.push(poll);
    });
    await scheduler.schedulePoll({ requestId: 'b', seq: 0, at: new Date(T0 + 5_000) });
    await scheduler.schedulePoll({ requestId: 'a', seq: 0, at: new Date(T0 + 1_000) });
    const pending = scheduler.pending().map((p) => p.requestId);

    // Act
    scheduler.close();
    await vi.advanceTimersByTimeAsync(10_000);
    const refused = await scheduler
      .schedulePoll({ requestId: 'c', seq: 0, at: new Date(T0) })
      .catch((error: unknown) => error);

    // Assess
    expect(pending).toEqual(['a', 'b']);
    expect(delivered).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    expect((refused as LocalModeError).code).toBe('SCHEDULER_CLOSED');
  });
});
