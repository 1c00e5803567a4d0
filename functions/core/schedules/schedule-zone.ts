import type { UserTimeZones } from './ports';
import type { ZoneSource } from './schedule-answer';
import { canonicalTimeZone } from './time-zone';

/**
 * The zone of a schedule set without one: the person's Slack zone when Slack knows it, the
 * configured default otherwise (also when Slack cannot be asked). Never throws.
 */
export async function zoneOfPerson(
  timeZones: UserTimeZones | undefined,
  userId: string,
  defaultTimeZone: string,
): Promise<{ timeZone: string; zoneSource: ZoneSource }> {
  try {
    const tz = await timeZones?.timeZoneOf(userId);
    const zone = tz ? canonicalTimeZone(tz) : undefined;
    if (zone) return { timeZone: zone, zoneSource: 'slack' };
  } catch {
    // Slack could not say: the default zone serves.
  }
  return { timeZone: defaultTimeZone, zoneSource: 'default' };
}
