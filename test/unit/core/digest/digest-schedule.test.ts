import { describe, expect, it } from 'vitest';
import { DIGEST_CLAIM_LEASE_MS } from '../../../../functions/core/digest/digest-firing';
import { digestIdOf } from '../../../../functions/core/digest/digest-requests';
import { UserFacingError } from '../../../../functions/core/errors';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import type { RequestAnswer } from '../../../../functions/core/requests/request-answer';
import { firingMinute } from '../../../../functions/core/schedules/schedule';
import { fixedDigestHistory } from '../../../support/digest-history';
import {
  ALICE,
  BOB,
  CHANNEL,
  createScheduleHarness,
  type ScheduleHarness,
} from '../schedules/schedule-harness';

const DAY = 86_400_000;

/** The fixed history, moved into the harness's channel and ending at the harness's clock. */
function seedHistory(h: ScheduleHarness): void {
  const records = fixedDigestHistory();
  const shift = h.clock.now() - Math.max(...records.map((r) => r.endedAt));
  for (const r of records) {
    h.history.records.push({ ...r, channelId: CHANNEL, endedAt: r.endedAt + shift });
  }
}

/** `/ats digest <text>` by `user`, applied by the worker; resolves the answer. */
async function digest(h: ScheduleHarness, text: string, user = ALICE): Promise<RequestAnswer> {
  const answer = await h.digestRequests.handle(text.split(' '), h.asker(user));
  await h.deliverHanded();
  return answer;
}

function refusal(answer: RequestAnswer): string {
  return answer.kind === 'refused' ? `${answer.code}: ${answer.message}` : answer.kind;
}

