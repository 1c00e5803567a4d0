import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSchedule } from '../../../functions/core/schedules/schedule';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { SlackScheduleNotifier } from '../../../functions/slack/schedule-notifier';
import { SlackChannelError } from '../../../functions/slack/slack-errors';
import { SlackUserTimeZones } from '../../../functions/slack/user-time-zones';
import { createSlackWebClient } from '../../../functions/slack/web-client';
import { jobAt } from '../../unit/slack/blocks-support';

const schedule = newSchedule({
  triggerId: 'trigger-1',
  channelId: 'C0TESTS',
  templateAlias: 'smoke',
  templateId: 'TPL-SMOKE',
  templateName: 'Smoke tests',
  rule: { kind: 'daily', hour: 2, minute: 30 },
  timeZone: 'Europe/Amsterdam',
  ownerId: 'U0ALICE',
  now: Date.UTC(2025, 0, 6, 9),
});

describe('the Slack adapters of schedules, on the local Slack Web API', () => {
  let slack: SlackApiServer;

  beforeAll(async () => {
    slack = await startSlackApiServer({
      notInChannel: ['C0LEFT'],
      users: { U0ALICE: { name: 'alice', tz: 'Europe/Amsterdam' }, U0NOZONE: { name: 'nozone' } },
    });
  });

  afterAll(async () => {
    await slack.close();
  });

  const client = () => createSlackWebClient('xoxb-test', { slackApiUrl: slack.url, retries: 0 });

  it("reads a person's zone once from users.info and keeps it", async () => {
    // Prepare
    let now = 0;
    const zones = new SlackUserTimeZones(client(), { clock: { now: () => now } });
    const before = slack.calls.filter((c) => c.method === 'users.info').length;

    // Act
    const first = await zones.timeZoneOf('U0ALICE');
    now += 60_000;
    const again = await zones.timeZoneOf('U0ALICE');
    const none = await zones.timeZoneOf('U0NOZONE');

    // Assess
    expect(first).toBe('Europe/Amsterdam');
    expect(again).toBe('Europe/Amsterdam');
    expect(none).toBeUndefined();
    expect(slack.calls.filter((c) => c.method === 'users.info').length - before).toBe(2);
    await expect(zones.timeZoneOf('U0UNKNOWN')).rejects.toThrow(/user_not_found/);
  });

  it('tells a skipped or refused firing in the channel and a pause to the owner directly', async () => {
    // Prepare
    const notifier = new SlackScheduleNotifier(client());

    // Act
    await notifier.tell({
      kind: 'firing_skipped',
      schedule,
      scheduledFor: Date.UTC(2025, 0, 7, 1, 30),
      running: jobAt('running'),
    });
    await notifier.tell({ kind: 'paused_by_bot', schedule, reason: 'channel_left' });
    await notifier.tell({
      kind: 'firing_refused',
      schedule,
      scheduledFor: Date.UTC(2025, 0, 8, 1, 30),
      refusal: { quota: 'active_jobs_per_channel', limit: 10, channelId: 'C0TESTS' },
    });

    // Assess
    const [skip, refused] = slack.messages({ channel: 'C0TESTS' });
    expect(skip?.text).toContain('Skipped the Tue 7 Jan 02:30 run');
    expect(refused?.text).toContain('Skipped the Wed 8 Jan 02:30 run');
    expect(refused?.text).toContain('this channel already has 10 active jobs');
    const [dm] = slack.messages({ channel: 'U0ALICE' });
    expect(dm?.text).toContain('I am no longer a member of <#C0TESTS>');
  });

  it('reports a channel the bot left as a channel error', async () => {
    // Prepare
    const notifier = new SlackScheduleNotifier(client());

    // Act / Assess
    await expect(
      notifier.tell({
        kind: 'firing_skipped',
        schedule: { ...schedule, channelId: 'C0LEFT' },
        scheduledFor: 0,
        running: jobAt('running'),
      }),
    ).rejects.toBeInstanceOf(SlackChannelError);
  });
});
