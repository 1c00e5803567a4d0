import type { ScheduleMessage } from '../ports';
import type { ScheduleFiring } from './schedule-firing';
import { applySchedule, type ScheduleSyncDeps } from './schedule-sync';

/**
 * The worker side of schedules: `sync_schedule` applies a schedule's stored state to the
 * recurring scheduler, `fire_schedule` carries out one firing. Both are idempotent, so Lambda's
 * and Scheduler's repeated deliveries change nothing.
 */
export class ScheduleWorker {
  constructor(
    private readonly sync: ScheduleSyncDeps,
    private readonly firing: ScheduleFiring,
  ) {}

  /** @throws whatever applying or firing throws: the message is then delivered again. */
  async handle(message: ScheduleMessage): Promise<void> {
    if (message.type === 'sync_schedule') {
      const applied = await applySchedule(this.sync, message.scheduleId);
      if (!applied) {
        this.sync.log.warn('Sync of an unknown schedule dropped', {
          scheduleId: message.scheduleId,
        });
      }
      return;
    }
    await this.firing.fire(message.scheduleId, new Date(message.scheduledTime));
  }
}
