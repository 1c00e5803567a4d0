import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../../functions/core/errors';
import type { Job } from '../../../../functions/core/job';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import {
  ALICE,
  BOB,
  CHANNEL,
  createScheduleHarness,
  type ScheduleHarness,
} from './schedule-harness';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Sets a schedule through the ingress and lets the worker apply it; resolves its id. */
async function schedule(h: ScheduleHarness, text: string, user = ALICE): Promise<string> {
  const [alias = '', ...when] = text.split(' ');
  const answer = await h.requests.schedule(alias, when, h.asker(user));
  if (answer.kind !== 'scheduled') throw new Error(`not scheduled: ${JSON.stringify(answer)}`);
  await h.deliverHanded();
  return answer.schedule.scheduleId;
}

async function scheduledJobs(h: ScheduleHarness, scheduleId: string): Promise<Job[]> {
  const cards = h.notifier.calls.filter(
    (c) => c.method === 'postCard' && c.job.scheduleId === scheduleId,
  );
  return Promise.all(cards.map((c) => h.job(c.job.requestId)));
}

describe('scheduled runs in virtual time', () => {
  it('start exactly ten jobs from a weekday schedule over two weeks, each as /ats run would', async () => {
    // Prepare: Monday 2025-01-06 09:00 UTC
    const h = createScheduleHarness();
    const id = await schedule(h, 'smoke weekdays 02:00 Europe/Amsterdam');

    // Act
    const fired = await h.runUntil(h.clock.now() + 14 * DAY);

    // Assess
    expect(fired).toHaveLength(10);
    const jobs = await scheduledJobs(h, id);
    expect(jobs).toHaveLength(10);
    expect(h.ats.count('RunJob')).toBe(10);
    expect(new Set(jobs.map((j) => j.requestId)).size).toBe(10);
    for (const job of jobs) {
      expect(job).toMatchObject({
        kind: 'run',
        phase: 'done',
        templateId: 'tpl-smoke',
        channelId: CHANNEL,
        scheduleId: id,
        requester: { userId: ALICE },
      });
    }
    expect(h.notifier.calls.filter((c) => c.method === 'postOutcome')).toHaveLength(10);
    const stored = await h.schedules.get(id);
    expect(stored?.lastRequestId).toBe(jobs.at(-1)?.requestId);
  });

  it('start one job for a firing delivered twice at once, again late, and again after a crash', async () => {
    // Prepare
    const h = createScheduleHarness();
    const id = await schedule(h, 'smoke daily 10:00 UTC');
    const at = Date.UTC(2025, 0, 6, 10, 0);
    h.clock.advanceTo(at);
    h.scheduler.failNext(1);

    // Act: the first delivery dies before the job's start is claimed; Scheduler delivers again.
    await expect(h.fire(id, at)).rejects.toThrow(/throttled/);
    await Promise.all([h.fire(id, at), h.fire(id, at + 20_000)]);
    await h.drain({ until: at + HOUR });
    h.clock.advanceTo(at + 2 * HOUR);
    await h.fire(id, at);
    await h.drain();

    // Assess
    const jobs = await scheduledJobs(h, id);
    expect(jobs).toHaveLength(1);
    expect(h.ats.count('RunJob')).toBe(1);
    expect(jobs[0]?.phase).toBe('done');
    expect(h.notifier.calls.filter((c) => c.method === 'postOutcome')).toHaveLength(1);
  });

  it('skip a firing while the previous one runs, tell the channel once, and start again after', async () => {
    // Prepare: each run takes 150 minutes; the schedule fires hourly.
    const h = createScheduleHarness();
    h.ats.plan({ runningMs: 150 * 60_000 }, { runningMs: 150 * 60_000 });
    const id = await schedule(h, 'smoke every 1 hour UTC');

    // Act: firings at 10:00 (starts), 11:00 and 12:00 (skipped), 13:00 (starts).
    const fired = await h.runUntil(Date.UTC(2025, 0, 6, 13, 30));

    // Assess
    expect(fired.map((f) => new Date(f.at).toISOString().slice(11, 16))).toEqual([
      '10:00',
      '11:00',
      '12:00',
      '13:00',
    ]);
    expect(h.ats.count('RunJob')).toBe(2);
    expect(h.notices).toHaveLength(1);
    const [notice] = h.notices;
    expect(notice).toMatchObject({ kind: 'firing_skipped', schedule: { scheduleId: id } });
    expect(notice?.kind === 'firing_skipped' && new Date(notice.scheduledFor).toISOString()).toBe(
      '2025-01-06T11:00:00.000Z',
    );
  });

  it('start overlapping runs when the setting allows it', async () => {
    // Prepare
    const h = createScheduleHarness({ settings: { allowOverlap: true } });
    h.ats.plan(
      { runningMs: 150 * 60_000 },
      { runningMs: 150 * 60_000 },
      { runningMs: 150 * 60_000 },
    );
    await schedule(h, 'smoke every 1 hour UTC');

    // Act
    await h.runUntil(Date.UTC(2025, 0, 6, 12, 30));

    // Assess
    expect(h.ats.count('RunJob')).toBe(3);
    expect(h.notices).toHaveLength(0);
  });

  it('run a 02:30 Amsterdam schedule once on the spring-forward day on a scheduler that skips that time', async () => {
    // Prepare: Wednesday 2025-03-26; Sunday the 30th has no 02:30 in Amsterdam.
    const h = createScheduleHarness({ skipsNonexistentTimes: true });
    h.clock.advanceTo(Date.UTC(2025, 2, 26, 12));
    const id = await schedule(h, 'smoke daily 02:30 Europe/Amsterdam');

    // Act
    const fired = await h.runUntil(Date.UTC(2025, 3, 2, 12));

    // Assess: Thursday to Wednesday, seven runs, Sunday's at 03:00 CEST (01:00 UTC) booked apart.
    expect(fired.map((f) => new Date(f.at).toISOString().slice(0, 16))).toEqual([
      '2025-03-27T01:30',
      '2025-03-28T01:30',
      '2025-03-29T01:30',
      '2025-03-30T01:00',
      '2025-03-31T00:30',
      '2025-04-01T00:30',
      '2025-04-02T00:30',
    ]);
    expect(h.recurring.extraRuns).toEqual([{ scheduleId: id, at: Date.UTC(2025, 2, 30, 1) }]);
    expect(await scheduledJobs(h, id)).toHaveLength(7);
  });

  it('pause the schedule and tell its owner when its template left the catalog', async () => {
    // Prepare
    const h = createScheduleHarness();
    const id = await schedule(h, 'smoke daily 10:00 UTC');
    h.catalog.splice(
      0,
      h.catalog.length,
      ...parseCatalog([{ alias: 'other', templateId: 'tpl-other', name: 'Other' }]),
    );

    // Act
    await h.runUntil(Date.UTC(2025, 0, 8, 12));

    // Assess: one firing paused it; the next day's found the recurring schedule disabled.
    expect(h.ats.count('RunJob')).toBe(0);
    expect(await h.schedules.get(id)).toMatchObject({
      state: 'paused',
      pauseReason: 'template_removed',
      appliedState: 'paused',
    });
    expect(h.recurring.entries.get(id)?.state).toBe('paused');
    expect(h.notices).toEqual([
      expect.objectContaining({ kind: 'paused_by_bot', reason: 'template_removed' }),
    ]);
  });

  it('pause the schedule and tell its owner when the bot left the channel', async () => {
    // Prepare
    const h = createScheduleHarness();
    const id = await schedule(h, 'smoke daily 10:00 UTC');
    h.notifier.postCard = async () => {
      throw new UserFacingError(
        'BOT_NOT_IN_CHANNEL',
        `I can't post in <#${CHANNEL}> because I'm not a member.`,
      );
    };

    // Act
    await h.runUntil(Date.UTC(2025, 0, 8, 12));

    // Assess
    expect(h.ats.count('RunJob')).toBe(0);
    expect(await h.schedules.get(id)).toMatchObject({
      state: 'paused',
      pauseReason: 'channel_left',
    });
    expect(h.notices).toEqual([
      expect.objectContaining({ kind: 'paused_by_bot', reason: 'channel_left' }),
    ]);
  });

  it('pause the schedule when its owner may no longer run the template there', async () => {
    // Prepare
    const h = createScheduleHarness();
    const id = await schedule(h, 'smoke daily 10:00 UTC');
    h.catalog.splice(
      0,
      1,
      parseCatalog([
        { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite', allowedUsers: [BOB] },
      ])[0]!,
    );

    // Act
    await h.runUntil(Date.UTC(2025, 0, 7, 12));

    // Assess
    expect(h.ats.count('RunJob')).toBe(0);
    expect(await h.schedules.get(id)).toMatchObject({
      state: 'paused',
      pauseReason: 'owner_not_allowed',
    });
  });

  it('start nothing for a paused or removed schedule, and again after it is resumed', async () => {
    // Prepare
    const h = createScheduleHarness();
    const id = await schedule(h, 'smoke daily 10:00 UTC');
    await h.requests.change('pause', id, h.asker());
    await h.deliverHanded();
    const firstMorning = Date.UTC(2025, 0, 7, 10);

    // Act: a firing that raced the pause arrives anyway; then resume, then remove.
    h.clock.advanceTo(firstMorning);
    await h.fire(id, firstMorning);
    await h.runUntil(Date.UTC(2025, 0, 8, 9));
    await h.requests.change('resume', id, h.asker());
    await h.deliverHanded();
    await h.runUntil(Date.UTC(2025, 0, 8, 12));
    await h.requests.change('remove', id, h.asker());
    await h.deliverHanded();
    await h.fire(id, Date.UTC(2025, 0, 9, 10));
    await h.runUntil(Date.UTC(2025, 0, 12));

    // Assess
    expect(h.ats.count('RunJob')).toBe(1);
    expect(h.recurring.entries.has(id)).toBe(false);
    expect(h.recurring.applied.map((a) => a.state)).toEqual([
      'active',
      'paused',
      'active',
      'removed',
    ]);
  });
});
