import type { Clock, HopMessage, HopRequest, HopSender } from '../core/ports';
import { LocalModeError } from './local-mode-error';

/** Tuning of {@link TimerHopSender}. */
export interface TimerHopSenderOptions {
  /** Source of "now" for the delay; default the wall clock. */
  clock?: Clock;
  /** Told when handing a hop over failed (the hop is then lost; its poll checks the job). */
  onError?: (error: unknown, hop: HopMessage) => void;
}

/**
 * {@link HopSender} over timers in this process, standing in for the SQS hop queue in local
 * mode: each hop is a message of its own, handed to the worker at its time (at once when that is
 * past), as the queue would after its delay. Timers are not `unref`'d; {@link close} clears them.
 */
export class TimerHopSender implements HopSender {
  private readonly clock: Clock;
  private readonly onError: TimerHopSenderOptions['onError'];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly deliver: (hop: HopMessage) => Promise<void> | void,
    options: TimerHopSenderOptions = {},
  ) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.onError = options.onError;
  }

  /**
   * Arms a timer that hands the hop to the worker at `hop.at`.
   * @throws LocalModeError `SCHEDULER_CLOSED` after {@link close}.
   */
  async sendHop(hop: HopRequest): Promise<void> {
    if (this.closed) {
      throw new LocalModeError('SCHEDULER_CLOSED', 'The local hop sender is closed');
    }
    const message: HopMessage = {
      type: 'hop',
      requestId: hop.requestId,
      seq: hop.seq,
      at: hop.at.getTime(),
      seenAt: hop.seenAt,
    };
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.fire(message);
      },
      Math.max(0, message.at - this.clock.now()),
    );
    this.timers.add(timer);
  }

  /** Hops waiting for their time. */
  get pending(): number {
    return this.timers.size;
  }

  /** Clears every pending timer and refuses further hops. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private fire(message: HopMessage): void {
    try {
      const handed = this.deliver(message);
      if (handed) handed.catch((error: unknown) => this.onError?.(error, message));
    } catch (error) {
      this.onError?.(error, message);
    }
  }
}
