import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { newSchedule, type Schedule } from '../../../functions/core/schedules/schedule';
import type { ScheduleAnswer } from '../../../functions/core/schedules/schedule-answer';
import { renderAnswer } from '../../../functions/slack/blocks/answer';
import { renderHelp } from '../../../functions/slack/blocks/help';
import { renderJobCard } from '../../../functions/slack/blocks/job-card';
import {
  formatRuns,
  renderScheduleAnswer,
  renderScheduleNotice,
} from '../../../functions/slack/blocks/schedules';
import { finished, jobAt } from './blocks-support';
import { expectWithinSlackLimits } from './slack-limits-check';

function aSchedule(overrides: Partial<Schedule> = {}, n = 1): Schedule {
  return {
    ...newSchedule({
      triggerId: `trigger-${n}`,
      channelId: 'C0TESTS',
      templateAlias: 'smoke',
      templateId: 'TPL-SMOKE',
      templateName: 'Smoke <tests> & more',
      rule: { kind: 'weekdays', hour: 2, minute: 0 },
      timeZone: 'Europe/Amsterdam',
      ownerId: 'U0ALICE',
      now: Date.UTC(2025, 0, 6, 9),
    }),
    appliedState: 'active',
    ...overrides,
  };
}

const RUNS = [Date.UTC(2025, 0, 7, 1), Date.UTC(2025, 0, 8, 1), Date.UTC(2025, 0, 9, 1)].map(
  (t) => new Date(t),
);

describe('schedule answers', () => {
  it('show the next three runs in the schedule zone, the zone and where it came from', () => {
    // Prepare
    const schedule = aSchedule();

    // Act
    const message = renderScheduleAnswer({
      kind: 'scheduled',
      schedule,
      nextRuns: RUNS,
      zoneSource: 'slack',
      duplicate: false,
    });

    // Assess
    expectWithinSlackLimits(message);
    expect(message.text).toContain(
      'Scheduled *Smoke &lt;tests&gt; &amp; more* `weekdays 02:00` Europe/Amsterdam (your Slack time zone)',
    );
    expect(message.text).toContain(`schedule \`${schedule.scheduleId}\``);
    expect(message.text).toContain('Next runs: Tue 7 Jan 02:00, Wed 8 Jan 02:00, Thu 9 Jan 02:00.');
  });

  it('reach the person through the /ats answer', () => {
    // Prepare
    const answer: ScheduleAnswer = {
      kind: 'schedule_refused',
      code: 'TIME_INVALID',
      message: '`25:00` is not a time of day <here>',
    };

    // Act
    const message = renderAnswer({ kind: 'schedules', answer });

    // Assess
    expect(message.text).toBe(':warning: `25:00` is not a time of day &lt;here&gt;');
  });

  it('list each schedule with its rule, zone, next run, owner, last verdict and buttons', () => {
    // Prepare
    const active = aSchedule({ lastRequestId: 'req-1' });
    const paused = aSchedule(
      { state: 'paused', appliedState: 'active', pauseReason: 'by_person', changedBy: 'U0BOB' },
      2,
    );
    const botPaused = aSchedule(
      { state: 'paused', appliedState: 'paused', pauseReason: 'channel_left' },
      3,
    );

    // Act
    const message = renderScheduleAnswer({
      kind: 'schedule_list',
      channelId: 'C0TESTS',
      max: 10,
      entries: [
        {
          schedule: active,
          nextRun: RUNS[0] as Date,
          lastJob: finished([
            { name: 'a', result: 'Passed', durationSeconds: 1, errorMessage: undefined },
          ]),
        },
        { schedule: paused },
        { schedule: botPaused },
      ],
    });

    // Assess
    expectWithinSlackLimits(message);
    const texts = message.blocks
      .filter((b) => b.type === 'section')
      .map((b) => (b as { text: { text: string } }).text.text);
    expect(texts[0]).toBe('*Schedules in <#C0TESTS>* (3 of at most 10)');
    expect(texts[1]).toContain('`weekdays 02:00` Europe/Amsterdam');
    expect(texts[1]).toContain(
      'next run Tue 7 Jan 02:00 · set by <@U0ALICE> · last run: :white_check_mark: Passed',
    );
    expect(texts[2]).toContain(
      'paused by <@U0BOB> _(being applied)_ · set by <@U0ALICE> · last run: _none yet_',
    );
    expect(texts[3]).toContain('paused (I was not in the channel)');
    const buttons = message.blocks
      .filter((b) => b.type === 'actions')
      .map((b) =>
        (b as { elements: { action_id: string; value: string }[] }).elements.map(
          (e) => `${e.action_id}:${e.value}`,
        ),
      );
    expect(buttons).toEqual([
      [`schedule_pause:${active.scheduleId}`, `schedule_remove:${active.scheduleId}`],
      [`schedule_resume:${paused.scheduleId}`, `schedule_remove:${paused.scheduleId}`],
      [`schedule_resume:${botPaused.scheduleId}`, `schedule_remove:${botPaused.scheduleId}`],
    ]);
  });

  it('stay within Slack limits for a channel with a hundred schedules', () => {
    // Prepare
    const entries = Array.from({ length: 100 }, (_, i) => ({
      schedule: aSchedule({ templateName: 'x'.repeat(150) }, i),
    }));

    // Act
    const message = renderScheduleAnswer({
      kind: 'schedule_list',
      channelId: 'C0TESTS',
      entries,
      max: 100,
    });

    // Assess
    expectWithinSlackLimits(message);
    expect(JSON.stringify(message.blocks.at(-1))).toContain('…and 80 more');
  });

  it.each([
    ['pause', true, ':double_vertical_bar: Paused the schedule'],
    ['resume', true, ':arrow_forward: Resumed the schedule'],
    ['remove', true, ':wastebasket: Removed the schedule'],
    ['pause', false, 'was already running'],
  ] as const)('say what %s did (changed: %s)', (change, changed, text) => {
    // Prepare / Act
    const message = renderScheduleAnswer({
      kind: 'schedule_changed',
      schedule: aSchedule(),
      change,
      changed,
      nextRuns: RUNS,
    });

    // Assess
    expect(message.text).toContain(text);
  });

  it('say who may, when someone may not', () => {
    // Prepare
    const template = parseCatalog([
      { alias: 'prod', templateId: 'TPL-PROD', name: 'Prod', allowedUsers: ['U0BOSS'] },
    ])[0]!;

    // Act
    const schedule = renderScheduleAnswer({
      kind: 'schedule_not_allowed',
      template,
      permitted: { users: ['U0BOSS'], userGroups: [], channels: [] },
      what: 'schedule',
    });
    const pause = renderScheduleAnswer({
      kind: 'schedule_not_allowed',
      template,
      permitted: { users: ['U0BOSS'], userGroups: [], channels: [] },
      what: 'pause',
    });

    // Assess
    expect(schedule.text).toBe(
      ':lock: You may not schedule *Prod* here. Who may run it there: <@U0BOSS>.',
    );
    expect(pause.text).toBe(
      ":lock: You may not pause this schedule of *Prod*. Who may run it there: <@U0BOSS>, and the bot's admins.",
    );
  });
});

