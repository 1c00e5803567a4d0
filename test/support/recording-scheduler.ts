import type { PollRequest, PollScheduler, WorkerMessage } from '../../functions/core/ports';
import type { VirtualClock } from './virtual-clock';

/** A poll as the scheduler holds it. */
export interface ScheduledPoll {
  requestId: string;
  seq: number;
  /** Epoch ms asked for. */
  at: number;
  /** Virtual time it was scheduled at. */
  scheduledAt: number;
  delivered: boolean;
}

/** How {@link RecordingScheduler.run} delivers. */
export interface RunOptions {
  clock: VirtualClock;
  /** The worker: usually `(m) => lifecycle.handle(m)`. */
  deliver: (message: WorkerMessage) => Promise<void>;
  /** Copies of each poll delivered (at-least-once delivery); default 1. */
  copies?: number;
  /** Deliver the copies at the same moment (Promise.all) instead of one after the other. */
  concurrent?: boolean;
  /** Stop before polls due after this (epoch ms). */
  until?: number;
  /** Upper bound of deliveries (every loop is bounded); default 2000. */
  maxDeliveries?: number;
  /** Lambda-style retries of a delivery that threw, one minute apart; default 2. */
  retries?: number;
  /** Delay (ms) added to a poll's `at` when it is delivered; default none. */
  latency?: (poll: ScheduledPoll) => number;
  /** Called before each delivery, e.g. to change the world at a given time. */
  beforeDelivery?: (poll: ScheduledPoll) => void | Promise<void>;
}

/** What a run did. */
export interface RunReport {
  deliveries: number;
  /** Errors thrown by deliveries (each retried per `retries`). */
  errors: unknown[];
  /** True when it stopped because nothing was pending (false: `until` or the bound). */
  drained: boolean;
}

/**
 * A {@link PollScheduler} that records polls, idempotent by (requestId, seq) like the real one,
 * and delivers them when the test says so, in virtual time, optionally duplicated or concurrent.
 */
export class RecordingScheduler implements PollScheduler {
  /** Every schedulePoll call, duplicates included. */
  readonly calls: PollRequest[] = [];
  private readonly polls = new Map<string, ScheduledPoll>();
  /** Undelivered polls, kept apart so that long runs need not scan every poll ever booked. */
  private readonly waiting = new Set<ScheduledPoll>();
  private readonly failures: { left: number; when: (poll: PollRequest) => boolean }[] = [];

  constructor(private readonly now: () => number = () => 0) {}

  /**
   * Makes the next `times` calls (that match `when`, if given) throw, like a throttled Scheduler
   * API or a worker dying before its schedule was made.
   */
  failNext(times = 1, when: (poll: PollRequest) => boolean = () => true): void {
    this.failures.push({ left: times, when });
  }

  async schedulePoll(poll: PollRequest): Promise<void> {
    const failure = this.failures.find((f) => f.left > 0 && f.when(poll));
    if (failure) {
      failure.left--;
      throw Object.assign(new Error('Scheduler throttled (injected)'), {
        name: 'ThrottlingException',
      });
    }
    this.calls.push({ ...poll, at: new Date(poll.at) });
    const key = `${poll.requestId}#${poll.seq}`;
    if (this.polls.has(key)) return;
    const scheduled: ScheduledPoll = {
      requestId: poll.requestId,
      seq: poll.seq,
      at: poll.at.getTime(),
      scheduledAt: this.now(),
      delivered: false,
    };
    this.polls.set(key, scheduled);
    this.waiting.add(scheduled);
  }

  /** Polls (distinct by requestId and seq) of one job or all, in order of delivery time. */
  scheduled(requestId?: string): ScheduledPoll[] {
    return [...this.polls.values()]
      .filter((p) => requestId === undefined || p.requestId === requestId)
      .sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Polls not delivered yet, earliest first. */
  pending(requestId?: string): ScheduledPoll[] {
    return [...this.waiting]
      .filter((p) => requestId === undefined || p.requestId === requestId)
      .sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /**
   * Delivers pending polls in time order, moving the clock to each one's time, until none is
   * left (or `until` / `maxDeliveries`). Polls scheduled meanwhile join the queue.
   */
  async run(options: RunOptions): Promise<RunReport> {
    const { clock, deliver, copies = 1, concurrent = false, until, maxDeliveries = 2000 } = options;
    const retries = options.retries ?? 2;
    const report: RunReport = { deliveries: 0, errors: [], drained: false };
    while (report.deliveries < maxDeliveries) {
      const next = this.pending()[0];
      if (!next) {
        report.drained = true;
        break;
      }
      if (until !== undefined && next.at > until) break;
      next.delivered = true;
      this.waiting.delete(next);
      clock.advanceTo(next.at + (options.latency?.(next) ?? 0));
      await options.beforeDelivery?.(next);
      const message: WorkerMessage = { type: 'poll', requestId: next.requestId, seq: next.seq };
      const once = () => deliverWithRetries(clock, () => deliver(message), retries, report);
      if (concurrent) {
        await Promise.all(Array.from({ length: copies }, once));
      } else {
        for (let copy = 0; copy < copies; copy++) await once();
      }
      report.deliveries++;
    }
    return report;
  }
}

async function deliverWithRetries(
  clock: VirtualClock,
  attempt: () => Promise<void>,
  retries: number,
  report: RunReport,
): Promise<void> {
  for (let tries = 0; tries <= retries; tries++) {
    try {
      await attempt();
      return;
    } catch (error) {
      report.errors.push(error);
      clock.advance(60_000);
    }
  }
}
