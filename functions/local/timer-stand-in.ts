import type { Clock } from '../core/ports';
import { LocalModeError } from './local-mode-error';

/** Longest delay `setTimeout` accepts (about 24.8 days); longer waits are re-armed. */
export const MAX_TIMER_MS = 2_147_483_647;

/** What each timer stand-in is told: its clock, and whom to tell of a message it lost. */
export interface TimerStandInOptions<M> {
  /** Source of "now" for the delays; default the wall clock. */
  clock?: Clock;
  /** Told when handing a message over failed: the message is then lost, as after a DLQ. */
  onError?: (error: unknown, message: M) => void;
}

/**
 * What local mode's timer stand-ins for the SQS hop queue and EventBridge Scheduler share: the
 * clock their delays are measured by, handing a due message to the worker without ever throwing
 * into the timer, and refusing new work once closed.
 */
export abstract class TimerStandIn<M> {
  protected readonly clock: Clock;
  protected closed = false;

  constructor(
    private readonly deliver: (message: M) => Promise<void> | void,
    private readonly options: TimerStandInOptions<M> = {},
  ) {
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  /** Hands `message` to the worker; what it throws or rejects with goes to `onError`. */
  protected handOver(message: M): void {
    try {
      const handed = this.deliver(message);
      if (handed) handed.catch((error: unknown) => this.options.onError?.(error, message));
    } catch (error) {
      this.options.onError?.(error, message);
    }
  }

  /** @throws LocalModeError `SCHEDULER_CLOSED` once closed, saying which `standIn` is. */
  protected refuseWhenClosed(standIn: string): void {
    if (this.closed) {
      throw new LocalModeError('SCHEDULER_CLOSED', `The local ${standIn} is closed`);
    }
  }
}
