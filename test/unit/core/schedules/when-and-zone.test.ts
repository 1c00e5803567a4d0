import { describe, expect, it } from 'vitest';
import type { UserTimeZones } from '../../../../functions/core/schedules/ports';
import { RULE_FORMS } from '../../../../functions/core/schedules/schedule-rule';
import { scheduleZone } from '../../../../functions/core/schedules/schedule-zone';
import { parseWhenAndZone } from '../../../../functions/core/schedules/when-and-zone';

const USAGE = '\nUsage: `/ats thing <when> [time zone]`.';
const words = (text: string) => text.split(' ').filter(Boolean);

describe('parseWhenAndZone', () => {
  it.each([
    ['daily 02:00', { kind: 'daily', hour: 2, minute: 0 }, undefined],
    [
      'mon,thu 09:30 europe/amsterdam',
      { kind: 'days', days: ['mon', 'thu'], hour: 9, minute: 30 },
      'Europe/Amsterdam',
    ],
    ['every 6 hours UTC', { kind: 'every_hours', hours: 6 }, 'UTC'],
  ])('reads %j as the rule and the canonical zone', (text, rule, timeZone) => {
    // Act
    const parsed = parseWhenAndZone(words(text), { usage: USAGE });

    // Assess
    expect(parsed).toEqual({ ok: true, rule, timeZone });
  });

  it.each([
    [
      'daily 02:00 UTC extra',
      'TOO_MANY_WORDS',
      'I read `UTC extra` after the time, but only one time zone may follow it.\nUsage: `/ats thing <when> [time zone]`.',
    ],
    [
      'daily 02:00 CET',
      'ZONE_UNKNOWN',
      '`CET` is not a time zone I know: use an IANA name such as `Europe/Amsterdam`, `America/New_York` or `UTC`.',
    ],
    [
      'daily 25:00',
      'TIME_INVALID',
      '`25:00` is not a time of day: use 24-hour `HH:MM` from 00:00 to 23:59, e.g. `02:00`.\nUsage: `/ats thing <when> [time zone]`.',
    ],
  ])('refuses %j with the code and the usage where the rule is at fault', (text, code, message) => {
    // Act
    const parsed = parseWhenAndZone(words(text), { usage: USAGE });

    // Assess
    expect(parsed).toEqual({ ok: false, code, message });
  });

  it("says the command's own forms in the rule's refusals", () => {
    // Act
    const parsed = parseWhenAndZone(['someday', '09:00'], { usage: USAGE, forms: '`daily HH:MM`' });

    // Assess
    expect(parsed).toEqual({
      ok: false,
      code: 'RULE_UNKNOWN',
      message: `I can't read \`someday\` as a time: use \`daily HH:MM\`.${USAGE}`,
    });
    expect(parsed.ok || parsed.message).not.toContain(RULE_FORMS);
  });
});

describe('scheduleZone', () => {
  const slack = (zones: Record<string, string>) => ({
    timeZoneOf: async (userId: string) => zones[userId],
  });
  const sources = (timeZones: UserTimeZones | undefined) => ({
    timeZones,
    settings: { defaultTimeZone: 'UTC' },
  });

  it('takes the zone given in the command over Slack and the default', async () => {
    expect(await scheduleZone('Asia/Tokyo', 'U1', sources(slack({ U1: 'Europe/Paris' })))).toEqual({
      timeZone: 'Asia/Tokyo',
      zoneSource: 'given',
    });
  });

  it("takes the person's Slack zone without one, and the default when Slack has none or fails", async () => {
    const failing = {
      timeZoneOf: async (): Promise<string | undefined> => {
        throw new Error('users.info failed');
      },
    };

    expect(await scheduleZone(undefined, 'U1', sources(slack({ U1: 'Europe/Paris' })))).toEqual({
      timeZone: 'Europe/Paris',
      zoneSource: 'slack',
    });
    expect(await scheduleZone(undefined, 'U1', sources(slack({})))).toEqual({
      timeZone: 'UTC',
      zoneSource: 'default',
    });
    expect(await scheduleZone(undefined, 'U1', sources(failing))).toEqual({
      timeZone: 'UTC',
      zoneSource: 'default',
    });
    expect(await scheduleZone(undefined, 'U1', sources(undefined))).toEqual({
      timeZone: 'UTC',
      zoneSource: 'default',
    });
  });
});
