import type { AnyWorkerMessage, WorkerInvoker } from '../core/ports';
import { LocalModeError } from './local-mode-error';

/** The worker's entry as Lambda would call it: the event only (local mode has no context). */
export type WorkerEntry = (event: unknown) => Promise<unknown>;

/** Tuning of {@link InProcessInvoker}. */
export interface InProcessInvokerOptions {
  /** Retries after a thrown invocation; Lambda async invokes retry twice. Default 2. */
  retries?: number;
  /**
   * Wait before retry n (1-based), in ms. Lambda waits about one then two minutes; locally a
   * short back-off keeps a demo lively. Default `n * 1000`.
   */
  retryDelayMs?: (attempt: number) => number;
  /** Told about every failed attempt, including the last one (Lambda would log it too). */
  onError?: (
    error: unknown,
    message: AnyWorkerMessage,
    attempt: number,
    willRetry: boolean,
  ) => void;
}

/**
 * {@link WorkerInvoker} that runs the worker in this process, the way Lambda's asynchronous
 * invocation (`InvocationType: Event`) would: `invoke` resolves as soon as the message is queued,
 * the worker runs on a later turn of the event loop (`setImmediate`), gets a JSON copy of the
 * message (so no object is shared with the caller) and is retried after a throw, twice by
 * default. Errors never reach the caller, as with Lambda.
 */
export class InProcessInvoker implements WorkerInvoker {
  private readonly retries: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly onError: InProcessInvokerOptions['onError'];
  private readonly pending = new Set<Promise<void>>();
  /** Cancels of the retry waits in progress. */
  private readonly waits = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly entry: WorkerEntry,
    options: InProcessInvokerOptions = {},
  ) {
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => attempt * 1000);
    this.onError = options.onError;
  }

  /**
   * Queues one worker run and resolves at once.
   * @throws LocalModeError `INVOKER_CLOSED` after {@link close}, like an invoke of a deleted function.
   */
  async invoke(message: AnyWorkerMessage): Promise<void> {
    if (this.closed) {
      throw new LocalModeError('INVOKER_CLOSED', 'The in-process worker invoker is closed');
    }
    const payload = JSON.stringify(message);
    const run = this.runWithRetries(payload, message);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves once every queued run (and its retries) has finished; bounded by `maxRounds`. */
  async idle(maxRounds = 100): Promise<void> {
    for (let round = 0; round < maxRounds && this.pending.size > 0; round++) {
      await Promise.allSettled([...this.pending]);
    }
  }

  /** Refuses new invocations and cancels pending retries; runs already started finish. */
  close(): void {
    this.closed = true;
    for (const cancel of this.waits) cancel();
    this.waits.clear();
  }

  private async runWithRetries(payload: string, message: AnyWorkerMessage): Promise<void> {
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (!(await this.sleep(this.retryDelayMs(attempt)))) {
        return;
      }
      try {
        await this.entry(JSON.parse(payload));
        return;
      } catch (error) {
        const willRetry = attempt < this.retries && !this.closed;
        this.onError?.(error, message, attempt, willRetry);
      }
    }
  }

  /** Resolves true after `ms`, or false when {@link close} cancelled the wait. */
  private sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.waits.delete(cancel);
        resolve(true);
      }, ms);
      this.waits.add(cancel);
    });
  }
}
