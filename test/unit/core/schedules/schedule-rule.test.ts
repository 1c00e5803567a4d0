import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  awsCronOf,
  cronOf,
  describeRule,
  parseScheduleRule,
  shortestIntervalHours,
} from '../../../../functions/core/schedules/schedule-rule';
import { canonicalTimeZone } from '../../../../functions/core/schedules/time-zone';

const words = (text: string) => text.split(' ').filter(Boolean);

describe('parseScheduleRule', () => {
  it.each([
    ['daily 02:00', { kind: 'daily', hour: 2, minute: 0 }, 'cron(0 2 * * ? *)', '0 2 * * *'],
    ['DAILY 7:05', { kind: 'daily', hour: 7, minute: 5 }, 'cron(5 7 * * ? *)', '5 7 * * *'],
    [
      'weekdays 02:00',
      { kind: 'weekdays', hour: 2, minute: 0 },
      'cron(0 2 ? * MON-FRI *)',
      '0 2 * * 1-5',
    ],
    [
      'mon,wed,fri 18:30',
      { kind: 'days', days: ['mon', 'wed', 'fri'], hour: 18, minute: 30 },
      'cron(30 18 ? * MON,WED,FRI *)',
      '30 18 * * 1,3,5',
    ],
    [
      'Sun,SAT,sun 23:59',
      { kind: 'days', days: ['sat', 'sun'], hour: 23, minute: 59 },
      'cron(59 23 ? * SUN,SAT *)',
      '59 23 * * 0,6',
    ],
    [
      'tue 00:00',
      { kind: 'days', days: ['tue'], hour: 0, minute: 0 },
      'cron(0 0 ? * TUE *)',
      '0 0 * * 2',
    ],
    ['every 1 hour', { kind: 'every_hours', hours: 1 }, 'cron(0 * * * ? *)', '0 * * * *'],
    ['every 6 hours', { kind: 'every_hours', hours: 6 }, 'cron(0 0/6 * * ? *)', '0 */6 * * *'],
    ['Every 12 Hours', { kind: 'every_hours', hours: 12 }, 'cron(0 0/12 * * ? *)', '0 */12 * * *'],
  ])('reads %j', (text, rule, aws, cron) => {
    // Prepare / Act
    const parsed = parseScheduleRule(words(text));

    // Assess
    expect(parsed).toEqual({ ok: true, rule, rest: [] });
    if (!parsed.ok) return;
    expect(awsCronOf(parsed.rule)).toBe(aws);
    expect(cronOf(parsed.rule)).toBe(cron);
  });

  it('leaves the words after the rule (the time zone) to the caller', () => {
    // Prepare / Act
    const daily = parseScheduleRule(words('daily 02:00 Europe/Amsterdam'));
    const every = parseScheduleRule(words('every 2 hours America/New_York extra'));

    // Assess
    expect(daily).toMatchObject({ ok: true, rest: ['Europe/Amsterdam'] });
    expect(every).toMatchObject({ ok: true, rest: ['America/New_York', 'extra'] });
  });

  it.each([
    ['', 'RULE_MISSING', /Say when it should run: `daily HH:MM`/],
    ['nightly 02:00', 'RULE_UNKNOWN', /can't read `nightly` as a time: use `daily HH:MM`/],
    ['daily', 'TIME_INVALID', /No time of day was given: use 24-hour `HH:MM` from 00:00 to 23:59/],
    [
      'daily 25:00',
      'TIME_INVALID',
      /`25:00` is not a time of day: use 24-hour `HH:MM` from 00:00 to 23:59/,
    ],
    ['weekdays 12:60', 'TIME_INVALID', /`12:60` is not a time of day/],
    ['daily 2pm', 'TIME_INVALID', /`2pm` is not a time of day/],
    ['daily 002:00', 'TIME_INVALID', /`002:00` is not a time of day/],
    ['mon,wed,fry 02:00', 'DAYS_INVALID', /`fry` is not a day: use `mon`, `tue`/],
    ['mon,wed 24:00', 'TIME_INVALID', /`24:00` is not a time of day/],
    ['every 5 hours', 'INTERVAL_INVALID', /N must be one of 1, 2, 3, 4, 6, 8, 12/],
    ['every 24 hours', 'INTERVAL_INVALID', /For once a day, use `daily HH:MM`/],
    ['every 0 hours', 'INTERVAL_INVALID', /N must be one of/],
    ['every two hours', 'INTERVAL_INVALID', /N must be one of/],
    ['every 30 minutes', 'INTERVAL_INVALID', /Write an interval as `every N hours`/],
    ['every', 'INTERVAL_INVALID', /Write an interval as `every N hours`/],
  ])('refuses %j, saying what is accepted', (text, code, message) => {
    // Prepare / Act
    const parsed = parseScheduleRule(words(text));

    // Assess
    expect(parsed).toMatchObject({ ok: false, code });
    if (parsed.ok) return;
    expect(parsed.message).toMatch(message);
  });

  it('never throws and accepts only rules it can describe back', () => {
    // Prepare
    const token = fc.oneof(
      fc.constantFrom(
        'daily',
        'weekdays',
        'every',
        'hours',
        'hour',
        'mon,fri',
        'sun',
        '02:00',
        '2:5',
        '23:59',
        '6',
      ),
      fc.string({ maxLength: 12 }),
    );

    // Act
    // Assess
    fc.assert(
      fc.property(fc.array(token, { maxLength: 5 }), (input) => {
        const parsed = parseScheduleRule(input);
        if (!parsed.ok) return;
        const again = parseScheduleRule(words(describeRule(parsed.rule)));
        expect(again).toEqual({ ok: true, rule: parsed.rule, rest: [] });
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('shortestIntervalHours', () => {
  it.each([
    ['daily 02:00', 24],
    ['weekdays 02:00', 24],
    ['mon,wed,fri 02:00', 48],
    ['fri,mon 02:00', 72],
    ['sun,sat 02:00', 24],
    ['wed 02:00', 168],
    ['every 2 hours', 2],
  ])('of %j is %i hours', (text, hours) => {
    // Prepare
    const parsed = parseScheduleRule(words(text));

    // Act
    // Assess
    expect(parsed.ok && shortestIntervalHours(parsed.rule)).toBe(hours);
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['Europe/Amsterdam', 'Europe/Amsterdam'],
    ['europe/amsterdam', 'Europe/Amsterdam'],
    ['America/New_York', 'America/New_York'],
    ['UTC', 'UTC'],
    ['US/Eastern', 'America/New_York'],
  ])('knows %j as %j', (given, canonical) => {
    // Prepare / Act / Assess
    expect(canonicalTimeZone(given)).toBe(canonical);
  });

  it.each(['Mars/Olympus_Mons', 'CET', 'EST', '+01:00', 'UTC+1', '', 'Europe/', '../etc/passwd'])(
    'refuses %j',
    (given) => {
      // Prepare / Act / Assess
      expect(canonicalTimeZone(given)).toBeUndefined();
    },
  );
});
