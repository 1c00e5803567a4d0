import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtsSimulator } from '../../functions/ats/simulator/simulator';
import type { SlackApiServer } from '../../functions/local/slack-api/slack-api-server';
import { fastDemoTemplate, LocalStandIns, postToSlackEvents } from '../support/local-stand-ins';
import {
  signedAppHomeOpened,
  signedHomeBlockAction,
  signedUrlVerification,
} from '../support/slack-events';
import { signedSlashCommand, signedViewSubmission } from '../support/slack-requests';
import { waitFor } from '../support/wait-for';

/*
 * The App Home in local mode, end to end over HTTP, as Slack would drive it: the Events API's
 * url_verification, a signed app_home_opened answered by views.publish at the local Slack Web API
 * (by the worker), a signed click on the Home's Run opening the run picker, and its submission
 * starting a job in the channel chosen, or refused where the template may not run.
 */

const SECRET = 'e2e-home-signing-secret';
const CHANNEL = 'C0E2EHOME';
const RELEASE_CHANNEL = 'C0E2ERELEASE';
const USER = 'U0E2EHOME';
const HOME = 'D0E2EHOME';
const TEMPLATE_ID = 'tpl-e2e-home';
/** A template that runs for ten minutes: still running while the test looks at the Home. */
const LONG_TEMPLATE_ID = 'tpl-e2e-long';
const LONG_CHANNEL = 'C0E2ELONG';

