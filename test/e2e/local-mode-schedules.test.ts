import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AtsSimulator } from '../../functions/ats/simulator/simulator';
import type { ScheduleView } from '../../functions/local/schedule-routes';
import type {
  SlackApiServer,
  StoredMessage,
} from '../../functions/local/slack-api/slack-api-server';
import { fastDemoTemplate, LocalStandIns, postToSlackEvents } from '../support/local-stand-ins';
import { signedBlockAction, signedSlashCommand } from '../support/slack-requests';
import { waitFor } from '../support/wait-for';

const SECRET = 'e2e-schedule-signing-secret';
const CHANNEL = 'C0E2ESCHED';
const USER = 'U0E2EALICE';
const TEMPLATE_ID = 'tpl-e2e-scheduled';

/** The local server's view of its timers. */
async function schedulesOf(baseUrl: string): Promise<ScheduleView[]> {
  const response = await fetch(`${baseUrl}/schedules`);
  return ((await response.json()) as { schedules: ScheduleView[] }).schedules;
}

/** `/ats <text>` as Alice in the channel, signed; resolves the acknowledgement's text. */
async function command(baseUrl: string, text: string): Promise<string> {
  const answer = await postToSlackEvents(
    baseUrl,
    signedSlashCommand({ text, userId: USER, channelId: CHANNEL }, { signingSecret: SECRET }),
  );
  expect(answer.status).toBe(200);
  const ack = JSON.parse(answer.text) as { text: string; blocks?: unknown[] };
  // What the person reads: the text, and for a list its blocks.
  return `${ack.text}\n${JSON.stringify(ack.blocks ?? [])}`;
}

/** Asks `read` every 200 ms until `done` holds (at most 10 s); resolves the last answer. */
async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

/** `HH:MM` (UTC) of the first whole minute at least 20 s away, and that minute in epoch ms. */
function nextMinute(): { hhmm: string; at: number } {
  const at = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
  return { hhmm: new Date(at).toISOString().slice(11, 16), at };
}

function isCard(message: StoredMessage): boolean {
  return (
    !message.thread_ts &&
    !message.ephemeralFor &&
    JSON.stringify(message.blocks ?? []).includes('Started by')
  );
}

describe('scheduled runs in local mode, end to end (child process)', () => {
  let ats: AtsSimulator;
  let slack: SlackApiServer;
  let standIns: LocalStandIns;

  beforeAll(async () => {
    standIns = await LocalStandIns.start({
      templates: [fastDemoTemplate('tpl-smoke', 1, TEMPLATE_ID)],
      catalog: [
        {
          alias: 'nightly',
          templateId: TEMPLATE_ID,
          name: 'E2E nightly',
          // Every result in the thread, a pass too: the test follows the scheduled run to its reply.
          quietPasses: false,
        },
      ],
      signingSecret: SECRET,
      slack: { users: { [USER]: { name: 'alice', tz: 'Europe/Amsterdam' } } },
      dataDirPrefix: 'ats-e2e-schedules-',
    });
    ({ ats, slack } = standIns);
  });

  afterAll(async () => {
    await standIns?.close();
  }, 30_000);

  it('runs a schedule set for the next minute: its card and threaded result, listed, then removed with no further firing', async () => {
    // Prepare
    const local = await standIns.startChild();
    onTestFinished(() => local.stop());
    const { hhmm, at } = nextMinute();

    // Act: schedule, then wait for the firing.
    const answer = await command(local.baseUrl, `schedule nightly daily ${hhmm} UTC`);
    const id = /`(nightly-[0-9a-f]{8})`/.exec(answer)?.[1] ?? '';
    const armed = await schedulesOf(local.baseUrl);
    const card = await waitFor("the scheduled run's card", 120, () =>
      slack.messages({ channel: CHANNEL }).find(isCard),
    );
    const outcome = await waitFor('its threaded result', 30, () =>
      slack.messages({ channel: CHANNEL, thread_ts: card.ts }).find((m) => !m.ephemeralFor),
    );
    const listed = await command(local.baseUrl, 'schedules');
    const removed = await command(local.baseUrl, `unschedule ${id}`);
    // The worker applies the removal just after the answer: its timer goes within moments.
    const afterRemoval = await settled(
      () => schedulesOf(local.baseUrl),
      (list) => list.length === 0,
    );
    // Past the minute it fired in: nothing fires again (the next run would have been tomorrow).
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    // Assess
    expect(answer).toContain(`\`daily ${hhmm}\` UTC`);
    expect(answer).toMatch(/Next runs: .+, .+, .+\./);
    expect(armed).toEqual([
      expect.objectContaining({
        scheduleId: id,
        rule: `daily ${hhmm}`,
        state: 'active',
        nextRun: new Date(at).toISOString(),
      }),
    ]);
    expect(JSON.stringify(card.blocks)).toContain(`schedule \`${id}\` (set by <@${USER}>)`);
    expect(outcome.text).toContain('E2E nightly');
    expect(outcome.text).toContain('Passed');
    expect(listed).toContain(id);
    expect(removed).toContain(`Removed the schedule \`${id}\``);
    expect(afterRemoval).toEqual([]);
    expect(slack.messages({ channel: CHANNEL }).filter(isCard)).toHaveLength(1);
    expect(ats.requests.filter((r) => r.operation === 'RunJob')).toHaveLength(1);
  }, 200_000);

  it('keeps schedules across a restart with DATA_DIR: the active one armed again, the paused one held paused', async () => {
    // Prepare
    const first = await standIns.startChild();
    onTestFinished(() => first.stop());
    const kept = /`(nightly-[0-9a-f]{8})`/.exec(
      await command(first.baseUrl, 'schedule nightly weekdays 02:00'),
    )?.[1];
    const paused = /`(nightly-[0-9a-f]{8})`/.exec(
      await command(first.baseUrl, 'schedule nightly every 6 hours'),
    )?.[1];
    const pausedAnswer = await postToSlackEvents(
      first.baseUrl,
      signedBlockAction(
        {
          actionId: 'schedule_pause',
          value: paused ?? '',
          userId: USER,
          channelId: CHANNEL,
          responseUrl: slack.responseUrl(undefined, { channel: CHANNEL, userId: USER }),
        },
        { signingSecret: SECRET },
      ),
    );
    await waitFor('the pause to be told', 10, () =>
      slack
        .messages({ channel: CHANNEL })
        .find((m) => m.ephemeralFor === USER && m.text?.includes('Paused the schedule')),
    );
    await first.stop();

    // Act
    const second = await standIns.startChild();
    onTestFinished(() => second.stop());
    const resumed = await schedulesOf(second.baseUrl);

    // Assess: the zone came from Alice's Slack profile; the paused one keeps no timer.
    expect(pausedAnswer.status).toBe(200);
    expect(second.output()).toContain('2 schedule(s) resumed');
    expect(resumed).toEqual([
      expect.objectContaining({
        scheduleId: kept,
        rule: 'weekdays 02:00',
        timeZone: 'Europe/Amsterdam',
        state: 'active',
        nextRun: expect.any(String),
      }),
      expect.objectContaining({ scheduleId: paused, rule: 'every 6 hours', state: 'paused' }),
    ]);
    expect(resumed[1]).not.toHaveProperty('nextRun');
  }, 120_000);
});
