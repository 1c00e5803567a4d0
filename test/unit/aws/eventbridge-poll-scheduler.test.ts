import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ServiceQuotaExceededException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EventBridgePollScheduler,
  PollScheduleError,
  pollScheduleName,
  scheduleTime,
  unqualifiedFunctionArn,
} from '../../../functions/aws/eventbridge-poll-scheduler';
import { atExpression } from '../../../functions/aws/eventbridge-schedules';
import { parseWorkerMessage } from '../../../functions/core/worker-message';

const schedulerMock = mockClient(SchedulerClient);
const NOW = Date.UTC(2025, 2, 30, 23, 58, 10, 250);
const WORKER_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:ats-bot-worker';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/ats-bot-scheduler';
const DLQ_ARN = 'arn:aws:sqs:eu-west-1:123456789012:ats-bot-poll-dlq';

afterEach(() => {
  schedulerMock.reset();
});

function aScheduler(withOptions = true): EventBridgePollScheduler {
  return new EventBridgePollScheduler(new SchedulerClient({ region: 'eu-west-1' }), {
    groupName: 'ats-bot-polls',
    targetArn: WORKER_ARN,
    roleArn: ROLE_ARN,
    ...(withOptions
      ? {
          deadLetterArn: DLQ_ARN,
          retry: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        }
      : {}),
    now: () => NOW,
  });
}

describe('EventBridgePollScheduler.cancelPoll', () => {
  it('deletes the schedule of that poll, by its name in the group', async () => {
    // Prepare
    schedulerMock.on(DeleteScheduleCommand).resolves({});
    const requestId = '3f2b8c1e-9d4a-4b7e-8c2f-1a2b3c4d5e6f';

    // Act
    await aScheduler().cancelPoll({ requestId, seq: 7 });

    // Assess
    const calls = schedulerMock.commandCalls(DeleteScheduleCommand);
    expect(calls.map((c) => c.args[0].input)).toStrictEqual([
      { Name: pollScheduleName(requestId, 7), GroupName: 'ats-bot-polls' },
    ]);
  });

  it('treats a schedule that is gone (it fired, or was never made) as deleted', async () => {
    // Prepare
    schedulerMock
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));

    // Act
    const attempt = aScheduler().cancelPoll({ requestId: 'r1', seq: 1 });

    // Assess
    await expect(attempt).resolves.toBeUndefined();
  });

  it('propagates any other Scheduler error', async () => {
    // Prepare
    schedulerMock
      .on(DeleteScheduleCommand)
      .rejects(new ServiceQuotaExceededException({ message: 'x', Message: 'x', $metadata: {} }));

    // Act
    const attempt = aScheduler().cancelPoll({ requestId: 'r1', seq: 1 });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
  });
});

describe('EventBridgePollScheduler.schedulePoll', () => {
  it('sends the exact CreateSchedule request', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
    const requestId = '3f2b8c1e-9d4a-4b7e-8c2f-1a2b3c4d5e6f';

    // Act
    await aScheduler().schedulePoll({ requestId, seq: 7, at: new Date(NOW + 45_000) });

    // Assess
    const calls = schedulerMock.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toStrictEqual({
      Name: `poll-${requestId}-7`,
      GroupName: 'ats-bot-polls',
      ScheduleExpression: 'at(2025-03-30T23:59:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: WORKER_ARN,
        RoleArn: ROLE_ARN,
        Input: `{"type":"poll","requestId":"${requestId}","seq":7}`,
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
    });
  });

  it('leaves out the retry policy and dead-letter queue when not configured', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({});

    // Act
    await aScheduler(false).schedulePoll({ requestId: 'r1', seq: 0, at: new Date(NOW) });

    // Assess
    const target = schedulerMock.commandCalls(CreateScheduleCommand)[0]?.args[0].input.Target;
    expect(target).toStrictEqual({
      Arn: WORKER_ARN,
      RoleArn: ROLE_ARN,
      Input: '{"type":"poll","requestId":"r1","seq":0}',
    });
  });

  it('sends a target input the worker accepts', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({});

    // Act
    await aScheduler().schedulePoll({ requestId: 'weird "id" ✓', seq: 3, at: new Date(NOW) });

    // Assess
    const input = schedulerMock.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(parseWorkerMessage(JSON.parse(input?.Target?.Input ?? ''))).toStrictEqual({
      type: 'poll',
      requestId: 'weird "id" ✓',
      seq: 3,
    });
  });

  it('treats a duplicate schedule name as already scheduled', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).rejects(
      new ConflictException({
        message: 'Schedule already exists',
        Message: 'Schedule already exists',
        $metadata: {},
      }),
    );

    // Act
    const attempt = aScheduler().schedulePoll({ requestId: 'r1', seq: 1, at: new Date(NOW) });

    // Assess
    await expect(attempt).resolves.toBeUndefined();
    expect(schedulerMock.commandCalls(CreateScheduleCommand)).toHaveLength(1);
  });

  it('propagates any other Scheduler error', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).rejects(
      new ServiceQuotaExceededException({
        message: 'too many',
        Message: 'too many',
        $metadata: {},
      }),
    );

    // Act
    const attempt = aScheduler().schedulePoll({ requestId: 'r1', seq: 1, at: new Date(NOW) });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
  });

  it('refuses an invalid date without calling Scheduler', async () => {
    // Act
    const attempt = aScheduler().schedulePoll({
      requestId: 'r1',
      seq: 1,
      at: new Date(Number.NaN),
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'POLL_TIME_INVALID' });
    expect(schedulerMock.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });
});

