/**
 * IANA time zones (`Europe/Amsterdam`, `America/New_York`, `UTC`), checked against the tz
 * database the runtime's `Intl` carries: the one Node.js and EventBridge Scheduler both follow.
 */

/** Area/Location names (and `UTC`): what Slack's `users.info` gives and Scheduler accepts. */
const ZONE_SHAPE = /^(?:UTC|[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$/;

/**
 * The zone's canonical name in the tz database (`europe/amsterdam` → `Europe/Amsterdam`), or
 * undefined when it is not a zone of the database. UTC offsets (`+01:00`) and abbreviations
 * (`CET`, `EST`) are refused: they do not follow daylight saving time the way people mean.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!ZONE_SHAPE.test(name)) return undefined;
  try {
    // Intl resolves case-insensitively and follows links (`US/Eastern` → `America/New_York`).
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The wall-clock fields of an instant in a zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday. */
  weekday: number;
}

const WEEKDAY_NUMBER: Record<string, number> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

/** What the clocks in `timeZone` show at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: Number(part('hour')),
    minute: Number(part('minute')),
    weekday: WEEKDAY_NUMBER[part('weekday')] ?? 0,
  };
}
