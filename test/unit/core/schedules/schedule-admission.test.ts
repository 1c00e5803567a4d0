import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../functions/core/job';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import { channelKey, userKey } from '../../../../functions/core/requests/quotas';
import { requestIdFromTrigger } from '../../../../functions/core/requests/requests';
import { firingTrigger } from '../../../../functions/core/schedules/schedule';
import {
  ALICE,
  BOB,
  CHANNEL,
  createScheduleHarness,
  type ScheduleHarness,
  type ScheduleHarnessOptions,
} from './schedule-harness';

// A firing is an entry point like a command: the access rule is asked again for its owner in its
// channel, and the start quotas admit it as a start of its owner in its channel, in the same
// counters as the ingress's commands, one place per firing however often it is delivered.

const MIN = 60_000;
const HOUR = 60 * MIN;
const TEN = Date.UTC(2025, 0, 6, 10, 0);

/** Sets a schedule through the ingress and lets the worker apply it; resolves its id. */
async function schedule(h: ScheduleHarness, text: string, user = ALICE): Promise<string> {
  const [alias = '', ...when] = text.split(' ');
  const answer = await h.requests.schedule(alias, when, h.asker(user));
  if (answer.kind !== 'scheduled') throw new Error(`not scheduled: ${JSON.stringify(answer)}`);
  await h.deliverHanded();
  return answer.schedule.scheduleId;
}

/** `/ats run <alias>` in the schedule's channel, through the ingress; resolves the answer's kind. */
async function run(h: ScheduleHarness, user: string, alias = 'smoke'): Promise<string> {
  const answer = await h.commands.run(alias, h.asker(user));
  await h.deliverHanded();
  return answer.kind;
}

/** The request id of the job a firing at `at` records. */
function firingRequestId(scheduleId: string, at: number): string {
  return requestIdFromTrigger(firingTrigger(scheduleId, at));
}

async function scheduledJobs(h: ScheduleHarness, scheduleId: string): Promise<Job[]> {
  const cards = h.notifier.calls.filter(
    (c) => c.method === 'postCard' && c.job.scheduleId === scheduleId,
  );
  return Promise.all(cards.map((c) => h.job(c.job.requestId)));
}

function harness(options: ScheduleHarnessOptions): ScheduleHarness {
  return createScheduleHarness(options);
}

describe('a schedule firing admitted by the start quotas', () => {
  it('is skipped while the channel has as many active jobs as it may, told once, and runs once one finished', async () => {
    // Prepare: Bob's two runs of 100 minutes fill the channel (2 active jobs at most).
    const h = harness({ quotas: { activeJobsPerChannel: 2 } });
    const id = await schedule(h, 'smoke every 1 hour UTC');
    h.ats.plan({ runningMs: 100 * MIN }, { runningMs: 100 * MIN });
    h.clock.advanceTo(TEN - 15 * MIN);
    expect([await run(h, BOB), await run(h, BOB)]).toEqual(['accepted', 'accepted']);

    // Act: 10:00 and 11:00 find the channel full; Bob's jobs end about 11:25; 12:00 runs.
    const fired = await h.runUntil(TEN + 2 * HOUR + 30 * MIN);

    // Assess
    expect(fired.map((f) => f.at)).toEqual([TEN, TEN + HOUR, TEN + 2 * HOUR]);
    const jobs = await scheduledJobs(h, id);
    expect(jobs.map((j) => j.requestId)).toEqual([firingRequestId(id, TEN + 2 * HOUR)]);
    expect(h.ats.count('RunJob')).toBe(3);
    expect(h.notices).toEqual([
      {
        kind: 'firing_refused',
        schedule: expect.objectContaining({ scheduleId: id, state: 'active' }),
        scheduledFor: TEN,
        refusal: { quota: 'active_jobs_per_channel', limit: 2, channelId: CHANNEL },
      },
    ]);
    // Refused firings hold no place: the owner's place taken before the channel refused was
    // given back; the notice mark went when a run started again.
    const held = [
      ...Object.keys(h.quotaStore.holders(userKey(ALICE))),
      ...Object.keys(h.quotaStore.holders(channelKey(CHANNEL))),
    ];
    expect(held).not.toContain(firingRequestId(id, TEN));
    expect(held).not.toContain(firingRequestId(id, TEN + HOUR));
    expect(await h.schedules.get(id)).toMatchObject({ state: 'active' });
    expect((await h.schedules.get(id))?.quotaNoticeFor).toBeUndefined();
  });

  it("counts as its owner's start: refused when the owner used up their starts, the owner named once", async () => {
    // Prepare: Alice may start 3 jobs in 10 minutes and starts 3 by hand before 10:00.
    const h = harness({ quotas: { startsPerUser: 3, startWindowMinutes: 10 } });
    const id = await schedule(h, 'smoke every 1 hour UTC');
    h.clock.advanceTo(TEN - 5 * MIN);
    for (let i = 0; i < 3; i++) expect(await run(h, ALICE)).toBe('accepted');

    // Act: the 10:00 firing, delivered twice; then 11:00, when her window has emptied.
    h.clock.advanceTo(TEN);
    await h.fire(id, TEN);
    await h.fire(id, TEN);
    await h.runUntil(TEN + HOUR + 30 * MIN);

    // Assess
    expect((await scheduledJobs(h, id)).map((j) => j.requestId)).toEqual([
      firingRequestId(id, TEN + HOUR),
    ]);
    expect(h.notices).toHaveLength(1);
    expect(h.notices[0]).toMatchObject({
      kind: 'firing_refused',
      scheduledFor: TEN,
      refusal: { quota: 'starts_per_user', limit: 3, windowMinutes: 10 },
    });
    // The 11:00 firing took one of Alice's places, as a command of hers would.
    expect(Object.keys(h.quotaStore.holders(userKey(ALICE)))).toContain(
      firingRequestId(id, TEN + HOUR),
    );
  });

  it('takes one place per firing however often it is delivered: at once, late, and after a crash', async () => {
    // Prepare: Alice may start 2 jobs in 10 minutes.
    const h = harness({ quotas: { startsPerUser: 2, startWindowMinutes: 10 } });
    const id = await schedule(h, 'smoke daily 10:00 UTC');
    h.clock.advanceTo(TEN);
    h.scheduler.failNext(1);

    // Act: the first delivery dies after taking its places; three more come, one late.
    await expect(h.fire(id, TEN)).rejects.toThrow(/throttled/);
    await Promise.all([h.fire(id, TEN), h.fire(id, TEN)]);
    h.clock.advanceTo(TEN + 3 * MIN);
    await h.fire(id, TEN);
    await h.drain({ until: TEN + 4 * MIN });
    const first = await run(h, ALICE);
    const second = await run(h, ALICE);

    // Assess: one job and one place in each counter for the firing; one place left for Alice.
    const firing = firingRequestId(id, TEN);
    expect((await scheduledJobs(h, id)).map((j) => j.requestId)).toEqual([firing]);
    expect(h.ats.count('RunJob')).toBe(2);
    expect([first, second]).toEqual(['accepted', 'quota_exceeded']);
    const aliceHolders = Object.keys(h.quotaStore.holders(userKey(ALICE)));
    expect(aliceHolders.filter((holder) => holder === firing)).toHaveLength(1);
    expect(aliceHolders).toHaveLength(2);
    expect(Object.keys(h.quotaStore.holders(channelKey(CHANNEL)))).toContain(firing);
    expect(h.notices).toEqual([]);
  });
});

