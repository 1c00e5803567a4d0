import { describe, expect, it } from 'vitest';
import {
  blockActionsBody,
  homeBlockActionsBody,
  type SlackRequestOrigin,
  viewSubmissionBody,
} from '../../../functions/local/slack-request-signing';

const ORIGIN: SlackRequestOrigin = {
  teamId: 'T0PLAY',
  teamDomain: 'playground',
  appId: 'A0BOT',
  channelId: 'C0JOBS',
  channelName: 'jobs',
  userId: 'U0ALICE',
  userName: 'alice',
  responseUrl: 'http://127.0.0.1:1/response',
  triggerId: '1.2.abc',
};

const BUTTON = {
  actionId: 'rerun_not_passed',
  blockId: 'actions',
  value: 'req-1',
  text: 'Rerun not passed',
  style: 'primary',
};

/** The JSON behind a `payload=` form body. */
function payloadOf(body: string): Record<string, unknown> {
  return JSON.parse(new URLSearchParams(body).get('payload') ?? 'null');
}

/** What every interaction payload says about who acted, where. */
const ACTOR = {
  user: { id: 'U0ALICE', username: 'alice', name: 'alice', team_id: 'T0PLAY' },
  api_app_id: 'A0BOT',
  token: 'local-verification-token',
  trigger_id: '1.2.abc',
  team: { id: 'T0PLAY', domain: 'playground' },
  enterprise: null,
  is_enterprise_install: false,
};

const CLICKED = {
  action_id: 'rerun_not_passed',
  block_id: 'actions',
  text: { type: 'plain_text', text: 'Rerun not passed', emoji: true },
  value: 'req-1',
  style: 'primary',
  type: 'button',
  action_ts: '1700000000.123000',
};

describe('interaction bodies as Slack posts them', () => {
  it('a click in a threaded message: block_actions with the message, channel and action', () => {
    // Act
    const body = blockActionsBody(
      ORIGIN,
      {
        ts: '10.1',
        thread_ts: '9.1',
        text: 'Done',
        blocks: [],
        botId: 'B0BOT',
        botUserId: 'U0BOT',
      },
      BUTTON,
      1_700_000_000_123,
    );

    // Assess
    expect(payloadOf(body)).toEqual({
      type: 'block_actions',
      ...ACTOR,
      container: {
        type: 'message',
        message_ts: '10.1',
        channel_id: 'C0JOBS',
        is_ephemeral: false,
        thread_ts: '9.1',
      },
      channel: { id: 'C0JOBS', name: 'jobs' },
      message: {
        type: 'message',
        subtype: 'bot_message',
        text: 'Done',
        ts: '10.1',
        bot_id: 'B0BOT',
        user: 'U0BOT',
        app_id: 'A0BOT',
        thread_ts: '9.1',
        blocks: [],
      },
      state: { values: {} },
      response_url: 'http://127.0.0.1:1/response',
      actions: [CLICKED],
    });
  });

  it('a click on an App Home: block_actions whose container is the view, without channel', () => {
    // Act
    const home = { id: 'V0HOME', type: 'home', blocks: [] };
    const body = homeBlockActionsBody(ORIGIN, home, BUTTON, 1_700_000_000_123);

    // Assess
    expect(payloadOf(body)).toEqual({
      type: 'block_actions',
      ...ACTOR,
      container: { type: 'view', view_id: 'V0HOME' },
      view: home,
      actions: [CLICKED],
    });
  });

  it('a modal submitted: view_submission with the chosen values in the view state', () => {
    // Act
    const values = {
      pick: { template: { type: 'static_select', selected_option: { value: 'smoke' } } },
    };
    const body = viewSubmissionBody(ORIGIN, { id: 'V0MODAL', callback_id: 'run_picker' }, values);

    // Assess
    expect(payloadOf(body)).toEqual({
      type: 'view_submission',
      ...ACTOR,
      view: { id: 'V0MODAL', callback_id: 'run_picker', state: { values } },
      response_urls: [],
    });
  });

  it('a trigger id of its own when the origin names none', () => {
    // Act
    const { triggerId: _, ...withoutTrigger } = ORIGIN;
    const payload = payloadOf(viewSubmissionBody(withoutTrigger, { id: 'V0MODAL' }, {}));

    // Assess
    expect(payload.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });
});