describe('local mode: the App Home, end to end (child process)', () => {
  let ats: AtsSimulator;
  let slack: SlackApiServer;
  let standIns: LocalStandIns;
  let baseUrl: string;

  beforeAll(async () => {
    standIns = await LocalStandIns.start({
      templates: [
        fastDemoTemplate('tpl-smoke', 1, TEMPLATE_ID),
        { ...fastDemoTemplate('tpl-smoke', 0, LONG_TEMPLATE_ID), runningSeconds: 600 },
      ],
      catalog: [
        { alias: 'homesmoke', templateId: TEMPLATE_ID, name: 'Home smoke' },
        {
          alias: 'release',
          templateId: TEMPLATE_ID,
          name: 'Release gate',
          allowedChannels: [RELEASE_CHANNEL],
        },
        { alias: 'boss', templateId: TEMPLATE_ID, name: 'Boss only', allowedUsers: ['U0BOSS'] },
        { alias: 'soak', templateId: LONG_TEMPLATE_ID, name: 'Long soak' },
      ],
      signingSecret: SECRET,
    });
    ({ ats, slack } = standIns);
    baseUrl = (await standIns.startChild()).baseUrl;
  }, 60_000);

  afterAll(async () => {
    await standIns?.close();
  }, 20_000);

  it('answers a signed url_verification with its challenge, and refuses an unsigned one', async () => {
    // Act
    const signed = await postToSlackEvents(
      baseUrl,
      signedUrlVerification('e2e-challenge-123', { signingSecret: SECRET }),
    );
    const forged = await postToSlackEvents(
      baseUrl,
      signedUrlVerification('e2e-challenge-123', { signingSecret: 'not-the-secret' }),
    );

    // Assess
    expect(signed.status).toBe(200);
    expect(JSON.parse(signed.text)).toEqual({ challenge: 'e2e-challenge-123' });
    expect(forged.status).toBe(401);
  });

  it('publishes the Home on app_home_opened, whose Run opens the picker and starts a job in the channel chosen', async () => {
    // Act: the person opens the Home tab
    const opened = await postToSlackEvents(
      baseUrl,
      signedAppHomeOpened({ userId: USER, channelId: HOME }, { signingSecret: SECRET }),
    );
    const home = await waitFor('the Home published at the local Slack', 20, () =>
      slack.homes().find((h) => h.userId === USER),
    );

    // Assess: their templates, not the one they may not run
    expect(opened.status).toBe(200);
    expect(slack.calls.find((c) => c.method === 'views.publish')).toMatchObject({
      ok: true,
      args: { user_id: USER },
    });
    const homeJson = JSON.stringify(home.view);
    expect(homeJson).toContain('*Home smoke* `homesmoke`');
    expect(homeJson).toContain('*Release gate* `release`');
    expect(homeJson).toContain(`Only in <#${RELEASE_CHANNEL}>`);
    expect(homeJson).not.toContain('Boss only');

    // Act: a click on Release gate's Run
    const trigger = slack.triggerFor(USER);
    const click = await postToSlackEvents(
      baseUrl,
      signedHomeBlockAction(
        {
          userId: USER,
          view: home.view,
          actionId: 'ats_home_run',
          value: 'release',
          triggerId: trigger,
        },
        { signingSecret: SECRET, base64: false },
      ),
    );
    const picker = await waitFor('the run picker', 10, () =>
      slack.views().find((v) => v.userId === USER),
    );

    // Assess: the same picker, with the channel to choose
    expect(click.status).toBe(200);
    expect(slack.calls.find((c) => c.method === 'views.open')).toMatchObject({
      ok: true,
      args: { trigger_id: trigger },
    });
    const pickerJson = JSON.stringify(picker.view);
    expect(pickerJson).toContain('"callback_id":"ats_run_picker"');
    expect(pickerJson).toContain('"type":"conversations_select"');
    expect(pickerJson).not.toContain('Boss only');

    // Act: submitted with a channel Release gate may not run in, then with its own channel
    const values = (channel: string) => ({
      template: { template: { type: 'radio_buttons', selected_option: { value: 'release' } } },
      channel: { channel: { type: 'conversations_select', selected_conversation: channel } },
    });
    const refused = await postToSlackEvents(
      baseUrl,
      signedViewSubmission(
        { view: picker.view, values: values(CHANNEL), userId: USER },
        { signingSecret: SECRET, base64: false },
      ),
    );
    const accepted = await postToSlackEvents(
      baseUrl,
      signedViewSubmission(
        { view: picker.view, values: values(RELEASE_CHANNEL), userId: USER },
        { signingSecret: SECRET, base64: false },
      ),
    );
    const card = await waitFor('the job card in the chosen channel', 20, () =>
      slack.messages({ channel: RELEASE_CHANNEL }).find((m) => !m.thread_ts && !m.ephemeralFor),
    );

    // Assess
    expect(JSON.parse(refused.text)).toMatchObject({
      response_action: 'errors',
      errors: { channel: expect.stringContaining('You may not run Release gate in that channel') },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe('');
    expect(card.text).toContain('Release gate');
    expect(slack.messages({ channel: CHANNEL }).filter((m) => !m.ephemeralFor)).toEqual([]);
    // The card comes first, then the order to ATS: one RunJob, for the chosen template.
    await waitFor('RunJob at ATS', 20, () =>
      ats.requests.some((r) => r.operation === 'RunJob') ? true : undefined,
    );
    expect(ats.requests.filter((r) => r.operation === 'RunJob')).toHaveLength(1);
  }, 60_000);

  /** The person opens the Home tab again (a redelivery `retryNum`): the Home published for it. */
  async function openHomeAgain(retryNum: number) {
    const before = slack.calls.filter((c) => c.method === 'views.publish').length;
    await postToSlackEvents(
      baseUrl,
      signedAppHomeOpened({ userId: USER, channelId: HOME, retryNum }, { signingSecret: SECRET }),
    );
    return waitFor('the Home published again', 20, () =>
      slack.calls.filter((c) => c.method === 'views.publish').length > before
        ? slack.homes().find((h) => h.userId === USER)
        : undefined,
    );
  }

  it('lists the finished job among their recent jobs when the Home is opened again', async () => {
    // Prepare: the job started above finishes
    await waitFor('the job card to say it passed', 30, () =>
      slack
        .messages({ channel: RELEASE_CHANNEL })
        .find((m) => !m.thread_ts && !m.ephemeralFor && /Passed/.test(m.text ?? '')),
    );
    // Its history record is written just after the card shows the result; the Home lists an
    // ended job from the job itself until then, so it is there at once.

    // Act
    const home = await openHomeAgain(1);

    // Assess: one Home, replaced, now with the job linked to its thread
    expect(slack.homes().filter((h) => h.userId === USER)).toHaveLength(1);
    const json = JSON.stringify(home.view);
    expect(json).toContain('Your recent jobs');
    expect(json).toMatch(new RegExp(`<http[^|>]+${RELEASE_CHANNEL}[^|>]*\\|Release gate>`));
  }, 60_000);

  it('lists a job of theirs still running, with its phase and a link to its card, above the finished one', async () => {
    // Prepare: the person starts a long job with /ats run; its card says it runs
    await postToSlackEvents(
      baseUrl,
      signedSlashCommand(
        { text: 'run soak', channelId: LONG_CHANNEL, userId: USER },
        { signingSecret: SECRET, base64: false },
      ),
    );
    await waitFor('the long job card to say it runs', 30, () =>
      slack
        .messages({ channel: LONG_CHANNEL })
        .find((m) => !m.thread_ts && !m.ephemeralFor && /Running/.test(JSON.stringify(m))),
    );

    // Act
    const home = await openHomeAgain(2);

    // Assess: the running job, linked to its card, first; the finished one after it, once
    const json = JSON.stringify(home.view);
    const running = new RegExp(
      `:arrows_counterclockwise: <http[^|>]+${LONG_CHANNEL}[^|>]*\\|Long soak> · Running · <#${LONG_CHANNEL}> · started `,
    );
    expect(json).toMatch(running);
    const finished = new RegExp(
      `<http[^|>]+${RELEASE_CHANNEL}[^|>]*\\|Release gate> · Passed · <#${RELEASE_CHANNEL}>`,
    );
    expect(json).toMatch(finished);
    expect(json.search(running)).toBeLessThan(json.search(finished));
    expect(json.match(/\|Release gate>/g)).toHaveLength(1);
  }, 60_000);
});
