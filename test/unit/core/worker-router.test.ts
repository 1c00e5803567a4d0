import { describe, expect, it } from 'vitest';
import type { ScheduleMessage, WorkerMessage } from '../../../functions/core/ports';
import { handleWorkerEvent, routeWorkerMessages } from '../../../functions/core/worker';

describe('routeWorkerMessages', () => {
  it('hands job messages to the lifecycle and schedule messages to the schedules', async () => {
    // Prepare
    const jobs: WorkerMessage[] = [];
    const schedules: ScheduleMessage[] = [];
    const warnings: string[] = [];
    const router = routeWorkerMessages(
      { handle: async (m) => void jobs.push(m) },
      { handle: async (m) => void schedules.push(m) },
      { warn: (message) => warnings.push(message) },
    );
    const firing = {
      type: 'fire_schedule',
      scheduleId: 'smoke-0123abcd',
      scheduledTime: '2025-01-07T01:00:00Z',
    };

    // Act
    await handleWorkerEvent(router, { type: 'start', requestId: 'req-1' }, { warn: () => {} });
    await handleWorkerEvent(router, JSON.stringify(firing), { warn: () => {} });
    await handleWorkerEvent(
      router,
      { type: 'sync_schedule', scheduleId: 'smoke-0123abcd' },
      { warn: () => {} },
    );
    const dropped = await handleWorkerEvent(
      router,
      { ...firing, scheduledTime: 'tomorrow' },
      { warn: () => {} },
    );

    // Assess
    expect(jobs).toEqual([{ type: 'start', requestId: 'req-1' }]);
    expect(schedules).toEqual([firing, { type: 'sync_schedule', scheduleId: 'smoke-0123abcd' }]);
    expect(dropped).toBe('dropped');
    expect(warnings).toEqual([]);
  });

  it('drops schedule messages, with a warning, where schedules are not deployed', async () => {
    // Prepare
    const warnings: string[] = [];
    const router = routeWorkerMessages({ handle: async () => {} }, undefined, {
      warn: (message) => warnings.push(message),
    });

    // Act
    await router.handle({ type: 'sync_schedule', scheduleId: 'smoke-0123abcd' });

    // Assess
    expect(warnings).toEqual(['Schedule message dropped: schedules are not set up']);
  });
});
