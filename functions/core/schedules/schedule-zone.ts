import type { UserTimeZones } from './ports';
import type { ZoneSource } from './schedule-answer';
import type { ScheduleSettings } from './schedule-settings';
import { canonicalTimeZone } from './time-zone';

/** Where a schedule's zone may come from besides the command: Slack, then the settings. */
export interface ZoneSources {
  /** People's Slack time zones; without it, the default serves. */
  timeZones?: UserTimeZones;
  settings: Pick<ScheduleSettings, 'defaultTimeZone'>;
}

/**
 * The zone of a schedule: the one given in the command; without one, the person's Slack zone
 * when Slack knows it, the configured default otherwise (also when Slack cannot be asked).
 * Never throws.
 */
export async function scheduleZone(
  given: string | undefined,
  userId: string,
  sources: ZoneSources,
): Promise<{ timeZone: string; zoneSource: ZoneSource }> {
  if (given) return { timeZone: given, zoneSource: 'given' };
  try {
    const tz = await sources.timeZones?.timeZoneOf(userId);
    const zone = tz ? canonicalTimeZone(tz) : undefined;
    if (zone) return { timeZone: zone, zoneSource: 'slack' };
  } catch {
    // Slack could not say: the default zone serves.
  }
  return { timeZone: sources.settings.defaultTimeZone, zoneSource: 'default' };
}