describe('schedule notices and cards', () => {
  it('put the schedule and its owner on the card of a job it started', () => {
    // Prepare
    const job = jobAt('queued', { scheduleId: 'nightly-smoke' });

    // Act
    const card = renderJobCard(job);

    // Assess
    expect(JSON.stringify(card.blocks)).toContain(
      '*Started by*\\nschedule `nightly-smoke` (set by <@U0ALICE>)',
    );
  });

  it('tell the channel about a skipped firing and the owner about a pause', () => {
    // Prepare
    const schedule = aSchedule();

    // Act
    const skipped = renderScheduleNotice({
      kind: 'firing_skipped',
      schedule,
      scheduledFor: Date.UTC(2025, 0, 7, 1),
      running: jobAt('running'),
    });
    const paused = renderScheduleNotice({
      kind: 'paused_by_bot',
      schedule,
      reason: 'template_removed',
    });

    // Assess
    expect(skipped.text).toContain('Skipped the Tue 7 Jan 02:00 run of schedule');
    expect(skipped.text).toContain('(job `ats-1`) is still going');
    expect(paused.text).toContain(`I paused your schedule \`${schedule.scheduleId}\``);
    expect(paused.text).toContain("its template `smoke` is no longer in the bot's catalog");
  });

  it('tell why a start quota refused a firing, naming the owner or the channel, and nothing internal', () => {
    // Prepare
    const schedule = aSchedule();
    const scheduledFor = Date.UTC(2025, 0, 7, 1);

    // Act
    const owner = renderScheduleNotice({
      kind: 'firing_refused',
      schedule,
      scheduledFor,
      refusal: {
        quota: 'starts_per_user',
        limit: 10,
        windowMinutes: 10,
        retryAt: 0,
        waitMinutes: 3,
      },
    });
    const channel = renderScheduleNotice({
      kind: 'firing_refused',
      schedule,
      scheduledFor,
      refusal: { quota: 'active_jobs_per_channel', limit: 10, channelId: schedule.channelId },
    });

    // Assess
    expect(owner.text).toContain(
      `Skipped the Tue 7 Jan 02:00 run of schedule \`${schedule.scheduleId}\``,
    );
    expect(owner.text).toContain(
      `<@${schedule.ownerId}>, who set it, has started 10 jobs in the last 10 minutes`,
    );
    expect(channel.text).toContain('this channel already has 10 active jobs');
    for (const text of [owner.text, channel.text]) {
      expect(text).toContain('Nothing was started; the schedule stays on for its next run.');
      expect(text).not.toMatch(/quota|starts#|active#|req-|Error/);
    }
  });

  it('format run times in the zone asked for', () => {
    // Prepare / Act / Assess
    expect(formatRuns([new Date(Date.UTC(2025, 2, 30, 1))], 'Europe/Amsterdam')).toBe(
      'Sun 30 Mar 03:00',
    );
    expect(formatRuns([new Date(Date.UTC(2025, 2, 30, 1))], 'America/New_York')).toBe(
      'Sat 29 Mar 21:00',
    );
    expect(formatRuns([], 'UTC')).toBe('none');
  });

  it('list the schedule commands in help', () => {
    // Prepare / Act
    const help = renderHelp([]);

    // Assess
    const text = JSON.stringify(help.blocks);
    expect(text).toContain('*/ats schedule* _alias_ _when_ [_time zone_]');
    expect(text).toContain('*/ats schedules*');
    expect(text).toContain('*/ats unschedule* _schedule id_');
  });
});
