import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeRule } from '../core/schedules/schedule-rule';
import { refuseForeignRequest } from './playground/same-origin';
import type { TimerRecurringScheduler } from './timer-recurring-scheduler';

/** One schedule as `GET /schedules` shows it. */
export interface ScheduleView {
  scheduleId: string;
  /** `digest` for a channel's digest, `run` otherwise. */
  kind: 'run' | 'digest';
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
 * the playground's sidebar and for tests; `POST /schedules/<id>/fire` fires one now (the
 * playground's "Post now" of a digest), through the same worker message as its timer, so access,
 * quotas and once-per-minute hold. Local mode only: on AWS, Scheduler's console shows them.
 */
export class ScheduleRoutes {
  /** @param listening - this server's own address, for the same-origin checks of the POST. */
  constructor(
    private readonly timers: TimerRecurringScheduler,
    private readonly listening: () => URL | undefined = () => undefined,
  ) {}

  /** Serves `GET /schedules` and `POST /schedules/<id>/fire`; false for any other request. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const fire = /^\/schedules\/([a-z0-9._-]{1,60})\/fire$/.exec(pathname);
    if (request.method === 'POST' && fire?.[1]) return this.fireNow(fire[1], request, response);
    if (request.method !== 'GET' || pathname !== '/schedules') return false;
    const schedules: ScheduleView[] = this.timers.list().map(({ schedule, nextRun }) => ({
      scheduleId: schedule.scheduleId,
      kind: schedule.kind ?? 'run',
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

  private fireNow(scheduleId: string, request: IncomingMessage, response: ServerResponse): boolean {
    const listening = this.listening();
    const refusal = listening ? refuseForeignRequest(request, listening) : 'foreign_host';
    if (refusal) {
      response.writeHead(refusal === 'not_json' ? 415 : 403).end();
      return true;
    }
    const fired = this.timers.fireNow(scheduleId);
    response.writeHead(fired ? 202 : 404, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ fired }));
    return true;
  }
}