describe('scheduleTime and atExpression', () => {
  it.each([
    ['already on a whole minute', Date.UTC(2025, 0, 1, 12, 5, 0), '2025-01-01T12:05:00'],
    ['seconds past a minute', Date.UTC(2025, 0, 1, 12, 5, 1), '2025-01-01T12:06:00'],
    ['one millisecond past a minute', Date.UTC(2025, 0, 1, 12, 5, 0, 1), '2025-01-01T12:06:00'],
    ['across midnight and year', Date.UTC(2025, 11, 31, 23, 59, 30), '2026-01-01T00:00:00'],
  ])('rounds a future time %s up to the minute', (_, at, expected) => {
    // Prepare
    const now = Date.UTC(2025, 0, 1, 11, 0, 0);

    // Act
    const expression = atExpression(scheduleTime(at, now));

    // Assess
    expect(expression).toBe(`at(${expected})`);
  });

  it.each([
    ['in the past', Date.UTC(2025, 0, 1, 11, 0, 0), Date.UTC(2025, 0, 1, 12, 0, 20), '12:01:00'],
    [
      'now, on a whole minute',
      Date.UTC(2025, 0, 1, 12, 0, 0),
      Date.UTC(2025, 0, 1, 12, 0, 0),
      '12:01:00',
    ],
    [
      '2 s before the next minute',
      Date.UTC(2025, 0, 1, 12, 0, 58),
      Date.UTC(2025, 0, 1, 12, 0, 57),
      '12:02:00',
    ],
  ])('moves a time %s to the next minute with room to spare', (_, at, now, expected) => {
    // Act
    const expression = atExpression(scheduleTime(at, now));

    // Assess
    expect(expression).toBe(`at(2025-01-01T${expected})`);
  });

  it('is always a whole minute, after now, and not before the requested time (property)', () => {
    // Prepare
    const epoch = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) });

    // Act + Assess
    fc.assert(
      fc.property(epoch, epoch, (at, now) => {
        const t = scheduleTime(at, now);
        expect(t % 60_000).toBe(0);
        expect(t).toBeGreaterThan(now);
        expect(t).toBeGreaterThanOrEqual(at);
        expect(t - Math.max(at, now)).toBeLessThan(65_000);
        expect(atExpression(t)).toMatch(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\)$/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('pollScheduleName', () => {
  it('keeps a short id made of allowed characters readable', () => {
    // Act
    const name = pollScheduleName('3f2b8c1e-9d4a-4b7e-8c2f-1a2b3c4d5e6f', 12);

    // Assess
    expect(name).toBe('poll-3f2b8c1e-9d4a-4b7e-8c2f-1a2b3c4d5e6f-12');
  });

  it('hashes an id that is too long or has other characters, within 64 allowed characters', () => {
    // Prepare
    const long = 'x'.repeat(128);

    // Act
    const names = [
      pollScheduleName(long, 349),
      pollScheduleName('slack:T01/C02 ✓', 0),
      pollScheduleName('', 0),
      pollScheduleName(long, Number.MAX_SAFE_INTEGER),
    ];

    // Assess
    for (const name of names) {
      expect(name).toMatch(/^pollh-[0-9a-zA-Z\-_.]*\.[0-9a-f]{16}-\d+$/);
      expect(name.length).toBeLessThanOrEqual(64);
    }
    expect(names[1]).toMatch(/^pollh-slack_T01_C02__\.[0-9a-f]{16}-0$/);
  });

  it('is deterministic', () => {
    // Act
    const first = pollScheduleName('a/b'.repeat(30), 5);
    const second = pollScheduleName('a/b'.repeat(30), 5);

    // Assess
    expect(first).toBe(second);
  });

  it('names different (requestId, seq) differently, including look-alike ids', () => {
    // Prepare: ids that sanitize or truncate to the same readable part
    const pairs: Array<[string, number]> = [
      ['a/b', 1],
      ['a_b', 1],
      ['a b', 1],
      ['a-1', 2],
      ['a', 12],
      ['a-12', 0],
      [`${'y'.repeat(60)}1`, 1],
      [`${'y'.repeat(60)}2`, 1],
      ['y'.repeat(60), 11],
    ];

    // Act
    const names = pairs.map(([id, seq]) => pollScheduleName(id, seq));

    // Assess
    expect(new Set(names).size).toBe(pairs.length);
  });

  it('is injective and valid on arbitrary ids and seqs (property)', () => {
    // Prepare
    const id = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 140 }),
      fc.stringMatching(/^[0-9a-zA-Z\-_.]{1,70}$/),
    );
    const seq = fc.nat({ max: 100_000 });

    // Act + Assess
    fc.assert(
      fc.property(id, seq, id, seq, (id1, seq1, id2, seq2) => {
        const a = pollScheduleName(id1, seq1);
        const b = pollScheduleName(id2, seq2);
        expect(a).toMatch(/^[0-9a-zA-Z\-_.]{1,64}$/);
        expect(a === b).toBe(id1 === id2 && seq1 === seq2);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])('refuses seq %s', (seq) => {
    // Act
    const attempt = () => pollScheduleName('r1', seq);

    // Assess
    expect(attempt).toThrow(PollScheduleError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'POLL_SEQ_INVALID' }));
  });
});

describe('unqualifiedFunctionArn', () => {
  it.each([
    [`${WORKER_ARN}:live`, WORKER_ARN],
    [`${WORKER_ARN}:42`, WORKER_ARN],
    [`${WORKER_ARN}:$LATEST`, WORKER_ARN],
    [WORKER_ARN, WORKER_ARN],
    ['ats-bot-worker', 'ats-bot-worker'],
  ])('turns %s into %s', (arn, expected) => {
    // Act
    const plain = unqualifiedFunctionArn(arn);

    // Assess
    expect(plain).toBe(expected);
  });
});
