import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CronerCalendar } from '../../../functions/calendar/croner-calendar';
import { newSchedule, type Schedule } from '../../../functions/core/schedules/schedule';
import {
  type FiringMessage,
  TimerRecurringScheduler,
} from '../../../functions/local/timer-recurring-scheduler';

const START = Date.UTC(2025, 2, 28, 12, 0); // Friday before Amsterdam's spring-forward Sunday
const HOUR = 3_600_000;

function aSchedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    ...newSchedule({
      triggerId: 'trigger-1',
      channelId: 'C0LOCAL',
      templateAlias: 'smoke',
      templateId: 'tpl-smoke',
      templateName: 'Smoke',
      rule: { kind: 'daily', hour: 2, minute: 30 },
      timeZone: 'Europe/Amsterdam',
      ownerId: 'U0ALICE',
      now: START,
    }),
    ...overrides,
  };
}

describe('TimerRecurringScheduler', () => {
  let fired: FiringMessage[];
  let timers: TimerRecurringScheduler;

  beforeEach(() => {
    vi.useFakeTimers({ now: START });
    fired = [];
    timers = new TimerRecurringScheduler(new CronerCalendar(), (firing) => void fired.push(firing));
  });

  afterEach(() => {
    timers.close();
    vi.useRealTimers();
  });

  it('fires an active schedule at each run of its rule in its zone, once per run, across the spring-forward night', async () => {
    // Prepare
    const schedule = aSchedule();

    // Act: applying twice must not set two timers.
    await timers.apply(schedule);
    await timers.apply(schedule);
    await vi.advanceTimersByTimeAsync(4 * 24 * HOUR);

    // Assess: Sat 02:30 CET, Sun 03:00 CEST (02:30 does not exist), Mon and Tue 02:30 CEST.
    expect(fired.map((f) => f.scheduledTime)).toEqual([
      '2025-03-29T01:30:00Z',
      '2025-03-30T01:00:00Z',
      '2025-03-31T00:30:00Z',
      '2025-04-01T00:30:00Z',
    ]);
    expect(
      fired.every((f) => f.type === 'fire_schedule' && f.scheduleId === schedule.scheduleId),
    ).toBe(true);
    expect(timers.list()[0]?.nextRun?.toISOString()).toBe('2025-04-02T00:30:00.000Z');
  });

  it('keeps a paused schedule without a timer, and forgets a removed one', async () => {
    // Prepare
    const schedule = aSchedule();
    await timers.apply(schedule);

    // Act
    await timers.apply({ ...schedule, state: 'paused' });
    await vi.advanceTimersByTimeAsync(2 * 24 * HOUR);
    const whilePaused = timers.list();
    await timers.apply({ ...schedule, state: 'removed' });
    await vi.advanceTimersByTimeAsync(2 * 24 * HOUR);

    // Assess
    expect(fired).toEqual([]);
    expect(whilePaused).toEqual([{ schedule: expect.objectContaining({ state: 'paused' }) }]);
    expect(timers.list()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says it fires runs the calendar moved out of a daylight-saving gap itself', () => {
    // Prepare / Act / Assess
    expect(timers.skipsNonexistentTimes).toBe(false);
  });

  it('refuses schedules once closed', async () => {
    // Prepare
    timers.close();

    // Act / Assess
    await expect(timers.apply(aSchedule())).rejects.toMatchObject({ code: 'SCHEDULER_CLOSED' });
  });
});
