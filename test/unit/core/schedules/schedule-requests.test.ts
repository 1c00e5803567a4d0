import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import type { ScheduleAnswer } from '../../../../functions/core/schedules/schedule-answer';
import { CATALOG } from '../lifecycle/lifecycle-harness';
import {
  ALICE,
  BOB,
  CHANNEL,
  createScheduleHarness,
  type ScheduleHarness,
} from './schedule-harness';

function ask(h: ScheduleHarness, text: string, user = ALICE): Promise<ScheduleAnswer> {
  const [alias = '', ...when] = text.split(' ');
  return h.requests.schedule(alias, when, h.asker(user));
}

function idOf(answer: ScheduleAnswer): string {
  if (answer.kind !== 'scheduled') throw new Error(`not scheduled: ${JSON.stringify(answer)}`);
  return answer.schedule.scheduleId;
}

const RESTRICTED = parseCatalog([
  ...CATALOG,
  { alias: 'prod', templateId: 'tpl-prod', name: 'Production checks', allowedUsers: [BOB] },
]);

describe('/ats schedule', () => {
  it('records the schedule, hands it to the worker and shows the next three runs in its zone', async () => {
    // Prepare: Monday 2025-01-06 09:00 UTC
    const h = createScheduleHarness();

    // Act
    const answer = await ask(h, 'smoke weekdays 02:00 europe/amsterdam');

    // Assess
    expect(answer).toMatchObject({
      kind: 'scheduled',
      zoneSource: 'given',
      duplicate: false,
      schedule: {
        channelId: CHANNEL,
        templateAlias: 'smoke',
        templateId: 'tpl-smoke',
        ownerId: ALICE,
        timeZone: 'Europe/Amsterdam',
        state: 'active',
        rule: { kind: 'weekdays', hour: 2, minute: 0 },
      },
    });
    expect(answer.kind === 'scheduled' && answer.nextRuns.map((d) => d.toISOString())).toEqual([
      '2025-01-07T01:00:00.000Z',
      '2025-01-08T01:00:00.000Z',
      '2025-01-09T01:00:00.000Z',
    ]);
    const id = idOf(answer);
    expect(id).toMatch(/^smoke-[0-9a-f]{8}$/);
    expect(h.handed).toEqual([{ type: 'sync_schedule', scheduleId: id }]);
    expect((await h.schedules.get(id))?.appliedState).toBeUndefined();
    await h.deliverHanded();
    expect((await h.schedules.get(id))?.appliedState).toBe('active');
    expect(h.recurring.entries.get(id)?.state).toBe('active');
  });

  it.each([
    [{ [ALICE]: 'America/New_York' }, 'America/New_York', 'slack'],
    [{}, 'UTC', 'default'],
    [{ [ALICE]: 'throw' }, 'UTC', 'default'],
    [{ [ALICE]: 'Not/AZone' }, 'UTC', 'default'],
  ])('without a zone takes the Slack zone %j, else the default', async (zones, zone, source) => {
    // Prepare
    const h = createScheduleHarness({ zones });

    // Act
    const answer = await ask(h, 'smoke daily 02:00');

    // Assess
    expect(answer).toMatchObject({
      kind: 'scheduled',
      zoneSource: source,
      schedule: { timeZone: zone },
    });
  });

  it('takes the configured default zone', async () => {
    // Prepare
    const h = createScheduleHarness({ settings: { defaultTimeZone: 'Europe/Amsterdam' } });

    // Act
    const answer = await ask(h, 'smoke daily 02:00');

    // Assess
    expect(answer).toMatchObject({
      schedule: { timeZone: 'Europe/Amsterdam' },
      zoneSource: 'default',
    });
  });

  it.each([
    ['smok daily 02:00', 'UNKNOWN_TEMPLATE', /There is no template `smok`. Did you mean `smoke`\?/],
    [
      'smoke daily 25:00',
      'TIME_INVALID',
      /`25:00` is not a time of day: use 24-hour `HH:MM`.*Usage: `\/ats schedule <alias> <when> \[time zone\]`/s,
    ],
    [
      'smoke daily 02:00 Mars/Olympus',
      'ZONE_UNKNOWN',
      /`Mars\/Olympus` is not a time zone I know: use an IANA name such as `Europe\/Amsterdam`/,
    ],
    [
      'smoke every 1 hour',
      'INTERVAL_TOO_SHORT',
      /at least 2 hours apart here.*`every N hours` with N of at least 2/,
    ],
    ['smoke daily 02:00 UTC extra', 'TOO_MANY_WORDS', /only one time zone may follow it/],
    ['smoke fortnightly', 'RULE_UNKNOWN', /use `daily HH:MM`, `weekdays HH:MM`/],
    ['smoke', 'RULE_MISSING', /Say when it should run/],
  ])('refuses %j, saying what is accepted', async (text, code, message) => {
    // Prepare
    const h = createScheduleHarness({ settings: { minIntervalHours: 2 } });

    // Act
    const answer = await ask(h, text);

    // Assess
    expect(answer).toMatchObject({ kind: 'schedule_refused', code });
    expect(answer.kind === 'schedule_refused' && answer.message).toMatch(message);
    expect(h.schedules.all()).toHaveLength(0);
    expect(h.handed).toHaveLength(0);
  });

  it('refuses people who may not run the template in the channel', async () => {
    // Prepare
    const h = createScheduleHarness({ catalog: RESTRICTED });

    // Act
    const alice = await ask(h, 'prod daily 02:00', ALICE);
    const bob = await ask(h, 'prod daily 02:00', BOB);

    // Assess
    expect(alice).toMatchObject({
      kind: 'schedule_not_allowed',
      what: 'schedule',
      permitted: { users: [BOB] },
    });
    expect(bob.kind).toBe('scheduled');
  });

  it('keeps to the schedules-per-channel quota', async () => {
    // Prepare
    const h = createScheduleHarness({ settings: { maxPerChannel: 2 } });
    await ask(h, 'smoke daily 02:00');
    const second = await ask(h, 'smoke daily 03:00');
    await h.requests.change('pause', idOf(second), h.asker());

    // Act
    const third = await ask(h, 'regression daily 04:00');

    // Assess: paused schedules count too.
    expect(third).toMatchObject({ kind: 'schedule_refused', code: 'SCHEDULE_QUOTA' });
    expect(third.kind === 'schedule_refused' && third.message).toMatch(
      /has 2 schedules, the most it may have/,
    );
  });

  it('answers a command Slack sent twice with the one schedule it made', async () => {
    // Prepare
    const h = createScheduleHarness();
    const asker = h.asker();

    // Act
    const first = await h.requests.schedule('smoke', ['daily', '02:00'], asker);
    const again = await h.requests.schedule('smoke', ['daily', '02:00'], asker);

    // Assess
    expect(again).toMatchObject({ kind: 'scheduled', duplicate: true });
    expect(idOf(again)).toBe(idOf(first));
    expect(h.schedules.all()).toHaveLength(1);
  });

  it('takes a schedule back when the worker cannot be reached', async () => {
    // Prepare
    const h = createScheduleHarness();
    (h.requests as unknown as { deps: { invoker: unknown } }).deps.invoker = {
      invoke: async () => {
        throw new Error('Lambda throttled');
      },
    };

    // Act
    const answer = await ask(h, 'smoke daily 02:00');

    // Assess
    expect(answer).toMatchObject({ kind: 'schedule_refused', code: 'HANDOFF_FAILED' });
    expect(h.schedules.all()).toEqual([expect.objectContaining({ state: 'removed' })]);
    expect(await h.schedules.listInChannel(CHANNEL, 10)).toHaveLength(0);
  });
});

