import type { WorkerMessage } from '../ports';
import { hopJob } from './hop-job';
import {
  DEFAULT_LIFECYCLE_SETTINGS,
  type LifecycleContext,
  type LifecycleDeps,
  type LifecycleSettings,
  loggedAdminAlerts,
  NO_METRICS,
  SILENT_LOG,
} from './lifecycle-context';
import { pollJob } from './poll-job';
import { beginJob } from './start-job';

export type { LifecycleDeps, LifecycleLog, LifecycleSettings } from './lifecycle-context';
export { DEFAULT_LIFECYCLE_SETTINGS } from './lifecycle-context';

/**
 * The worker side of a job's life: requested → starting → queued → running → done (or
 * failed_to_start / timed_out / error). Every message may arrive twice, late, or again after the
 * worker died half-way: each step is a conditional write, and a repeated message finishes what
 * was left undone instead of doing anything twice.
 */
export class JobLifecycle {
  private readonly ctx: LifecycleContext;

  /** @throws RangeError when a setting is not a positive number. */
  constructor(deps: LifecycleDeps) {
    const settings: LifecycleSettings = { ...DEFAULT_LIFECYCLE_SETTINGS };
    for (const [key, value] of Object.entries(deps.settings ?? {})) {
      if (value === undefined) continue;
      if (!(typeof value === 'number' && value > 0)) {
        throw new RangeError(`Lifecycle setting ${key} must be a positive number, got ${value}`);
      }
      settings[key as keyof LifecycleSettings] = value;
    }
    const log = deps.log ?? SILENT_LOG;
    this.ctx = {
      ats: deps.ats,
      store: deps.store,
      scheduler: deps.scheduler,
      ...(deps.hops && deps.policy.usesHops ? { hops: deps.hops } : {}),
      notifier: deps.notifier,
      ...(deps.history ? { history: deps.history } : {}),
      clock: deps.clock,
      catalog: deps.catalog,
      policy: deps.policy,
      newRequestId: deps.newRequestId,
      settings,
      log,
      metrics: deps.metrics ?? NO_METRICS,
      atsApp: deps.atsApp ?? 'ats',
      admin: deps.admin ?? loggedAdminAlerts(log),
      begin: (requestId) => beginJob(this.ctx, requestId),
    };
  }

  /** The settings in force, defaults filled in. */
  get settings(): Readonly<LifecycleSettings> {
    return this.ctx.settings;
  }

  /**
   * Handles one worker message: `start`, `rerun` and `watch` begin the job recorded under
   * `requestId` (what it does follows the job's kind); `poll` polls it; `hop` looks at it ahead of
   * its pending poll.
   * Failures a person should hear about become outcomes; nothing is thrown for them.
   * @throws whatever the store, scheduler or notifier throws: the message should be retried.
   */
  async handle(message: WorkerMessage): Promise<void> {
    if (message.type === 'poll') return pollJob(this.ctx, message.requestId, message.seq);
    if (message.type === 'hop') return hopJob(this.ctx, message);
    return beginJob(this.ctx, message.requestId);
  }
}
