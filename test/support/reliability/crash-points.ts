import { AsyncLocalStorage } from 'node:async_hooks';
import type { SeededChance } from './seeded-chance';

/** Machine-readable code of {@link SimulatedCrash}. */
export const SIMULATED_CRASH = 'SIMULATED_CRASH';

/**
 * A worker invocation dying part-way (timeout, out of memory, a host lost): thrown before or after
 * a port call. Once one is thrown, every later port call of the same invocation throws too, so
 * a `catch` in the code under test cannot carry on as if the process had survived.
 */
export class SimulatedCrash extends Error {
  readonly code = SIMULATED_CRASH;

  constructor(
    /** `port.method` the crash happened at. */
    readonly where: string,
    readonly when: 'before' | 'after' | 'dead',
  ) {
    super(`Simulated crash ${when} ${where}`);
    this.name = 'SimulatedCrash';
  }
}

/** One worker invocation as the crash points see it. */
interface Invocation {
  /** Stable name of the invocation: decisions are hashed from it and the call number. */
  name: string;
  calls: number;
  crashedAt?: string;
  /** requestId of a job whose outcome Slack accepted and the store has not recorded yet. */
  outcomeUnrecorded?: string;
}

/**
 * The one step no port can make exactly-once: Slack accepted the outcome message (its ts is in
 * the worker's memory only) and the store has not recorded it yet. A worker dying here leaves a
 * message the next worker knows about only by reading the thread: it does (the message carries
 * the request id in its metadata) and adopts it instead of posting again.
 */
const OUTCOME_POSTED = 'notifier.postOutcome';
const OUTCOME_RECORDED = 'store.replace';

/** How one invocation ended. */
export interface InvocationOutcome {
  /** True when a simulated crash happened, whatever the code under test did with it. */
  crashed: boolean;
  /** Where it crashed (`before store.get`), when it did. */
  crashedAt?: string;
  /** What the invocation threw, if anything (a crash or a real error). */
  error?: unknown;
}

/**
 * Crash injection into the ports of a worker invocation. Port calls made inside
 * {@link CrashPoints.run} crash with probability `share` before, and again after, the call; calls
 * outside any invocation (the ingress, the harness) never crash.
 */
export class CrashPoints {
  private readonly current = new AsyncLocalStorage<Invocation>();
  /** Crashes injected, by `port.method` and moment. */
  readonly injected = new Map<string, number>();
  /**
   * Crashes between Slack accepting a job's outcome and the store recording it, by requestId:
   * each is a message the retry must find again rather than post twice (see {@link OUTCOME_POSTED}).
   */
  readonly outcomeWindowCrashes = new Map<string, number>();
  private readonly restores: (() => void)[] = [];

  constructor(
    private readonly chance: SeededChance,
    private readonly share: number,
  ) {}

  /** Total crashes injected so far. */
  get total(): number {
    let n = 0;
    for (const count of this.injected.values()) n += count;
    return n;
  }

  /** Runs one invocation; never throws: the outcome says whether it crashed or failed. */
  async run(name: string, work: () => Promise<unknown>): Promise<InvocationOutcome> {
    // Without crashes to inject, async context tracking would only cost time (benchmarks).
    if (this.share <= 0) {
      try {
        await work();
        return { crashed: false };
      } catch (error) {
        return { crashed: false, error };
      }
    }
    const invocation: Invocation = { name, calls: 0 };
    try {
      await this.current.run(invocation, work);
      return outcomeOf(invocation);
    } catch (error) {
      return { ...outcomeOf(invocation), error };
    }
  }

  /**
   * Calls `call` as port call `where` of the current invocation, crashing around it by chance.
   * `args` are the call's arguments (the job, for notifier calls).
   */
  async guard<T>(where: string, call: () => Promise<T>, args: unknown[] = []): Promise<T> {
    const invocation = this.current.getStore();
    if (!invocation) return call();
    this.crashIf(invocation, where, 'before');
    const result = await call();
    if (where === OUTCOME_POSTED) {
      invocation.outcomeUnrecorded = (args[0] as { requestId?: string } | undefined)?.requestId;
    } else if (where === OUTCOME_RECORDED && result === true) {
      invocation.outcomeUnrecorded = undefined;
    }
    this.crashIf(invocation, where, 'after');
    return result;
  }

  /** A proxy of `target` whose listed methods are guarded port calls named `port.method`. */
  wrap<T extends object>(port: string, target: T, methods: readonly (keyof T & string)[]): T {
    const guarded = new Set<string>(methods);
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver);
        if (typeof property !== 'string' || !guarded.has(property) || typeof value !== 'function') {
          return value;
        }
        return (...args: unknown[]) =>
          this.guard(`${port}.${property}`, () => value.apply(object, args), args);
      },
    });
  }

  /**
   * Guards methods of a class for every instance (for ports built inside the code under test,
   * such as the worker's ATS client and Slack notifier). Undone by {@link restore}.
   */
  patch(port: string, prototype: object, methods: readonly string[]): void {
    const target = prototype as Record<string, unknown>;
    for (const method of methods) {
      const original = target[method];
      if (typeof original !== 'function') throw new TypeError(`${port}.${method} is not a method`);
      const points = this;
      target[method] = function guarded(this: unknown, ...args: unknown[]) {
        return points.guard(`${port}.${method}`, () => original.apply(this, args), args);
      };
      this.restores.push(() => {
        target[method] = original;
      });
    }
  }

  /** Puts every patched method back. */
  restore(): void {
    for (const undo of this.restores.splice(0).reverse()) undo();
  }

  private crashIf(invocation: Invocation, where: string, when: 'before' | 'after'): void {
    if (invocation.crashedAt) throw new SimulatedCrash(where, 'dead');
    const call = invocation.calls++;
    if (!this.chance.happens(`crash|${invocation.name}|${call}|${when}`, this.share)) return;
    invocation.crashedAt = `${when} ${where}`;
    const unrecorded = invocation.outcomeUnrecorded;
    if (unrecorded) {
      this.outcomeWindowCrashes.set(
        unrecorded,
        (this.outcomeWindowCrashes.get(unrecorded) ?? 0) + 1,
      );
    }
    const key = `${where} (${when})`;
    this.injected.set(key, (this.injected.get(key) ?? 0) + 1);
    throw new SimulatedCrash(where, when);
  }
}

function outcomeOf(invocation: Invocation): InvocationOutcome {
  return invocation.crashedAt === undefined
    ? { crashed: false }
    : { crashed: true, crashedAt: invocation.crashedAt };
}
