import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EventBridgeRecurringScheduler,
  extraRunName,
} from '../../../functions/aws/eventbridge-recurring-scheduler';
import { newSchedule, type Schedule } from '../../../functions/core/schedules/schedule';
import { parseWorkerMessage } from '../../../functions/core/worker-message';

const schedulerMock = mockClient(SchedulerClient);
const WORKER_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:ats-bot-worker';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/ats-bot-recurring';
const DLQ_ARN = 'arn:aws:sqs:eu-west-1:123456789012:ats-bot-firing-dlq';
const GROUP = 'AtsBot-prod-recurring';

afterEach(() => {
  schedulerMock.reset();
});

function aScheduler(): EventBridgeRecurringScheduler {
  return new EventBridgeRecurringScheduler(new SchedulerClient({ region: 'eu-west-1' }), {
    groupName: GROUP,
    targetArn: WORKER_ARN,
    roleArn: ROLE_ARN,
    deadLetterArn: DLQ_ARN,
  });
}

function aSchedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    ...newSchedule({
      triggerId: 'trigger-1',
      channelId: 'C0123ABCD',
      templateAlias: 'smoke',
      templateId: 'tpl-smoke',
      templateName: 'Smoke suite',
      rule: { kind: 'weekdays', hour: 2, minute: 0 },
      timeZone: 'Europe/Amsterdam',
      ownerId: 'U0000ALICE',
      now: Date.UTC(2025, 0, 6, 9),
    }),
    ...overrides,
  };
}

const TARGET = {
  Arn: WORKER_ARN,
  RoleArn: ROLE_ARN,
  RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
  DeadLetterConfig: { Arn: DLQ_ARN },
};

