import type { ModalView } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { createSlackWebClient } from '../../../functions/slack/web-client';

const CHANNEL = 'C0TESTS';

/** A small valid modal with one input. */
function modal(overrides: Partial<ModalView> = {}): ModalView {
  return {
    type: 'modal',
    callback_id: 'picker',
    title: { type: 'plain_text', text: 'Run a test job' },
    submit: { type: 'plain_text', text: 'Run' },
    blocks: [
      {
        type: 'input',
        block_id: 'template',
        label: { type: 'plain_text', text: 'Template' },
        element: {
          type: 'radio_buttons',
          action_id: 'template',
          options: [{ text: { type: 'plain_text', text: 'Smoke' }, value: 'smoke' }],
        },
      },
    ],
    ...overrides,
  };
}

describe('local Slack Web API: views.open and files.uploadV2', () => {
  let slack: SlackApiServer;
  let now = Date.UTC(2025, 0, 6, 9, 0, 0);

  beforeAll(async () => {
    slack = await startSlackApiServer({ now: () => now });
  });
  afterAll(async () => {
    await slack.close();
  });

  const client = () => createSlackWebClient('xoxb-test', { slackApiUrl: slack.url, retries: 0 });

  /** What `views.open` answers, as `{ ok, error, messages }` rather than a throw. */
  async function openView(triggerId: string, view: unknown) {
    const response = await fetch(`${slack.url}views.open`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: triggerId, view }),
    });
    return (await response.json()) as {
      ok: boolean;
      error?: string;
      view?: { id: string };
      response_metadata?: { messages: string[] };
    };
  }

  it('opens a modal for the person whose trigger it is, once, within 3 seconds', async () => {
    // Prepare
    const trigger = slack.triggerFor('U0ALICE');
    const late = slack.triggerFor('U0BOB');

    // Act
    const opened = await client().views.open({ trigger_id: trigger, view: modal() });
    const again = await openView(trigger, modal());
    now += 3_001;
    const expired = await openView(late, modal());
    const unknown = await openView('123.456.abcdef', modal());

    // Assess
    expect(opened.ok).toBe(true);
    expect(slack.views()).toMatchObject([
      { id: opened.view?.id, userId: 'U0ALICE', view: { callback_id: 'picker' } },
    ]);
    expect(again.error).toBe('exchanged_trigger_id');
    expect(expired.error).toBe('expired_trigger_id');
    expect(unknown.error).toBe('invalid_trigger_id');
    expect(slack.closeView(opened.view?.id ?? '')).toBe(true);
    expect(slack.views()).toEqual([]);
  });

  it.each([
    [
      'a title over 24 characters',
      { title: { type: 'plain_text', text: 'x'.repeat(25) } },
      /25 characters.*\/view\/title/,
    ],
    ['a mrkdwn title', { title: { type: 'mrkdwn', text: 'Run' } }, /plain_text/],
    ['an input without a submit button', { submit: undefined }, /submit button/],
    ['private_metadata over 3,000', { private_metadata: 'x'.repeat(3_001) }, /private_metadata/],
    ['a type other than modal', { type: 'home' }, /modal/],
  ] as const)('refuses %s like Slack', async (_, overrides, message) => {
    // Act
    const answer = await openView(
      slack.triggerFor('U0ALICE'),
      modal(overrides as Partial<ModalView>),
    );

    // Assess
    expect(answer).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(answer.response_metadata?.messages.join(' ')).toMatch(message);
  });

  it('refuses more than 100 blocks, and more than 10 radio buttons', async () => {
    // Prepare
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
    const eleven = Array.from({ length: 11 }, (_, i) => ({
      text: { type: 'plain_text', text: `T${i}` },
      value: `t${i}`,
    }));
    const radio = modal().blocks[0] as unknown as { element: Record<string, unknown> };

    // Act
    const tooMany = await openView(
      slack.triggerFor('U0A'),
      modal({
        blocks: Array.from({ length: 101 }, () => section) as ModalView['blocks'],
      }),
    );
    const hundred = await openView(
      slack.triggerFor('U0A'),
      modal({
        blocks: [
          ...Array.from({ length: 99 }, () => section),
          modal().blocks[0],
        ] as ModalView['blocks'],
      }),
    );
    const radios = await openView(
      slack.triggerFor('U0A'),
      modal({
        blocks: [
          { ...radio, element: { ...radio.element, options: eleven } },
        ] as ModalView['blocks'],
      }),
    );

    // Assess
    expect(tooMany).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(hundred.ok).toBe(true);
    expect(radios).toMatchObject({ ok: false, error: 'invalid_blocks' });
  });

  it('takes a file in three steps and shares it in the thread, as files.uploadV2 does', async () => {
    // Prepare
    const parent = await client().chat.postMessage({ channel: CHANNEL, text: 'card' });
    const content = '<?xml version="1.0"?>\n<testsuites tests="1"/>\n';

    // Act
    const answer = (await client().filesUploadV2({
      channel_id: CHANNEL,
      thread_ts: parent.ts ?? '',
      filename: 'smoke-1.junit.xml',
      title: 'JUnit result',
      content,
      initial_comment: 'Every test case',
    })) as unknown as { files: Array<{ files: Array<{ id: string }> }> };

    // Assess
    const id = answer.files[0]?.files[0]?.id ?? '';
    const steps = slack.calls.map((c) => c.method).filter((m) => m.startsWith('files.'));
    expect(steps).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(slack.files().map((f) => [f.id, f.name, f.content.toString('utf8')])).toEqual([
      [id, 'smoke-1.junit.xml', content],
    ]);
    const [shared] = slack.messages({ channel: CHANNEL, thread_ts: parent.ts });
    expect(shared).toMatchObject({
      text: 'Every test case',
      files: [{ id, title: 'JUnit result' }],
    });
    const replies = await client().conversations.replies({ channel: CHANNEL, ts: parent.ts ?? '' });
    expect(replies.messages?.[1]?.files?.[0]?.name).toBe('smoke-1.junit.xml');
    const download = await fetch(shared?.files?.[0]?.url_private ?? '');
    expect(await download.text()).toBe(content);
  });

  it('refuses to complete a file that was never uploaded, and uploads without files:write', async () => {
    // Prepare
    const noScope = await startSlackApiServer({ filesWrite: false });
    const { file_id } = await client().files.getUploadURLExternal({ filename: 'a.xml', length: 3 });

    // Act
    const incomplete = client()
      .files.completeUploadExternal({ files: [{ id: file_id ?? '' }], channel_id: CHANNEL })
      .catch((error: { data?: { error?: string } }) => error.data?.error);
    const scoped = createSlackWebClient('xoxb-test', { slackApiUrl: noScope.url, retries: 0 })
      .files.getUploadURLExternal({ filename: 'a.xml', length: 3 })
      .catch((error: { data?: { error?: string; needed?: string } }) => error.data);

    // Assess
    expect(await incomplete).toBe('file_not_found');
    expect(await scoped).toMatchObject({ error: 'missing_scope', needed: 'files:write' });
    await noScope.close();
  });
});