describe('/ats schedules', () => {
  it("lists the channel's schedules with next run and the last run's job", async () => {
    // Prepare
    const h = createScheduleHarness();
    const daily = idOf(await ask(h, 'smoke daily 10:00 UTC'));
    const paused = idOf(await ask(h, 'regression weekdays 02:00 UTC'));
    await h.deliverHanded();
    await h.requests.change('pause', paused, h.asker());
    await h.deliverHanded();
    await h.runUntil(Date.UTC(2025, 0, 6, 12));

    // Act
    const answer = await h.requests.list({ channelId: CHANNEL });

    // Assess
    expect(answer.kind).toBe('schedule_list');
    if (answer.kind !== 'schedule_list') return;
    expect(answer.entries.map((e) => e.schedule.scheduleId)).toEqual([daily, paused]);
    const [first, second] = answer.entries;
    expect(first?.nextRun?.toISOString()).toBe('2025-01-07T10:00:00.000Z');
    expect(first?.lastJob).toMatchObject({ phase: 'done', result: { verdict: 'passed' } });
    expect(second?.nextRun).toBeUndefined();
    expect(second?.schedule.state).toBe('paused');
    expect(await h.requests.list({ channelId: 'C0OTHERCHN' })).toMatchObject({ entries: [] });
  });
});

