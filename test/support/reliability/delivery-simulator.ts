import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type {
  HopRequest,
  HopSender,
  PollRequest,
  PollScheduler,
  WorkerInvoker,
  WorkerMessage,
} from '../../../functions/core/ports';
import type { VirtualClock } from '../virtual-clock';
import type { CrashPoints } from './crash-points';
import { OccurrenceCounter, type SeededChance } from './seeded-chance';

/** Who hands a message to the worker, which decides how it is retried. */
export type DeliverySource = 'invoke' | 'schedule' | 'queue';

/** One delivery of a worker message (one Lambda invocation). */
interface WorkerDelivery {
  kind: 'worker';
  at: number;
  order: number;
  message: WorkerMessage;
  source: DeliverySource;
  /** Stable name of the message (and its occurrence), for reproducible decisions. */
  name: string;
  copy: number;
  attempt: number;
  /** Virtual time of the first attempt. */
  firstAt: number;
}

/** Something the harness does at a virtual time (a slash command, a click). */
interface Action {
  kind: 'action';
  at: number;
  order: number;
  label: string;
  run: () => Promise<void>;
}

type QueueItem = WorkerDelivery | Action;

/** How messages are delivered. */
export interface DeliveryPlan {
  /** Share of messages delivered twice. */
  duplicateShare: number;
  /** Of the duplicates, the share that arrives minutes later (after newer messages). */
  lateShare: number;
  /** Async invokes: Lambda retries a failed invocation twice, 1 then 2 minutes later. */
  invokeRetries: number;
  /** Scheduler's retry policy (its defaults: 185 attempts within 24 h). */
  scheduleRetries: number;
  scheduleMaxAgeMs: number;
  /** The hop queue: a failed hop comes back after the visibility timeout, this many times in all. */
  queueMaxReceives: number;
  queueVisibilityMs: number;
  /** Worker invocations running at once (real concurrency). */
  concurrency: number;
  /**
   * Virtual time may run ahead of the oldest invocation in flight by at most this much: a Lambda
   * invocation cannot outlive its timeout (60 s for the worker).
   */
  spanMs: number;
}

/** Defaults of {@link DeliveryPlan}: Lambda's and Scheduler's documented behaviour. */
export const DEFAULT_DELIVERY_PLAN: DeliveryPlan = {
  duplicateShare: 0,
  lateShare: 0.5,
  invokeRetries: 2,
  scheduleRetries: 185,
  scheduleMaxAgeMs: 24 * 3_600_000,
  queueMaxReceives: 3,
  queueVisibilityMs: 6 * 120_000,
  concurrency: 32,
  spanMs: 50_000,
};

/** What the simulator did. */
export interface DeliveryStats {
  invokes: number;
  pollsScheduled: number;
  /** schedulePoll calls for a poll already scheduled (a no-op, like Scheduler's ConflictException). */
  pollsAlreadyScheduled: number;
  /** cancelPoll calls, and the polls they kept from firing (their copies may still come). */
  pollsCanceled: number;
  pollsKeptFromFiring: number;
  deliveries: number;
  invokeDeliveries: number;
  pollDeliveries: number;
  /** Hops sent to the queue, and hop deliveries (batches of one, as SQS events). */
  hopsSent: number;
  hopDeliveries: number;
  duplicates: number;
  lateDuplicates: number;
  /** Deliveries that ended in a simulated crash. */
  crashed: number;
  /** Deliveries that threw something other than a simulated crash. */
  failed: number;
  retries: number;
  /** Messages given up on after every retry (Lambda's on-failure queue, Scheduler's DLQ). */
  deadLettered: number;
  redriven: number;
  actions: number;
  /** Largest number of invocations in flight at once. */
  peakConcurrency: number;
}

/** A message in a dead-letter queue. */
export interface DeadLetter {
  message: WorkerMessage;
  source: DeliverySource;
  error: unknown;
}

/** A queue ordered by virtual time (then by insertion), as a binary heap. */
class TimeQueue {
  private readonly heap: QueueItem[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): QueueItem | undefined {
    return this.heap[0];
  }

  push(item: QueueItem): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): QueueItem | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: QueueItem, b: QueueItem): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}

