import { Cron } from 'croner';
import type { RunCalendar } from '../core/schedules/ports';

/**
 * {@link RunCalendar} over croner, which reads cron expressions in any IANA zone through `Intl`
 * and handles daylight saving time as the port says: a run in the skipped hour moves to the first
 * minute after it, a run in the repeated hour happens once.
 */
export class CronerCalendar implements RunCalendar {
  /**
   * @throws Error when croner cannot read the expression or does not know the zone (a caller
   *   bug: rules and zones are validated before they are stored).
   */
  nextRuns(cron: string, timeZone: string, after: Date, count: number): Date[] {
    const job = new Cron(cron, { timezone: timeZone, paused: true, mode: '5-part' });
    try {
      return job.nextRuns(count, after);
    } finally {
      job.stop();
    }
  }
}
