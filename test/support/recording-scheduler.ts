import type {
  HopRequest,
  HopSender,
  PollRequest,
  PollScheduler,
  WorkerMessage,
} from '../../functions/core/ports';
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
  /** Set when the worker deleted it before it fired: it is never delivered. */
  canceled?: boolean;
  /** When it is handed over (`at` plus the run's latency), fixed once a run first sees it. */
  deliverAt?: number;
}

/** A hop as the queue holds it: every sendHop call is a message of its own. */
export interface SentHop {
  requestId: string;
  seq: number;
  /** Epoch ms asked for. */
  at: number;
  seenAt: number;
  /** Virtual time it was sent at. */
  sentAt: number;
  delivered: boolean;
  /** When it is handed over (`at` plus the run's latency), fixed once a run first sees it. */
  deliverAt?: number;
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
  /** Delay (ms) added to a hop's `at` when it is delivered; default none. */
  hopLatency?: (hop: SentHop) => number;
  /** Copies of each hop delivered (a queue delivers at least once), or of the hops chosen; default 1. */
  hopCopies?: number | ((hop: SentHop) => number);
  /** Called before each delivery, e.g. to change the world at a given time. */
  beforeDelivery?: (poll: ScheduledPoll | SentHop) => void | Promise<void>;
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
 * and a {@link HopSender} that records hops (each send a message, like a queue); it delivers both
 * in time order when the test says so, in virtual time, optionally duplicated or concurrent.
 */
export class RecordingScheduler implements PollScheduler, HopSender {
  /** Every schedulePoll call, duplicates included. */
  readonly calls: PollRequest[] = [];
  /** Every hop sent, in order. */
  readonly hops: SentHop[] = [];
  private readonly waitingHops = new Set<SentHop>();
  private readonly hopFailures: { left: number }[] = [];
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

  /** Makes the next `times` sendHop calls throw, like a throttled queue. */
  failNextHops(times = 1): void {
    this.hopFailures.push({ left: times });
  }

  async sendHop(hop: HopRequest): Promise<void> {
    const failure = this.hopFailures.find((f) => f.left > 0);
    if (failure) {
      failure.left--;
      throw Object.assign(new Error('Queue throttled (injected)'), { name: 'ThrottlingException' });
    }
    const sent: SentHop = {
      requestId: hop.requestId,
      seq: hop.seq,
      at: hop.at.getTime(),
      seenAt: hop.seenAt,
      sentAt: this.now(),
      delivered: false,
    };
    this.hops.push(sent);
    this.waitingHops.add(sent);
  }

  /** Hops of one job or all, in the order they were sent. */
  sentHops(requestId?: string): SentHop[] {
    return this.hops.filter((h) => requestId === undefined || h.requestId === requestId);
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

  /** Every cancelPoll call, in order. */
  readonly cancels: Pick<PollRequest, 'requestId' | 'seq'>[] = [];

  async cancelPoll(poll: Pick<PollRequest, 'requestId' | 'seq'>): Promise<void> {
    this.cancels.push({ requestId: poll.requestId, seq: poll.seq });
    const scheduled = this.polls.get(`${poll.requestId}#${poll.seq}`);
    if (!scheduled || scheduled.delivered) return;
    scheduled.canceled = true;
    this.waiting.delete(scheduled);
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
   * Delivers pending polls and hops in time order, moving the clock to each one's time, until
   * none is left (or `until` / `maxDeliveries`). Polls scheduled and hops sent meanwhile join the
   * queue. A hop that throws is not retried (a queue would redeliver it only after its
   * visibility timeout, too late to matter).
   */
  async run(options: RunOptions): Promise<RunReport> {
    const { clock, deliver, copies = 1, concurrent = false, until, maxDeliveries = 2000 } = options;
    const retries = options.retries ?? 2;
    const report: RunReport = { deliveries: 0, errors: [], drained: false };
    while (report.deliveries < maxDeliveries) {
      const next = this.nextDue(options);
      if (!next) {
        report.drained = true;
        break;
      }
      if (until !== undefined && next.at > until) break;
      next.delivered = true;
      let message: WorkerMessage;
      let times: number;
      let tries: number;
      clock.advanceTo(next.deliverAt ?? next.at);
      if ('sentAt' in next) {
        this.waitingHops.delete(next);
        const { requestId, seq, at, seenAt } = next;
        message = { type: 'hop', requestId, seq, at, seenAt };
        const { hopCopies = 1 } = options;
        times = typeof hopCopies === 'number' ? hopCopies : hopCopies(next);
        tries = 0;
      } else {
        this.waiting.delete(next);
        message = { type: 'poll', requestId: next.requestId, seq: next.seq };
        times = copies;
        tries = retries;
      }
      await options.beforeDelivery?.(next);
      const once = () => deliverWithRetries(clock, () => deliver(message), tries, report);
      if (concurrent) {
        await Promise.all(Array.from({ length: times }, once));
      } else {
        for (let copy = 0; copy < times; copy++) await once();
      }
      report.deliveries++;
    }
    return report;
  }

  /**
   * The poll or hop handed over first (a poll first at the same time). Each gets its latency when
   * first seen, so that a late delivery does not hold back the ones due before it arrives.
   */
  private nextDue(options: RunOptions): ScheduledPoll | SentHop | undefined {
    let next: ScheduledPoll | SentHop | undefined;
    for (const poll of this.waiting) {
      poll.deliverAt ??= poll.at + (options.latency?.(poll) ?? 0);
      if (!next || poll.deliverAt < (next.deliverAt ?? next.at)) next = poll;
      else if (poll.deliverAt === next.deliverAt && 'seq' in next && !('sentAt' in next)) {
        if (poll.seq < next.seq) next = poll;
      }
    }
    for (const hop of this.waitingHops) {
      hop.deliverAt ??= hop.at + (options.hopLatency?.(hop) ?? 0);
      if (!next || hop.deliverAt < (next.deliverAt ?? next.at)) next = hop;
    }
    return next;
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