/** What {@link DeliverySimulator} needs. */
export interface DeliverySimulatorDeps {
  clock: VirtualClock;
  chance: SeededChance;
  crashPoints: CrashPoints;
  /** The worker entry: what the Lambda handler does with one event. */
  worker: (event: unknown) => Promise<unknown>;
  /** Stable name of a requestId (random ids of automatic reruns get a derived name). */
  nameOf: (requestId: string) => string;
  plan?: Partial<DeliveryPlan>;
  /** Told after every worker delivery (e.g. to react to what the worker posted). */
  afterDelivery?: () => void;
}

/**
 * Lambda's asynchronous invocation, EventBridge Scheduler and the SQS hop queue, in virtual time: a
 * queue of pending deliveries ordered by time, with duplicates (some arriving late, out of order),
 * retries of failed invocations by each source's policy, dead-letter queues, and actions of people (slash
 * commands, clicks) on the same timeline. Worker invocations run concurrently; virtual time moves
 * on while they run, but never further than a Lambda could live.
 */
export class DeliverySimulator {
  readonly stats: DeliveryStats = {
    invokes: 0,
    pollsScheduled: 0,
    pollsAlreadyScheduled: 0,
    pollsCanceled: 0,
    pollsKeptFromFiring: 0,
    deliveries: 0,
    invokeDeliveries: 0,
    pollDeliveries: 0,
    hopsSent: 0,
    hopDeliveries: 0,
    duplicates: 0,
    lateDuplicates: 0,
    crashed: 0,
    failed: 0,
    retries: 0,
    deadLettered: 0,
    redriven: 0,
    actions: 0,
    peakConcurrency: 0,
  };
  /** Messages given up on, in order. */
  readonly deadLetters: DeadLetter[] = [];
  /** Samples of errors other than simulated crashes (at most 20). */
  readonly failures: { message: WorkerMessage; error: unknown }[] = [];
  /** Errors thrown by actions (they should never throw). */
  readonly actionErrors: { label: string; error: unknown }[] = [];

  /** What happened to each job's messages, by requestId: for explaining a broken invariant. */
  private readonly traces = new Map<string, string[]>();
  private readonly queue = new TimeQueue();
  /** Names of the polls whose schedules the worker deleted. */
  private readonly canceled = new Set<string>();
  private readonly plan: DeliveryPlan;
  private readonly names = new OccurrenceCounter();
  private readonly scheduled = new Set<string>();
  private order = 0;

  /** The ingress's way to the worker (Lambda `InvocationType: Event`). */
  readonly invoker: WorkerInvoker = {
    invoke: async (message) => {
      this.stats.invokes++;
      const at = this.deps.clock.now();
      const name = this.names.next(`${message.type}:${this.deps.nameOf(message.requestId)}`);
      const latency = this.deps.chance.int(`latency|${name}`, 100, 2_000);
      this.deliver(structuredClone(message), 'invoke', name, at + latency);
    },
  };

  /** The worker's poll scheduler: one-time schedules, idempotent by (requestId, seq). */
  readonly scheduler: PollScheduler = {
    schedulePoll: async (poll: PollRequest) => {
      const key = `${poll.requestId}#${poll.seq}`;
      if (this.scheduled.has(key)) {
        this.stats.pollsAlreadyScheduled++;
        return;
      }
      this.scheduled.add(key);
      this.stats.pollsScheduled++;
      const name = `poll:${this.deps.nameOf(poll.requestId)}:${poll.seq}`;
      // Scheduler delivers anywhere within the minute `at()` names.
      const within = this.deps.chance.int(`within|${name}`, 0, 59_999);
      const at = Math.max(poll.at.getTime(), this.deps.clock.now()) + within;
      this.deliver(
        { type: 'poll', requestId: poll.requestId, seq: poll.seq },
        'schedule',
        name,
        at,
      );
    },
    cancelPoll: async (poll: Pick<PollRequest, 'requestId' | 'seq'>) => {
      this.stats.pollsCanceled++;
      this.canceled.add(`poll:${this.deps.nameOf(poll.requestId)}:${poll.seq}`);
    },
  };

  /**
   * The worker's hop queue: each hop a message of its own (no deduplication), handed over within
   * 2 s of its time as an SQS event of one record.
   */
  readonly hops: HopSender = {
    sendHop: async (hop: HopRequest) => {
      this.stats.hopsSent++;
      const name = this.names.next(`hop:${this.deps.nameOf(hop.requestId)}:${hop.seq}`);
      const pickup = this.deps.chance.int(`pickup|${name}`, 0, 2_000);
      const at = Math.max(hop.at.getTime(), this.deps.clock.now()) + pickup;
      const { requestId, seq, seenAt } = hop;
      this.deliver(
        { type: 'hop', requestId, seq, at: hop.at.getTime(), seenAt },
        'queue',
        name,
        at,
      );
    },
  };

