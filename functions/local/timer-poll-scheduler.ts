import type { PollRequest, PollScheduler, WorkerMessage } from '../core/ports';
import { MAX_TIMER_MS, TimerStandIn, type TimerStandInOptions } from './timer-stand-in';

/** A poll message, as the scheduler hands it to the worker. */
export type PollMessage = Extract<WorkerMessage, { type: 'poll' }>;

/** Tuning of {@link TimerPollScheduler}. */
export interface TimerPollSchedulerOptions extends TimerStandInOptions<PollMessage> {
  /** How many delivered (requestId, seq) pairs are remembered to stay idempotent. Default 10 000. */
  rememberDelivered?: number;
}

/**
 * {@link PollScheduler} over timers in this process, standing in for EventBridge Scheduler's
 * one-time schedules in local mode. Like a schedule named after (requestId, seq), scheduling the
 * same pair again (pending or already delivered) is a no-op. Any delay is allowed, including
 * less than a minute. Timers are not `unref`'d: a pending poll keeps the process alive, as it
 * must; {@link close} clears them all.
 */
export class TimerPollScheduler extends TimerStandIn<PollMessage> implements PollScheduler {
  private readonly rememberDelivered: number;
  private readonly timers = new Map<string, { poll: PollRequest; timer: NodeJS.Timeout }>();
  /** Insertion-ordered, so the oldest is evicted first once the cap is reached. */
  private readonly delivered = new Set<string>();

  constructor(
    deliver: (poll: PollMessage) => Promise<void> | void,
    options: TimerPollSchedulerOptions = {},
  ) {
    super(deliver, options);
    this.rememberDelivered = options.rememberDelivered ?? 10_000;
  }

  /**
   * Arms a timer that hands `{ type: 'poll', requestId, seq }` to the worker at `poll.at`
   * (at once when that is past). No-op when the pair is pending or was delivered.
   * @throws LocalModeError `SCHEDULER_CLOSED` after {@link close}.
   */
  async schedulePoll(poll: PollRequest): Promise<void> {
    this.refuseWhenClosed('poll scheduler');
    const key = pollKey(poll.requestId, poll.seq);
    if (this.timers.has(key) || this.delivered.has(key)) return;
    this.arm(key, { requestId: poll.requestId, seq: poll.seq, at: new Date(poll.at) });
  }

  /** Clears the timer of a pending poll; a poll delivered or never armed is left as it is. */
  async cancelPoll(poll: Pick<PollRequest, 'requestId' | 'seq'>): Promise<void> {
    const key = pollKey(poll.requestId, poll.seq);
    const pending = this.timers.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.timers.delete(key);
    // Like a deleted schedule's name: making the same poll again is still a no-op.
    this.remember(key);
  }

  /** Polls waiting for their time, soonest first. */
  pending(): PollRequest[] {
    return [...this.timers.values()]
      .map(({ poll }) => ({ ...poll, at: new Date(poll.at) }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** Clears every pending timer and refuses further polls. */
  close(): void {
    this.closed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(key: string, poll: PollRequest): void {
    const delay = Math.max(0, poll.at.getTime() - this.clock.now());
    const timer = setTimeout(
      () => (delay > MAX_TIMER_MS ? this.arm(key, poll) : this.fire(key, poll)),
      Math.min(delay, MAX_TIMER_MS),
    );
    this.timers.set(key, { poll, timer });
  }

  private fire(key: string, poll: PollRequest): void {
    this.timers.delete(key);
    this.remember(key);
    this.handOver({ type: 'poll', requestId: poll.requestId, seq: poll.seq });
  }

  private remember(key: string): void {
    this.delivered.add(key);
    if (this.delivered.size > this.rememberDelivered) {
      const oldest = this.delivered.values().next();
      if (!oldest.done) this.delivered.delete(oldest.value);
    }
  }
}

function pollKey(requestId: string, seq: number): string {
  return `${requestId}#${seq}`;
}
