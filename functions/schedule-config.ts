import type { RuntimeConfig } from './config';
import type { ScheduleSettings } from './core/schedules/schedule-settings';

/** The scheduled-run settings of the runtime configuration (the rows of `functions/settings.ts`). */
export function scheduleSettingsOf(runtime: RuntimeConfig): ScheduleSettings {
  const admins = (runtime.admins ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return {
    defaultTimeZone: runtime.scheduleDefaultTimeZone,
    minIntervalHours: runtime.scheduleMinIntervalHours,
    maxPerChannel: runtime.schedulesPerChannel,
    allowOverlap: runtime.scheduleOverlap === 'allow',
    admins: {
      users: admins.filter((id) => !id.startsWith('S')),
      userGroups: admins.filter((id) => id.startsWith('S')),
    },
  };
}