  constructor(private readonly deps: DeliverySimulatorDeps) {
    this.plan = { ...DEFAULT_DELIVERY_PLAN, ...deps.plan };
  }

  /** Undelivered items (deliveries and actions). */
  get pending(): number {
    return this.queue.size;
  }

  /** Schedules something people do at virtual time `at`. */
  act(at: number, label: string, run: () => Promise<void>): void {
    this.queue.push({ kind: 'action', at, order: this.order++, label, run });
  }

  /**
   * Delivers everything pending, and whatever that schedules, in virtual-time order.
   * @throws Error when the wall-clock `deadline` (epoch ms) passes or more than `maxItems` items
   *   were handled: the run is stuck or far slower than it should be.
   */
  async run(options: { deadline: number; maxItems: number }): Promise<void> {
    // Virtual start times of the items in flight; finished items wake the loop.
    const inFlight = new Map<number, number>();
    const finished: number[] = [];
    let wake: (() => void) | undefined;
    let handled = 0;
    let id = 0;
    for (;;) {
      if (Date.now() > options.deadline) {
        throw new Error(
          `Reliability run passed its wall-clock deadline with ${this.queue.size} items pending and ${inFlight.size} in flight (virtual time ${new Date(this.deps.clock.now()).toISOString()})`,
        );
      }
      for (const key of finished.splice(0)) inFlight.delete(key);
      while (inFlight.size < this.plan.concurrency) {
        const next = this.queue.peek();
        if (!next) break;
        if (inFlight.size > 0) {
          let oldest = Number.POSITIVE_INFINITY;
          for (const startedAt of inFlight.values()) oldest = Math.min(oldest, startedAt);
          if (next.at > oldest + this.plan.spanMs) break;
        }
        this.queue.pop();
        if (++handled > options.maxItems) {
          throw new Error(`Reliability run handled more than ${options.maxItems} items`);
        }
        this.deps.clock.advanceTo(next.at);
        const key = id++;
        inFlight.set(key, this.deps.clock.now());
        this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, inFlight.size);
        void this.start(next)
          .catch((error: unknown) => this.actionErrors.push({ label: 'harness', error }))
          .finally(() => {
            finished.push(key);
            wake?.();
          });
      }
      if (inFlight.size === 0 && finished.length === 0) {
        if (this.queue.size === 0) return;
        continue;
      }
      if (finished.length === 0) {
        // Bounded by the deadline check above: every item in flight finishes (or the run fails).
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1_000).unref();
        });
        wake = undefined;
      }
    }
  }

  /** The deliveries of one job, in the order they ended. */
  trace(requestId: string): string[] {
    return [...(this.traces.get(requestId) ?? [])];
  }

  private note(requestId: string, line: string): void {
    const lines = this.traces.get(requestId) ?? [];
    if (lines.length < 200) lines.push(line);
    this.traces.set(requestId, lines);
  }

  /**
   * Delivers every dead-lettered message again, as an operator would after the dead-letter alarm.
   * @returns how many were redriven.
   */
  redrive(): number {
    const letters = this.deadLetters.splice(0);
    for (const letter of letters) {
      const name = this.names.next(
        `redrive:${letter.message.type}:${this.deps.nameOf(letter.message.requestId)}`,
      );
      this.push(letter.message, letter.source, name, this.deps.clock.now() + 60_000, 0, 0);
    }
    this.stats.redriven += letters.length;
    return letters.length;
  }

  private deliver(message: WorkerMessage, source: DeliverySource, name: string, at: number): void {
    this.push(message, source, name, at, 0, 0);
    const { chance } = this.deps;
    if (!chance.happens(`duplicate|${name}`, this.plan.duplicateShare)) return;
    this.stats.duplicates++;
    const late = chance.happens(`late|${name}`, this.plan.lateShare);
    if (late) this.stats.lateDuplicates++;
    const delay = late
      ? chance.int(`late-by|${name}`, 60_000, 300_000)
      : chance.int(`dup-by|${name}`, 0, 2_000);
    this.push(structuredClone(message), source, name, at + delay, 1, 0);
  }

  private push(
    message: WorkerMessage,
    source: DeliverySource,
    name: string,
    at: number,
    copy: number,
    attempt: number,
    firstAt = at,
  ): void {
    this.queue.push({
      kind: 'worker',
      at,
      order: this.order++,
      message,
      source,
      name,
      copy,
      attempt,
      firstAt,
    });
  }

  private async start(item: QueueItem): Promise<void> {
    // A deleted schedule never fires; a copy already on its way (a duplicate, a retry) still comes.
    if (
      item.kind === 'worker' &&
      item.source === 'schedule' &&
      item.copy === 0 &&
      item.attempt === 0 &&
      this.canceled.has(item.name)
    ) {
      this.stats.pollsKeptFromFiring++;
      return;
    }
    if (item.kind === 'action') {
      this.stats.actions++;
      try {
        await item.run();
      } catch (error) {
        this.actionErrors.push({ label: item.label, error });
      }
      return;
    }
    this.stats.deliveries++;
    if (item.source === 'invoke') this.stats.invokeDeliveries++;
    else if (item.source === 'queue') this.stats.hopDeliveries++;
    else this.stats.pollDeliveries++;
    const event = item.source === 'queue' ? sqsEvent(item) : structuredClone(item.message);
    const outcome = await this.deps.crashPoints.run(
      `${item.name}|copy${item.copy}|try${item.attempt}`,
      async () => {
        const answer = await this.deps.worker(event);
        // The event source mapping retries the records the worker reports as failed.
        const failed = (answer as SQSBatchResponse | undefined)?.batchItemFailures;
        if (item.source === 'queue' && failed && failed.length > 0) {
          throw new Error(`hop reported as a batch item failure: ${JSON.stringify(failed)}`);
        }
        return answer;
      },
    );
    this.deps.afterDelivery?.();
    this.note(
      item.message.requestId,
      `${new Date(item.at).toISOString().slice(11, 19)} ${item.name} copy ${item.copy} try ${item.attempt}: ${outcome.crashedAt ? `crashed ${outcome.crashedAt}` : outcome.error ? `failed ${String(outcome.error).slice(0, 120)}` : 'ok'}`,
    );
    if (!outcome.crashed && outcome.error === undefined) return;
    if (outcome.crashed) this.stats.crashed++;
    else {
      this.stats.failed++;
      if (this.failures.length < 20)
        this.failures.push({ message: item.message, error: outcome.error });
    }
    this.retry(item, outcome.error);
  }

  private retry(item: WorkerDelivery, error: unknown): void {
    const now = this.deps.clock.now();
    const { plan } = this;
    let retryAt: number | undefined;
    if (item.source === 'invoke') {
      // Lambda: about 1 minute before the second attempt, 2 minutes before the third.
      if (item.attempt < plan.invokeRetries) retryAt = now + 60_000 * (item.attempt + 1);
    } else if (item.source === 'queue') {
      // SQS: visible again once the visibility timeout ends, until the redrive policy's count.
      if (item.attempt + 1 < plan.queueMaxReceives) retryAt = now + plan.queueVisibilityMs;
    } else if (item.attempt < plan.scheduleRetries) {
      const backoff = Math.min(60_000 * 2 ** item.attempt, 10 * 60_000);
      if (now + backoff - item.firstAt <= plan.scheduleMaxAgeMs) retryAt = now + backoff;
    }
    if (retryAt === undefined) {
      this.stats.deadLettered++;
      this.deadLetters.push({ message: item.message, source: item.source, error });
      return;
    }
    this.stats.retries++;
    this.push(
      item.message,
      item.source,
      item.name,
      retryAt,
      item.copy,
      item.attempt + 1,
      item.firstAt,
    );
  }
}

/** The event the hop queue's event source mapping invokes the worker with: one record. */
function sqsEvent(item: WorkerDelivery): SQSEvent {
  const id = `${item.name}|copy${item.copy}`;
  return {
    Records: [
      {
        messageId: id,
        receiptHandle: `${id}|try${item.attempt}`,
        body: JSON.stringify(item.message),
        attributes: {
          ApproximateReceiveCount: String(item.attempt + 1),
          SentTimestamp: String(item.firstAt),
          SenderId: 'AROAWORKER',
          ApproximateFirstReceiveTimestamp: String(item.firstAt),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:ats-bot-hops',
        awsRegion: 'eu-west-1',
      },
    ],
  };
}
