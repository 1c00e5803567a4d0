import type { RuntimeConfig } from './config';
import { botAdmins } from './core/requests/access';
import type { ScheduleSettings } from './core/schedules/schedule-settings';

/** The scheduled-run settings of the runtime configuration (the rows of `functions/settings.ts`). */
export function scheduleSettingsOf(runtime: RuntimeConfig): ScheduleSettings {
  return {
    defaultTimeZone: runtime.scheduleDefaultTimeZone,
    minIntervalHours: runtime.scheduleMinIntervalHours,
    maxPerChannel: runtime.schedulesPerChannel,
    allowOverlap: runtime.scheduleOverlap === 'allow',
    admins: botAdmins(runtime.admins),
  };
}
