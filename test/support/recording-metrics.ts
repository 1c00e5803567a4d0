import type { JobEnding, LifecycleMetrics } from '../../functions/core/ports';

/** A {@link LifecycleMetrics} that records every call, in order. */
export class RecordingMetrics implements LifecycleMetrics {
  readonly started: ('run' | 'rerun')[] = [];
  readonly ended: { ending: JobEnding; polls: number }[] = [];
  readonly outcomeDelaysMs: number[] = [];

  jobStarted(kind: 'run' | 'rerun'): void {
    this.started.push(kind);
  }

  jobEnded(ending: JobEnding, polls: number): void {
    this.ended.push({ ending, polls });
  }

  outcomePosted(delayMs: number): void {
    this.outcomeDelaysMs.push(delayMs);
  }
}
