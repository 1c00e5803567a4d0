import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtsSimulator } from '../../functions/ats/simulator/simulator';
import type {
  SlackApiServer,
  StoredMessage,
} from '../../functions/local/slack-api/slack-api-server';
import { fastDemoTemplate, LocalStandIns, postToSlackEvents } from '../support/local-stand-ins';
import { signedBlockAction, signedSlashCommand } from '../support/slack-requests';
import { waitFor } from '../support/wait-for';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'e2e-signing-secret';
const CHANNEL = 'C0E2ETEST';
const USER = 'U0E2EUSER';
const TEMPLATE_ID = 'tpl-e2e-regression';

/** Outcomes open with a header block; job cards do not. */
function isOutcome(message: StoredMessage): boolean {
  return (message.blocks?.[0] as { type?: string } | undefined)?.type === 'header';
}

function buttonOf(message: StoredMessage) {
  for (const block of (message.blocks ?? []) as Array<{
    type: string;
    block_id?: string;
    elements?: unknown[];
  }>) {
    if (block.type !== 'actions') continue;
    const button = (block.elements ?? []).find(
      (e) => (e as { action_id?: string }).action_id === 'rerun_not_passed',
    ) as { value: string } | undefined;
    if (button) return { value: button.value, blockId: block.block_id };
  }
  return undefined;
}

describe('local mode, end to end (child process)', () => {
  let ats: AtsSimulator;
  let slack: SlackApiServer;
  let standIns: LocalStandIns;
  let baseUrl: string;

  beforeAll(async () => {
    standIns = await LocalStandIns.start({
      templates: [fastDemoTemplate('tpl-regression', 1, TEMPLATE_ID)],
      catalog: [{ alias: 'regression', templateId: TEMPLATE_ID, name: 'E2E regression' }],
      signingSecret: SECRET,
    });
    ({ ats, slack } = standIns);
    baseUrl = (await standIns.startChild()).baseUrl;
  }, 60_000);

  afterAll(async () => {
    await standIns?.close();
  }, 20_000);

  it('answers /health once ready', async () => {
    // Act
    const response = await fetch(`${baseUrl}/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('runs a job from /ats run to the threaded result, then reruns the not-passed cases from the button', async () => {
    // Prepare
    const command = signedSlashCommand(
      {
        text: 'run regression',
        channelId: CHANNEL,
        userId: USER,
        responseUrl: slack.responseUrl('e2e-command', { channel: CHANNEL, userId: USER }),
      },
      { signingSecret: SECRET, base64: false },
    );

    // Act: the command
    const ack = await postToSlackEvents(baseUrl, command);
    const card = await waitFor('the job card', 20, () =>
      slack.messages({ channel: CHANNEL }).find((m) => !m.thread_ts && !m.ephemeralFor),
    );
    const outcome = await waitFor('the threaded result with its rerun button', 30, () =>
      slack.messages({ channel: CHANNEL, thread_ts: card.ts }).find((m) => buttonOf(m)),
    );
    const button = buttonOf(outcome)!;

    // Act: the click
    const click = signedBlockAction(
      {
        value: button.value,
        blockId: button.blockId,
        channelId: CHANNEL,
        userId: USER,
        messageTs: outcome.ts,
        responseUrl: slack.responseUrl('e2e-click', {
          channel: CHANNEL,
          userId: USER,
          messageTs: outcome.ts,
        }),
      },
      { signingSecret: SECRET, base64: false },
    );
    const clickAnswer = await postToSlackEvents(baseUrl, click);
    const rerunOutcome = await waitFor('the rerun result in the same thread', 30, () =>
      slack
        .messages({ channel: CHANNEL, thread_ts: card.ts })
        .find((m) => isOutcome(m) && /Rerun 1/.test(m.text ?? '') && !m.ephemeralFor),
    );

    // Assess
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(outcome.text).toContain('E2E regression');
    expect(outcome.text).toMatch(/Failed/);
    expect(clickAnswer.status).toBe(200);
    expect(rerunOutcome.thread_ts).toBe(card.ts);
    const [original] = ats.jobs();
    const reruns = ats.requests.filter((r) => r.operation === 'RerunNotPassed');
    expect(reruns).toHaveLength(1);
    expect(reruns[0]?.fields).toMatchObject({
      AppID: 'demo-app',
      AppAPIToken: 'demo-token',
      FinishedJobID: original?.jobId,
    });
    const rerunJob = ats.jobs().find((j) => j.rerunOf === original?.jobId);
    expect(rerunJob?.status).toBe('Done');
    // The rerun's own card is in the thread too, not in the channel.
    const rerunCard = slack
      .messages({ channel: CHANNEL, thread_ts: card.ts })
      .find((m) => !isOutcome(m) && /Rerun 1/.test(m.text ?? ''));
    expect(rerunCard).toBeDefined();
    expect(
      slack.messages({ channel: CHANNEL }).filter((m) => !m.thread_ts && !m.ephemeralFor),
    ).toHaveLength(1);
    // The clicked result no longer offers the button: it says who started the rerun.
    const clicked = slack.messages({ channel: CHANNEL }).find((m) => m.ts === outcome.ts);
    expect(clicked && buttonOf(clicked)).toBeUndefined();
  }, 90_000);

  it('refuses a request with a bad signature (401) and starts nothing', async () => {
    // Prepare
    const runJobsBefore = ats.requests.filter((r) => r.operation === 'RunJob').length;
    const forged = signedSlashCommand(
      { text: 'run regression', channelId: 'C0FORGED', userId: USER },
      { signingSecret: 'not-the-secret', base64: false },
    );
    const genuine = signedSlashCommand(
      { text: 'run regression', channelId: 'C0GENUINE', userId: USER },
      { signingSecret: SECRET, base64: false },
    );

    // Act
    const refused = await postToSlackEvents(baseUrl, forged);
    const accepted = await postToSlackEvents(baseUrl, genuine);
    // The genuine request, sent after the forged one, shows when the worker has caught up.
    await waitFor('the genuine run to reach ATS', 20, () =>
      ats.requests.filter((r) => r.operation === 'RunJob').length > runJobsBefore
        ? true
        : undefined,
    );
    await waitFor('the genuine job card', 20, () =>
      slack.messages({ channel: 'C0GENUINE' }).find((m) => !m.ephemeralFor),
    );

    // Assess
    expect(refused.status).toBe(401);
    expect(accepted.status).toBe(200);
    expect(ats.requests.filter((r) => r.operation === 'RunJob')).toHaveLength(runJobsBefore + 1);
    expect(slack.messages({ channel: 'C0FORGED' })).toEqual([]);
  }, 60_000);
});

describe('local mode start-up with a bad configuration', () => {
  it('stops with exit code 1 and a message naming each bad variable, without a stack trace', async () => {
    // Prepare
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: 'eighty', POLL_INTERVAL_SECONDS: '0', ATS_TEMPLATES: '{oops' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    // Act
    const exitCode = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr).toContain('Invalid local configuration');
    expect(stderr).toContain('PORT must be a port number');
    expect(stderr).toContain('POLL_INTERVAL_SECONDS must be a whole number of seconds');
    expect(stderr).toContain('ATS_TEMPLATES must be a JSON array');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});
