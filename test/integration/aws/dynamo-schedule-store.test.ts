import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoScheduleStore } from '../../../functions/aws/dynamo-schedule-store';
import { createSchedulesTableInput, SCHEDULES_TABLE } from '../../../functions/aws/schedules-table';
import { newSchedule, type Schedule } from '../../../functions/core/schedules/schedule';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';

const T0 = Date.UTC(2025, 0, 6, 9);

let db: RunningDynalite;
let tableName: string;
let store: DynamoScheduleStore;
let counter = 0;

beforeAll(async () => {
  db = await startDynalite();
  tableName = `schedules-${process.pid}-${Date.now().toString(36)}`;
  await db.client.send(new CreateTableCommand(createSchedulesTableInput(tableName)));
  store = new DynamoScheduleStore(db.doc, tableName);
});

afterAll(async () => {
  await db?.close();
});

function aSchedule(channelId: string, overrides: Partial<Schedule> = {}): Schedule {
  counter += 1;
  return {
    ...newSchedule({
      triggerId: `trigger-${counter}`,
      channelId,
      templateAlias: 'smoke',
      templateId: 'tpl-smoke',
      templateName: 'Smoke suite',
      rule: { kind: 'days', days: ['mon', 'fri'], hour: 2, minute: 30 },
      timeZone: 'Europe/Amsterdam',
      ownerId: 'U0000ALICE',
      now: T0 + counter,
    }),
    ...overrides,
  };
}

function next(schedule: Schedule, changes: Partial<Schedule>): Schedule {
  return { ...schedule, ...changes, version: schedule.version + 1 };
}

describe('DynamoScheduleStore on dynalite', () => {
  it('stores a schedule once and reads it back exactly', async () => {
    // Prepare
    const schedule = aSchedule('C0STORE001');

    // Act
    const created = await store.create(schedule);
    const again = await store.create({ ...schedule, ownerId: 'U0000MALLO' });

    // Assess
    expect(created).toBe(true);
    expect(again).toBe(false);
    expect(await store.get(schedule.scheduleId)).toStrictEqual(schedule);
    expect(await store.get('smoke-ffffffff')).toBeUndefined();
  });

  it('replaces only on the expected version', async () => {
    // Prepare
    const schedule = aSchedule('C0STORE002');
    await store.create(schedule);
    const paused = next(schedule, { state: 'paused', pauseReason: 'by_person' });

    // Act
    const first = await store.replace(paused, 1);
    const stale = await store.replace(next(schedule, { state: 'removed' }), 1);

    // Assess
    expect(first).toBe(true);
    expect(stale).toBe(false);
    expect(await store.get(schedule.scheduleId)).toStrictEqual(paused);
    await expect(store.replace({ ...paused, version: 5 }, 2)).rejects.toThrow(RangeError);
  });

  it("lists a channel's schedules oldest first by querying its index, leaving removed ones out", async () => {
    // Prepare
    const channel = 'C0STORE003';
    const [a, b, c] = [aSchedule(channel), aSchedule(channel), aSchedule(channel)] as [
      Schedule,
      Schedule,
      Schedule,
    ];
    for (const s of [c, a, b]) await store.create(s);
    await store.create(aSchedule('C0ELSEWHER'));
    const removed = next(b, { state: 'removed', expiresAt: Math.floor(T0 / 1000) + 86_400 });
    await store.replace(removed, 1);

    // Act
    const listed = await store.listInChannel(channel, 10);
    const one = await store.listInChannel(channel, 1);

    // Assess
    expect(listed.map((s) => s.scheduleId)).toEqual([a.scheduleId, c.scheduleId]);
    expect(one.map((s) => s.scheduleId)).toEqual([a.scheduleId]);
    const { Items } = await db.doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: SCHEDULES_TABLE.indexes.byChannel.name,
        KeyConditionExpression: 'listedChannel = :c',
        ExpressionAttributeValues: { ':c': channel },
      }),
    );
    expect(Items).toHaveLength(2);
    const raw = await db.doc.send(
      new GetCommand({ TableName: tableName, Key: { scheduleId: b.scheduleId } }),
    );
    expect(raw.Item?.listedChannel).toBeUndefined();
    expect(raw.Item?.expiresAt).toBe(removed.expiresAt);
    expect(await store.get(b.scheduleId)).toStrictEqual(removed);
  });

  it('keeps no attribute for a field set to undefined', async () => {
    // Prepare
    const schedule = aSchedule('C0STORE004', { skipNoticeFor: 'req-1' });
    await store.create(schedule);

    // Act
    await store.replace(next(schedule, { skipNoticeFor: undefined }), 1);

    // Assess
    const raw = await db.doc.send(
      new GetCommand({ TableName: tableName, Key: { scheduleId: schedule.scheduleId } }),
    );
    expect(raw.Item && 'skipNoticeFor' in raw.Item).toBe(false);
  });
});
