import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRunHistory } from '../../../functions/aws/dynamo-run-history';
import { DynamoScheduleStore } from '../../../functions/aws/dynamo-schedule-store';
import { createHistoryTableInput } from '../../../functions/aws/history-table';
import { createSchedulesTableInput } from '../../../functions/aws/schedules-table';
import type { ChannelDigest } from '../../../functions/core/digest/channel-digest';
import { DigestFiring } from '../../../functions/core/digest/digest-firing';
import { newDigestSchedule } from '../../../functions/core/digest/digest-requests';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import type { Schedule } from '../../../functions/core/schedules/schedule';
import { DIGEST_AT, DIGEST_CHANNEL, fixedDigestHistory } from '../../support/digest-history';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';

const WEEK = 7 * 86_400_000;

let db: RunningDynalite;
let schedules: DynamoScheduleStore;
let history: DynamoRunHistory;

beforeAll(async () => {
  db = await startDynalite();
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  await db.client.send(new CreateTableCommand(createSchedulesTableInput(`schedules-${suffix}`)));
  await db.client.send(new CreateTableCommand(createHistoryTableInput(`history-${suffix}`)));
  schedules = new DynamoScheduleStore(db.doc, `schedules-${suffix}`);
  history = new DynamoRunHistory(db.doc, `history-${suffix}`);
  for (const record of fixedDigestHistory()) await history.record(record);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

describe('digest firings on DynamoDB (dynalite)', () => {
  it('claim, post and record each firing once, each digest since the one before', async () => {
    // Prepare
    const digest = newDigestSchedule({
      triggerId: 'trigger-digest',
      channelId: DIGEST_CHANNEL,
      rule: { kind: 'days', days: ['mon'], hour: 9, minute: 0 },
      timeZone: 'Europe/Amsterdam',
      ownerId: 'U0000ALICE',
      now: DIGEST_AT - WEEK,
    });
    await schedules.create(digest);
    const posted: ChannelDigest[] = [];
    let now = DIGEST_AT;
    const firing = new DigestFiring({
      schedules,
      history,
      poster: { post: async (_s, d) => ({ ts: `${posted.push(d)}.000100` }) },
      clock: { now: () => now },
      catalog: parseCatalog([{ alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite' }]),
      admins: { users: [], userGroups: [] },
      log: { info: () => undefined, warn: () => undefined },
    });
    const fire = async (at: number) =>
      firing.fire((await schedules.get(digest.scheduleId)) as Schedule, at);

    // Act: the first firing delivered three times at once and once late; then next week's
    const first = await Promise.all([fire(DIGEST_AT), fire(DIGEST_AT), fire(DIGEST_AT)]);
    const late = await fire(DIGEST_AT);
    now = DIGEST_AT + WEEK;
    const second = await fire(DIGEST_AT + WEEK);

    // Assess
    expect(first.filter((o) => o === 'posted')).toHaveLength(1);
    expect(late).toBe('ignored');
    expect(second).toBe('posted');
    expect(posted.map((d) => [d.period.from, d.period.to, d.total.runs])).toEqual([
      [DIGEST_AT - WEEK, DIGEST_AT, 28],
      [DIGEST_AT, DIGEST_AT + WEEK, 0],
    ]);
    const stored = await schedules.get(digest.scheduleId);
    expect(stored).toMatchObject({ digestPostedFor: DIGEST_AT + WEEK, lastDigestTs: '2.000100' });
    expect(stored?.digestClaim).toBeUndefined();
  });
});
