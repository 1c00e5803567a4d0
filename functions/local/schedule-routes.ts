import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeRule } from '../core/schedules/schedule-rule';
import type { TimerRecurringScheduler } from './timer-recurring-scheduler';

/** One schedule as `GET /schedules` shows it. */
export interface ScheduleView {
  scheduleId: string;
  channelId: string;
  templateAlias: string;
  /** `weekdays 02:00`, as typed. */
  rule: string;
  timeZone: string;
  state: 'active' | 'paused';
  ownerId: string;
  /** ISO 8601 (UTC) of the next firing; absent while paused. */
  nextRun?: string;
}

/**
 * `GET /schedules` of local mode: the schedules its timers hold, with each one's next firing, for
 * the playground's sidebar and for tests. Local mode only: on AWS, Scheduler's console shows them.
 */
export class ScheduleRoutes {
  constructor(private readonly timers: TimerRecurringScheduler) {}

  /** Serves `GET /schedules`; resolves false for any other request. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' || pathname !== '/schedules') return false;
    const schedules: ScheduleView[] = this.timers.list().map(({ schedule, nextRun }) => ({
      scheduleId: schedule.scheduleId,
      channelId: schedule.channelId,
      templateAlias: schedule.templateAlias,
      rule: describeRule(schedule.rule),
      timeZone: schedule.timeZone,
      state: schedule.state === 'active' ? 'active' : 'paused',
      ownerId: schedule.ownerId,
      ...(nextRun ? { nextRun: nextRun.toISOString() } : {}),
    }));
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
    });
    response.end(JSON.stringify({ schedules }));
    return true;
  }
}