describe('EventBridgeRecurringScheduler.apply', () => {
  it('creates one recurring cron schedule in the zone, in the group, firing the worker with the scheduled time', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
    const schedule = aSchedule();

    // Act
    await aScheduler().apply(schedule);

    // Assess
    const calls = schedulerMock.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toStrictEqual({
      Name: schedule.scheduleId,
      GroupName: GROUP,
      ScheduleExpression: 'cron(0 2 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Description: 'ATS bot: smoke in C0123ABCD, set by U0000ALICE',
      Target: {
        ...TARGET,
        Input: `{"type":"fire_schedule","scheduleId":"${schedule.scheduleId}","scheduledTime":"<aws.scheduler.scheduled-time>"}`,
      },
    });
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it("creates a channel's digest as any schedule: its days in its zone, firing the worker with its id", async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
    const digest = aSchedule({
      scheduleId: 'digest-0a1b2c3d',
      kind: 'digest',
      templateAlias: 'digest',
      templateId: 'digest',
      templateName: 'Channel digest',
      rule: { kind: 'days', days: ['mon', 'fri'], hour: 9, minute: 30 },
      timeZone: 'America/New_York',
    });

    // Act
    await aScheduler().apply(digest);

    // Assess
    const input = schedulerMock.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(input).toStrictEqual({
      Name: 'digest-0a1b2c3d',
      GroupName: GROUP,
      ScheduleExpression: 'cron(30 9 ? * MON,FRI *)',
      ScheduleExpressionTimezone: 'America/New_York',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Description: 'ATS bot: digest in C0123ABCD, set by U0000ALICE',
      Target: {
        ...TARGET,
        Input:
          '{"type":"fire_schedule","scheduleId":"digest-0a1b2c3d","scheduledTime":"<aws.scheduler.scheduled-time>"}',
      },
    });
    const delivered = JSON.parse(
      String(input?.Target?.Input).replace(
        '<aws.scheduler.scheduled-time>',
        '2025-01-10T14:30:00Z',
      ),
    );
    expect(parseWorkerMessage(delivered)).toMatchObject({ scheduleId: 'digest-0a1b2c3d' });
  });

  it('sends an input the worker accepts once Scheduler filled in the scheduled time', async () => {
    // Prepare
    const schedule = aSchedule();

    // Act
    const input = aScheduler().recurringInput(schedule).Target?.Input ?? '';
    const delivered = JSON.parse(
      input.replace('<aws.scheduler.scheduled-time>', '2025-01-07T01:00:00Z'),
    );

    // Assess
    expect(parseWorkerMessage(delivered)).toStrictEqual({
      type: 'fire_schedule',
      scheduleId: schedule.scheduleId,
      scheduledTime: '2025-01-07T01:00:00Z',
    });
  });

  it('updates the schedule it finds (a repeated sync, a pause, a resume) with the same full input', async () => {
    // Prepare
    schedulerMock
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    schedulerMock.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
    const paused = aSchedule({ state: 'paused' });

    // Act
    await aScheduler().apply(paused);

    // Assess
    const update = schedulerMock.commandCalls(UpdateScheduleCommand);
    expect(update).toHaveLength(1);
    expect(update[0]?.args[0].input).toStrictEqual(
      schedulerMock.commandCalls(CreateScheduleCommand)[0]?.args[0].input,
    );
    expect(update[0]?.args[0].input).toMatchObject({ State: 'DISABLED', Name: paused.scheduleId });
  });

  it('deletes a removed schedule, and takes one already gone as done', async () => {
    // Prepare
    schedulerMock
      .on(DeleteScheduleCommand)
      .resolvesOnce({})
      .rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    const removed = aSchedule({ state: 'removed' });

    // Act
    await aScheduler().apply(removed);
    await aScheduler().apply(removed);

    // Assess
    const calls = schedulerMock.commandCalls(DeleteScheduleCommand);
    expect(calls.map((c) => c.args[0].input)).toStrictEqual([
      { Name: removed.scheduleId, GroupName: GROUP },
      { Name: removed.scheduleId, GroupName: GROUP },
    ]);
    expect(schedulerMock.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });

  it('lets other Scheduler failures through, so the sync is retried', async () => {
    // Prepare
    schedulerMock
      .on(CreateScheduleCommand)
      .rejects(
        new ThrottlingException({ message: 'slow down', Message: 'slow down', $metadata: {} }),
      );

    // Act / Assess
    await expect(aScheduler().apply(aSchedule())).rejects.toThrow('slow down');
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it.each([
    [{ kind: 'daily', hour: 7, minute: 5 } as const, 'cron(5 7 * * ? *)'],
    [
      { kind: 'days', days: ['mon', 'wed', 'fri'], hour: 18, minute: 30 } as const,
      'cron(30 18 ? * MON,WED,FRI *)',
    ],
    [{ kind: 'every_hours', hours: 4 } as const, 'cron(0 0/4 * * ? *)'],
  ])('writes %j as %s', async (rule, expression) => {
    // Prepare / Act
    const input = aScheduler().recurringInput(aSchedule({ rule: { ...rule } as Schedule['rule'] }));

    // Assess
    expect(input.ScheduleExpression).toBe(expression);
  });
});

describe('EventBridgeRecurringScheduler.bookExtraRun', () => {
  it('creates a one-off at() schedule in UTC that fires once with its own scheduled time, then deletes itself', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({});
    const at = new Date(Date.UTC(2025, 2, 30, 1, 0));

    // Act
    await aScheduler().bookExtraRun('smoke-0123abcd', at);

    // Assess
    expect(schedulerMock.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toStrictEqual({
      Name: 'smoke-0123abcd.202503300100',
      GroupName: GROUP,
      ScheduleExpression: 'at(2025-03-30T01:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        ...TARGET,
        Input:
          '{"type":"fire_schedule","scheduleId":"smoke-0123abcd","scheduledTime":"2025-03-30T01:00:00Z"}',
      },
    });
  });

  it('takes a booking that exists as done', async () => {
    // Prepare
    schedulerMock
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));

    // Act / Assess
    await expect(aScheduler().bookExtraRun('smoke-0123abcd', new Date(0))).resolves.toBeUndefined();
  });

  it('names bookings within Scheduler limits', () => {
    // Prepare
    const longest = `${'a'.repeat(40)}-0123abcd`;

    // Act
    const name = extraRunName(longest, new Date(Date.UTC(2025, 11, 31, 23, 59)));

    // Assess
    expect(name).toMatch(/^[0-9a-zA-Z\-_.]{1,64}$/);
    expect(name.endsWith('.202512312359')).toBe(true);
  });
});