describe('a schedule firing checked by the access rule', () => {
  it("pauses the schedule and tells its owner once when the owner left the template's user group, taking no place", async () => {
    // Prepare: only members of S0QA may run smoke; Alice is one when she sets the schedule.
    const groups = { S0QA: [ALICE] };
    const catalog = parseCatalog([
      { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite', allowedUserGroups: ['S0QA'] },
    ]);
    const h = harness({ catalog, groups });
    const id = await schedule(h, 'smoke daily 10:00 UTC');
    groups.S0QA = [BOB];

    // Act: the firing, delivered twice, and the next day's.
    h.clock.advanceTo(TEN);
    await h.fire(id, TEN);
    await h.fire(id, TEN);
    await h.runUntil(TEN + 26 * HOUR);

    // Assess
    expect(h.ats.count('RunJob')).toBe(0);
    expect(await h.schedules.get(id)).toMatchObject({
      state: 'paused',
      pauseReason: 'owner_not_allowed',
    });
    expect(h.notices).toEqual([
      expect.objectContaining({ kind: 'paused_by_bot', reason: 'owner_not_allowed' }),
    ]);
    expect(h.quotaStore.calls.filter((c) => c.op === 'take')).toEqual([]);
  });

  it('runs again for an owner who regained the right, once the schedule is resumed', async () => {
    // Prepare: a redeploy names Bob alone for smoke, and the 10:00 firing pauses Alice's schedule.
    const smokeFor = (user: string) =>
      parseCatalog([
        { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite', allowedUsers: [user] },
      ]);
    const h = harness({ catalog: smokeFor(ALICE) });
    const id = await schedule(h, 'smoke daily 10:00 UTC');
    h.catalog.splice(0, h.catalog.length, ...smokeFor(BOB));
    h.clock.advanceTo(TEN);
    await h.fire(id, TEN);

    // Act: the catalog names Alice again; she resumes it.
    h.catalog.splice(0, h.catalog.length, ...smokeFor(ALICE));
    await h.requests.change('resume', id, h.asker(ALICE));
    await h.deliverHanded();
    await h.runUntil(TEN + 25 * HOUR);

    // Assess
    expect(h.notices).toEqual([
      expect.objectContaining({ kind: 'paused_by_bot', reason: 'owner_not_allowed' }),
    ]);
    expect(h.ats.count('RunJob')).toBe(1);
    expect(await scheduledJobs(h, id)).toHaveLength(1);
    expect(await h.schedules.get(id)).toMatchObject({ state: 'active' });
  });
});
