import type { Clock } from '../../functions/core/ports';

/** A {@link Clock} that only moves when told: hours of job time pass in microseconds. */
export class VirtualClock implements Clock {
  private current: number;

  /** Starts at `start` (epoch ms; default 2025-01-06T09:00:00Z, a Monday morning). */
  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves forward by `ms` (never backwards). */
  advance(ms: number): number {
    if (ms < 0) throw new RangeError(`A clock cannot go back ${-ms} ms`);
    this.current += ms;
    return this.current;
  }

  /** Moves to `epochMs` if that is later; staying put otherwise. */
  advanceTo(epochMs: number): number {
    this.current = Math.max(this.current, epochMs);
    return this.current;
  }
}
