import { describe, expect, it } from 'vitest';
import { parseAtsCommand } from '../../../../functions/core/requests/command';

describe('parseAtsCommand, schedule commands', () => {
  it.each([
    [
      'schedule smoke weekdays 02:00',
      { verb: 'schedule', target: 'smoke', when: ['weekdays', '02:00'] },
    ],
    [
      'Schedule smoke mon,wed,fri 18:30 `Europe/Amsterdam`',
      { verb: 'schedule', target: 'smoke', when: ['mon,wed,fri', '18:30', 'Europe/Amsterdam'] },
    ],
    [
      'schedule smoke every 6 hours',
      { verb: 'schedule', target: 'smoke', when: ['every', '6', 'hours'] },
    ],
    ['schedule smoke', { verb: 'schedule', target: 'smoke', when: [] }],
    ['schedules', { verb: 'schedules' }],
    ['unschedule smoke-0123abcd', { verb: 'unschedule', scheduleId: 'smoke-0123abcd' }],
  ])('understands %j', (text, expected) => {
    // Prepare / Act / Assess
    expect(parseAtsCommand(text)).toEqual(expected);
  });

  it.each([
    ['schedule', 'MISSING_ARGUMENT', 'schedule'],
    ['schedule smoke daily <!channel>', 'BAD_ARGUMENT', 'schedule'],
    ['schedule <@U1> daily 02:00', 'BAD_ARGUMENT', 'schedule'],
    ['schedules mine', 'TOO_MANY_ARGUMENTS', 'schedules'],
    ['unschedule', 'MISSING_ARGUMENT', 'unschedule'],
    ['unschedule a b', 'TOO_MANY_ARGUMENTS', 'unschedule'],
  ])('explains %j', (text, code, about) => {
    // Prepare / Act / Assess
    expect(parseAtsCommand(text)).toMatchObject({ verb: 'invalid', code, about });
  });

  it('suggests the schedule verbs for near misses', () => {
    // Prepare / Act / Assess
    expect(parseAtsCommand('shedule smoke daily 02:00')).toMatchObject({
      suggestedVerb: 'schedule',
    });
    expect(parseAtsCommand('unshedule x')).toMatchObject({ suggestedVerb: 'unschedule' });
  });
});