describe('pause, resume and remove', () => {
  it('are allowed to those who may run the template there, and to admins by name or group', async () => {
    // Prepare
    const h = createScheduleHarness({
      catalog: RESTRICTED,
      settings: { admins: { users: ['U0ADMIN001'], userGroups: ['S0ADMINS'] } },
      groups: { S0ADMINS: ['U0GROUPADM'] },
    });
    const id = idOf(await ask(h, 'prod daily 02:00', BOB));

    // Act
    const alice = await h.requests.change('pause', id, h.asker(ALICE));
    const admin = await h.requests.change('pause', id, h.asker('U0ADMIN001'));
    const again = await h.requests.change('pause', id, h.asker(BOB));
    const groupAdmin = await h.requests.change('resume', id, h.asker('U0GROUPADM'));
    const removed = await h.requests.change('remove', id, h.asker(BOB));
    const afterRemoval = await h.requests.change('resume', id, h.asker(BOB));

    // Assess
    expect(alice).toMatchObject({ kind: 'schedule_not_allowed', what: 'pause' });
    expect(admin).toMatchObject({
      kind: 'schedule_changed',
      changed: true,
      schedule: { state: 'paused', changedBy: 'U0ADMIN001' },
    });
    expect(again).toMatchObject({ kind: 'schedule_changed', changed: false });
    expect(groupAdmin).toMatchObject({
      kind: 'schedule_changed',
      changed: true,
      schedule: { state: 'active' },
    });
    expect(groupAdmin.kind === 'schedule_changed' && groupAdmin.nextRuns).toHaveLength(3);
    expect(removed).toMatchObject({ kind: 'schedule_changed', schedule: { state: 'removed' } });
    expect(afterRemoval).toMatchObject({ kind: 'schedule_refused', code: 'SCHEDULE_NOT_FOUND' });
    // Every sync applies the state stored last: delivered after the removal, all of them remove.
    // The repeated pause handed the schedule over again, as the worker had not applied it yet.
    await h.deliverHanded();
    expect(h.handed).toHaveLength(5);
    expect(new Set(h.recurring.applied.map((a) => a.state))).toEqual(new Set(['removed']));
    expect(h.recurring.entries.has(id)).toBe(false);
  });

  it('refuses ids it does not know, saying where the ids are', async () => {
    // Prepare
    const h = createScheduleHarness();

    // Act
    const unknown = await h.requests.change('remove', 'smoke-0000abcd', h.asker());
    const odd = await h.requests.change('remove', '<!channel>', h.asker());

    // Assess
    for (const answer of [unknown, odd]) {
      expect(answer).toMatchObject({ kind: 'schedule_refused', code: 'SCHEDULE_NOT_FOUND' });
      expect(answer.kind === 'schedule_refused' && answer.message).toMatch(
        /`\/ats schedules` lists/,
      );
    }
  });

  it('lets the owner remove a schedule whose template left the catalog, but not resume it', async () => {
    // Prepare
    const h = createScheduleHarness();
    const id = idOf(await ask(h, 'smoke daily 02:00'));
    await h.requests.change('pause', id, h.asker());
    h.catalog.splice(0, 1);

    // Act
    const resume = await h.requests.change('resume', id, h.asker());
    const other = await h.requests.change('remove', id, h.asker(BOB));
    const remove = await h.requests.change('remove', id, h.asker());

    // Assess
    expect(resume).toMatchObject({ kind: 'schedule_refused', code: 'TEMPLATE_REMOVED' });
    expect(other).toMatchObject({ kind: 'schedule_refused', code: 'NOT_ALLOWED' });
    expect(remove).toMatchObject({ kind: 'schedule_changed', schedule: { state: 'removed' } });
  });
});
