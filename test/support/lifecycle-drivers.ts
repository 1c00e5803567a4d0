import type { Job } from '../../functions/core/job';
import type { JobLifecycle } from '../../functions/core/lifecycle/lifecycle';
import type { JobStore, WorkerMessage } from '../../functions/core/ports';
import type { RecordingScheduler, RunOptions, RunReport } from './recording-scheduler';
import type { VirtualClock } from './virtual-clock';

/** How the lifecycle harnesses drive a lifecycle: one message, every due poll, one stored job. */
export interface LifecycleDrivers {
  /** Delivers one worker message, as an invocation would. */
  handle(message: WorkerMessage): Promise<void>;
  /** Delivers due polls in virtual time until none is left (or the options' limits). */
  drain(options?: Omit<RunOptions, 'clock' | 'deliver'>): Promise<RunReport>;
  /** The stored job. @throws Error when there is none. */
  job(requestId: string): Promise<Job>;
}

/** The drivers of `lifecycle`, its recording scheduler, virtual clock and store. */
export function lifecycleDrivers(parts: {
  lifecycle: JobLifecycle;
  scheduler: RecordingScheduler;
  clock: VirtualClock;
  store: JobStore;
}): LifecycleDrivers {
  const { lifecycle, scheduler, clock, store } = parts;
  return {
    handle: (message) => lifecycle.handle(message),
    drain: (runOptions = {}) =>
      scheduler.run({ clock, deliver: (m) => lifecycle.handle(m), ...runOptions }),
    async job(requestId) {
      const job = await store.get(requestId);
      if (!job) throw new Error(`no job ${requestId}`);
      return job;
    },
  };
}
