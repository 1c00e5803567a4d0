import type { Logger } from '@aws-lambda-powertools/logger';

/** How to stop one component local mode started. */
export type Stop = () => Promise<void> | void;

/**
 * What local mode has started, stopped in the reverse order: intake first, then the worker, then
 * the stores. A component that fails to stop is logged and the others still stop.
 */
export class StopStack {
  private readonly stops: Stop[] = [];
  private stopped = false;

  constructor(private readonly log: Logger) {}

  /** Registers how to stop a component just started. */
  push(stop: Stop): void {
    this.stops.push(stop);
  }

  /** Stops everything registered, once; later calls do nothing. */
  async stopAll(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const stop of [...this.stops].reverse()) {
      await Promise.resolve()
        .then(stop)
        .catch((error: unknown) => this.log.warn('Stopping a local component failed', { error }));
    }
  }
}