describe('/ats digest: a schedule that posts the channel digest', () => {
  it('is set with the forms of /ats schedule, one per channel, applied by the recurring scheduler', async () => {
    // Prepare: Monday 2025-01-06 09:00 UTC
    const h = createScheduleHarness();

    // Act
    const answer = await digest(h, 'mon 09:30 Europe/Amsterdam');

    // Assess
    expect(answer).toMatchObject({
      kind: 'digest',
      answer: { kind: 'digest_set', replaced: false, zoneSource: 'given' },
    });
    const id = digestIdOf(CHANNEL);
    expect(id).toMatch(/^digest-[0-9a-f]{8}$/);
    expect(await h.schedules.get(id)).toMatchObject({
      kind: 'digest',
      channelId: CHANNEL,
      ownerId: ALICE,
      rule: { kind: 'days', days: ['mon'], hour: 9, minute: 30 },
      timeZone: 'Europe/Amsterdam',
      state: 'active',
      appliedState: 'active',
    });
    expect(h.handed).toEqual([{ type: 'sync_schedule', scheduleId: id }]);
    const nextRuns =
      answer.kind === 'digest' && answer.answer.kind === 'digest_set' ? answer.answer.nextRuns : [];
    expect(nextRuns.map((d) => d.toISOString())).toEqual([
      '2025-01-13T08:30:00.000Z',
      '2025-01-20T08:30:00.000Z',
      '2025-01-27T08:30:00.000Z',
    ]);
  });

  it('changes the one digest when set again, and is removed by off', async () => {
    // Prepare
    const h = createScheduleHarness();
    await digest(h, 'mon 09:30 UTC');

    // Act
    const again = await digest(h, 'weekdays 08:00 UTC', BOB);
    const listed = await h.schedules.listInChannel(CHANNEL, 10);
    const off = await digest(h, 'off');
    const offAgain = await digest(h, 'OFF');

    // Assess
    expect(again).toMatchObject({ answer: { kind: 'digest_set', replaced: true } });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ ownerId: BOB, rule: { kind: 'weekdays', hour: 8 } });
    expect(off).toMatchObject({
      kind: 'schedules',
      answer: { kind: 'schedule_changed', change: 'remove', changed: true },
    });
    expect(await h.schedules.get(digestIdOf(CHANNEL))).toMatchObject({
      state: 'removed',
      appliedState: 'removed',
    });
    expect(offAgain).toEqual({ kind: 'digest', answer: { kind: 'digest_none' } });
  });

  it('answers bad input with what is accepted, and stores nothing', async () => {
    // Prepare
    const h = createScheduleHarness({ settings: { maxPerChannel: 1 } });
    await h.requests.schedule('smoke', ['daily', '02:00'], h.asker());

    // Act
    const answers = await Promise.all(
      [
        'every 6 hours',
        'mon 25:00',
        'someday 09:00',
        'mon 09:00 CET',
        'mon 09:00 UTC extra',
        'mon 09:00',
      ].map((text) => h.digestRequests.handle(text.split(' '), h.asker())),
    );

    // Assess
    const texts = answers.map(refusal);
    expect(texts[0]).toMatch(/^DIGEST_RULE: A digest sums up whole days.*`daily HH:MM`/);
    expect(texts[1]).toMatch(/^TIME_INVALID: `25:00` is not a time of day: use 24-hour `HH:MM`/);
    expect(texts[2]).toMatch(
      /^RULE_UNKNOWN: I can't read `someday` as a time: use `daily HH:MM`, `weekdays HH:MM` or days such as `mon HH:MM`.*\nUsage: `\/ats digest <when> \[time zone\]`/s,
    );
    expect(texts[2]).not.toContain('every N hours');
    expect(texts[3]).toMatch(/^ZONE_UNKNOWN: `CET` is not a time zone I know/);
    expect(texts[4]).toMatch(/^TOO_MANY_WORDS: /);
    expect(texts[5]).toMatch(
      /^SCHEDULE_QUOTA: This channel has 1 schedules.*a digest counts as one/,
    );
    expect(await h.schedules.get(digestIdOf(CHANNEL))).toBeUndefined();
  });

  it('may be set by those who may run a template in the channel, and by admins', async () => {
    // Prepare
    const catalog = parseCatalog([
      { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite', allowedUsers: [BOB] },
    ]);
    const h = createScheduleHarness({
      catalog,
      settings: { admins: { users: ['U0000ADMIN'], userGroups: [] } },
    });

    // Act
    const alice = await digest(h, 'mon 09:00 UTC', ALICE);
    const bob = await digest(h, 'mon 09:00 UTC', BOB);
    const aliceOff = await digest(h, 'off', ALICE);
    const admin = await digest(h, 'off', 'U0000ADMIN');

    // Assess
    expect(alice).toEqual({
      kind: 'access_refused',
      refusal: {
        reason: 'runners_only',
        action: 'digest',
        admins: { users: ['U0000ADMIN'], userGroups: [] },
      },
    });
    expect(bob).toMatchObject({ answer: { kind: 'digest_set' } });
    expect(aliceOff).toMatchObject({ answer: { kind: 'schedule_refused', code: 'NOT_ALLOWED' } });
    expect(admin).toMatchObject({ answer: { kind: 'schedule_changed', change: 'remove' } });
  });
});

