import { describe, expect, it } from 'vitest';
import { CronerCalendar } from '../../../../functions/calendar/croner-calendar';
import { isMovedRun, nextRuns } from '../../../../functions/core/schedules/next-runs';
import {
  parseScheduleRule,
  type ScheduleRule,
} from '../../../../functions/core/schedules/schedule-rule';
import { wallClockAt } from '../../../../functions/core/schedules/time-zone';

const calendar = new CronerCalendar();

function rule(text: string): ScheduleRule {
  const parsed = parseScheduleRule(text.split(' '));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rule;
}

/** Local `YYYY-MM-DD HH:MM` of each run, as people in the zone read it. */
function local(runs: Date[], timeZone: string): string[] {
  return runs.map((run) => {
    const w = wallClockAt(run, timeZone);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
  });
}

/** Runs whose local date is `day`, over the days around it. */
function runsOnLocalDay(text: string, timeZone: string, day: string): string[] {
  const from = new Date(`${day}T00:00:00Z`);
  const runs = nextRuns(
    calendar,
    { rule: rule(text), timeZone },
    new Date(from.getTime() - 2 * 86_400_000),
    200,
  );
  return local(runs, timeZone).filter((r) => r.startsWith(day));
}

describe('nextRuns', () => {
  it('gives the next runs strictly after the moment, in the zone', () => {
    // Prepare
    const timing = { rule: rule('weekdays 02:00'), timeZone: 'Europe/Amsterdam' };

    // Act: Friday 2025-01-10 02:00 local exactly (01:00 UTC)
    const runs = nextRuns(calendar, timing, new Date('2025-01-10T01:00:00Z'), 3);

    // Assess: the weekend is skipped, and the moment itself is not a "next" run.
    expect(runs.map((r) => r.toISOString())).toEqual([
      '2025-01-13T01:00:00.000Z',
      '2025-01-14T01:00:00.000Z',
      '2025-01-15T01:00:00.000Z',
    ]);
  });

  it('follows the zone across daylight saving time: the same wall-clock time, another UTC time', () => {
    // Prepare
    const timing = { rule: rule('daily 09:00'), timeZone: 'America/New_York' };

    // Act
    const runs = nextRuns(calendar, timing, new Date('2025-03-08T00:00:00Z'), 2);

    // Assess: EST (UTC-5) on Saturday, EDT (UTC-4) on Sunday.
    expect(runs.map((r) => r.toISOString())).toEqual([
      '2025-03-08T14:00:00.000Z',
      '2025-03-09T13:00:00.000Z',
    ]);
  });

  it('lists days, every N hours and the days of a week as typed', () => {
    // Prepare / Act
    const days = nextRuns(
      calendar,
      { rule: rule('mon,wed,fri 18:30'), timeZone: 'UTC' },
      new Date('2025-01-06T00:00:00Z'),
      4,
    );
    const hours = nextRuns(
      calendar,
      { rule: rule('every 6 hours'), timeZone: 'UTC' },
      new Date('2025-01-06T05:00:00Z'),
      4,
    );

    // Assess
    expect(local(days, 'UTC')).toEqual([
      '2025-01-06 18:30',
      '2025-01-08 18:30',
      '2025-01-10 18:30',
      '2025-01-13 18:30',
    ]);
    expect(local(hours, 'UTC')).toEqual([
      '2025-01-06 06:00',
      '2025-01-06 12:00',
      '2025-01-06 18:00',
      '2025-01-07 00:00',
    ]);
  });

  describe.each([
    ['Europe/Amsterdam', '2025-03-30', '2025-10-26'],
    ['America/New_York', '2025-03-09', '2025-11-02'],
  ])('in %s', (timeZone, springForward, fallBack) => {
    it(`runs a 02:30 schedule once on the spring-forward day (${springForward}), just after the skipped hour`, () => {
      // Prepare / Act
      const runs = runsOnLocalDay('daily 02:30', timeZone, springForward);

      // Assess
      expect(runs).toEqual([`${springForward} 03:00`]);
    });

    it(`runs a 02:30 schedule once on the fall-back day (${fallBack}), though 02:30 or 01:30 happens twice`, () => {
      // Prepare / Act
      const twoThirty = runsOnLocalDay('daily 02:30', timeZone, fallBack);
      const oneThirty = runsOnLocalDay('daily 01:30', timeZone, fallBack);

      // Assess
      expect(twoThirty).toEqual([`${fallBack} 02:30`]);
      expect(oneThirty).toEqual([`${fallBack} 01:30`]);
    });

    it('runs at 02:30 on the days around the change', () => {
      // Prepare / Act
      const before = runsOnLocalDay('daily 02:30', timeZone, shiftDay(springForward, -1));
      const after = runsOnLocalDay('daily 02:30', timeZone, shiftDay(springForward, 1));

      // Assess
      expect(before).toEqual([`${shiftDay(springForward, -1)} 02:30`]);
      expect(after).toEqual([`${shiftDay(springForward, 1)} 02:30`]);
    });

    it('marks the moved run, and only it, as one a skipping scheduler must be given', () => {
      // Prepare
      const twoThirty = rule('daily 02:30');
      const runs = nextRuns(
        calendar,
        { rule: twoThirty, timeZone },
        new Date(`${shiftDay(springForward, -3)}T00:00:00Z`),
        6,
      );

      // Act
      const moved = runs.filter((run) => isMovedRun(twoThirty, timeZone, run));

      // Assess
      expect(local(moved, timeZone)).toEqual([`${springForward} 03:00`]);
      expect(isMovedRun(rule('every 2 hours'), timeZone, runs[0] as Date)).toBe(false);
    });
  });
});

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
