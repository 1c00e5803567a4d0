import type { HopMessage, HopRequest, HopSender } from '../core/ports';
import { TimerStandIn, type TimerStandInOptions } from './timer-stand-in';

/** Tuning of {@link TimerHopSender}. */
export type TimerHopSenderOptions = TimerStandInOptions<HopMessage>;

/**
 * {@link HopSender} over timers in this process, standing in for the SQS hop queue in local
 * mode: each hop is a message of its own, handed to the worker at its time (at once when that is
 * past), as the queue would after its delay. A hop that could not be handed over is lost; its
 * poll checks the job. Timers are not `unref`'d; {@link close} clears them.
 */
export class TimerHopSender extends TimerStandIn<HopMessage> implements HopSender {
  private readonly timers = new Set<NodeJS.Timeout>();

  /**
   * Arms a timer that hands the hop to the worker at `hop.at`.
   * @throws LocalModeError `SCHEDULER_CLOSED` after {@link close}.
   */
  async sendHop(hop: HopRequest): Promise<void> {
    this.refuseWhenClosed('hop sender');
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
        this.handOver(message);
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
}