describe('digest firings in virtual time', () => {
  it('post one digest per week over two weeks, each since the one before', async () => {
    // Prepare: Monday 2025-01-06 09:00 UTC
    const h = createScheduleHarness();
    seedHistory(h);
    await digest(h, 'mon 10:00 UTC');

    // Act
    const fired = await h.runUntil(h.clock.now() + 14 * DAY);

    // Assess
    expect(fired.map((f) => new Date(f.at).toISOString())).toEqual([
      '2025-01-06T10:00:00.000Z',
      '2025-01-13T10:00:00.000Z',
    ]);
    expect(h.digests).toHaveLength(2);
    const [first, second] = h.digests.map((d) => d.digest);
    expect(first?.period).toEqual({ from: fired[0]!.at - 7 * DAY, to: fired[0]!.at });
    expect(second?.period).toEqual({ from: fired[0]!.at, to: fired[1]!.at });
    // The history ends an hour before the first digest: it sums up a week of it, the second none.
    expect(first?.total.runs).toBe(28);
    expect(second?.total.runs).toBe(0);
    expect(await h.schedules.get(digestIdOf(CHANNEL))).toMatchObject({
      digestPostedFor: fired[1]!.at,
      lastDigestTs: '1700000000.000002',
    });
  });

  it('posts exactly once per scheduled time under duplicate, concurrent and late deliveries', async () => {
    // Prepare
    const h = createScheduleHarness();
    seedHistory(h);
    await digest(h, 'daily 10:00 UTC');
    const id = digestIdOf(CHANNEL);
    const at = firingMinute(new Date(Date.UTC(2025, 0, 6, 10, 0)));
    h.clock.advanceTo(at);

    // Act
    await Promise.all([h.fire(id, at), h.fire(id, at), h.fire(id, at + 30_000)]);
    h.clock.advance(3_600_000);
    await h.fire(id, at);

    // Assess
    expect(h.digests).toHaveLength(1);
  });

  it('gives the claim back when posting fails, so the retry posts it once', async () => {
    // Prepare
    const h = createScheduleHarness();
    await digest(h, 'daily 10:00 UTC');
    const id = digestIdOf(CHANNEL);
    const at = Date.UTC(2025, 0, 6, 10, 0);
    h.clock.advanceTo(at);
    h.digestFault = new Error('Slack answered 503');

    // Act
    const failed = h.fire(id, at);
    await expect(failed).rejects.toThrow('503');
    h.digestFault = undefined;
    h.clock.advance(60_000);
    await h.fire(id, at);
    await h.fire(id, at);

    // Assess
    expect(h.digests).toHaveLength(1);
  });

  it('takes over a firing whose delivery died holding it, once the lease is over', async () => {
    // Prepare: a delivery claimed the firing, then died.
    const h = createScheduleHarness();
    await digest(h, 'daily 10:00 UTC');
    const id = digestIdOf(CHANNEL);
    const at = Date.UTC(2025, 0, 6, 10, 0);
    h.clock.advanceTo(at);
    const stored = await h.schedules.get(id);
    if (!stored) throw new Error('no digest');
    await h.schedules.replace(
      { ...stored, digestClaim: { for: at, at }, version: stored.version + 1 },
      stored.version,
    );

    // Act
    await h.fire(id, at);
    const during = h.digests.length;
    h.clock.advance(DIGEST_CLAIM_LEASE_MS);
    await h.fire(id, at);
    await h.fire(id, at);

    // Assess
    expect(during).toBe(0);
    expect(h.digests).toHaveLength(1);
  });

  it('pauses and tells its owner when the bot left the channel or the owner may not set it', async () => {
    // Prepare
    const h = createScheduleHarness();
    await digest(h, 'daily 10:00 UTC');
    const id = digestIdOf(CHANNEL);
    const at = Date.UTC(2025, 0, 6, 10, 0);
    h.clock.advanceTo(at);
    h.digestFault = new UserFacingError('BOT_NOT_IN_CHANNEL', 'not in channel');

    // Act
    await h.fire(id, at);
    const afterLeft = await h.schedules.get(id);
    await digest(h, 'daily 10:00 UTC');
    h.digestFault = undefined;
    h.catalog.splice(
      0,
      h.catalog.length,
      ...parseCatalog([
        { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite', allowedUsers: [BOB] },
      ]),
    );
    await h.fire(id, at + DAY);

    // Assess
    expect(afterLeft).toMatchObject({
      state: 'paused',
      pauseReason: 'channel_left',
      appliedState: 'paused',
    });
    expect(await h.schedules.get(id)).toMatchObject({
      state: 'paused',
      pauseReason: 'owner_not_allowed',
    });
    expect(h.notices.map((n) => n.kind === 'paused_by_bot' && n.reason)).toEqual([
      'channel_left',
      'owner_not_allowed',
    ]);
    expect(h.digests).toHaveLength(0);
  });
});
