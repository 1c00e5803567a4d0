import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CronerCalendar } from '../../../functions/calendar/croner-calendar';
import { digestIdOf, newDigestSchedule } from '../../../functions/core/digest/digest-requests';
import type { Schedule } from '../../../functions/core/schedules/schedule';
import { ScheduleRoutes } from '../../../functions/local/schedule-routes';
import {
  type FiringMessage,
  TimerRecurringScheduler,
} from '../../../functions/local/timer-recurring-scheduler';

const NOW = Date.UTC(2025, 0, 6, 9, 17, 42);

function aDigest(overrides: Partial<Schedule> = {}): Schedule {
  return {
    ...newDigestSchedule({
      triggerId: 'trigger-1',
      channelId: 'C0LOCAL',
      rule: { kind: 'days', days: ['mon'], hour: 23, minute: 0 },
      timeZone: 'UTC',
      ownerId: 'U0ALICE',
      now: NOW,
    }),
    ...overrides,
  };
}

const DIGEST_ID = digestIdOf('C0LOCAL');

describe('local mode schedule routes', () => {
  let fired: FiringMessage[];
  let timers: TimerRecurringScheduler;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    fired = [];
    timers = new TimerRecurringScheduler(new CronerCalendar(), (f) => void fired.push(f), {
      clock: { now: () => NOW },
    });
    const routes = new ScheduleRoutes(timers, () => new URL(base));
    server = createServer((req, res) => {
      void routes.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    timers.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('lists a digest with its kind, and fires it now for the current minute', async () => {
    // Prepare
    await timers.apply(aDigest());

    // Act
    const list = (await (await fetch(`${base}/schedules`)).json()) as {
      schedules: Array<{ kind: string; nextRun?: string }>;
    };
    const post = await fetch(`${base}/schedules/${DIGEST_ID}/fire`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

    // Assess
    expect(list.schedules).toEqual([
      expect.objectContaining({ kind: 'digest', nextRun: '2025-01-06T23:00:00.000Z' }),
    ]);
    expect(post.status).toBe(202);
    expect(fired).toEqual([
      {
        type: 'fire_schedule',
        scheduleId: DIGEST_ID,
        scheduledTime: '2025-01-06T09:17:00Z',
      },
    ]);
  });

  it('refuses a firing another page could send, and one of a schedule it does not hold', async () => {
    // Prepare
    await timers.apply(aDigest());
    await timers.apply(aDigest({ scheduleId: 'digest-99999999', state: 'paused' }));
    const fire = (id: string, headers: Record<string, string>) =>
      fetch(`${base}/schedules/${id}/fire`, { method: 'POST', headers, body: '{}' }).then(
        (r) => r.status,
      );

    // Act
    const statuses = [
      await fire(DIGEST_ID, { 'content-type': 'text/plain' }),
      await fire(DIGEST_ID, {
        'content-type': 'application/json',
        origin: 'http://evil.example',
      }),
      await fire('digest-99999999', { 'content-type': 'application/json' }),
      await fire('digest-12345678', { 'content-type': 'application/json' }),
    ];

    // Assess
    expect(statuses).toEqual([415, 403, 404, 404]);
    expect(fired).toEqual([]);
  });
});
