import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AtsSimulator,
  DEMO_TEMPLATES,
  startAtsSimulator,
} from '../../functions/ats/simulator/simulator';
import { loadLocalConfig } from '../../functions/local/local-config';
import { type RunningLocalMode, startLocalMode } from '../../functions/local/local-mode';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../functions/local/slack-api/slack-api-server';
import { createLogger } from '../../functions/logger';
import { signedSlashCommand } from '../support/slack-requests';
import { waitFor } from '../support/wait-for';

const SECRET = 'restart-signing-secret';
const CHANNEL = 'C0RESTART';

describe('local mode with DATA_DIR', () => {
  let ats: AtsSimulator;
  let slack: SlackApiServer;
  let dataDir: string;
  const running: RunningLocalMode[] = [];

  beforeAll(async () => {
    const smoke = DEMO_TEMPLATES.find((t) => t.templateId === 'tpl-smoke')!;
    ats = await startAtsSimulator({
      templates: [{ ...smoke, templateId: 'tpl-restart', queuedSeconds: 2, runningSeconds: 2 }],
    });
    slack = await startSlackApiServer();
    dataDir = await mkdtemp(join(tmpdir(), 'ats-local-restart-'));
  });
  afterAll(async () => {
    for (const mode of running) await mode.close();
    await slack.close();
    await ats.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function start(): Promise<RunningLocalMode> {
    const config = loadLocalConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      ATS_BASE_URL: ats.baseUrl,
      ATS_APP_ID: 'demo-app',
      ATS_APP_API_TOKEN: 'demo-token',
      ATS_TEMPLATES: JSON.stringify([
        { alias: 'smoke', templateId: 'tpl-restart', name: 'Restart smoke' },
      ]),
      SLACK_API_URL: slack.url,
      SLACK_BOT_TOKEN: 'xoxb-restart',
      SLACK_SIGNING_SECRET: SECRET,
      POLL_INTERVAL_SECONDS: '1',
    });
    return startLocalMode(config, { logger: createLogger('local-restart-test', 'SILENT') }).then(
      (mode) => {
        running.push(mode);
        return mode;
      },
    );
  }

  it('keeps an unfinished job across a restart and resumes polling it to the result', async () => {
    // Prepare: a job that ATS accepted, then local mode stops before it finishes.
    const first = await start();
    const command = signedSlashCommand(
      { text: 'run smoke', channelId: CHANNEL, userId: 'U0RESTART' },
      { signingSecret: SECRET, base64: false },
    );
    const ack = await fetch(`${first.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': command.headers['x-slack-request-timestamp'] ?? '',
        'x-slack-signature': command.headers['x-slack-signature'] ?? '',
      },
      body: command.body,
    });
    const card = await waitFor('the job card', 15, () =>
      slack.messages({ channel: CHANNEL }).find((m) => !m.thread_ts && !m.ephemeralFor),
    );
    await first.close();
    const outcomesWhileStopped = slack.messages({ channel: CHANNEL, thread_ts: card.ts }).length;

    // Act
    const second = await start();
    // A clean pass is quiet: its card tells the result, with no reply in the thread.
    const outcome = await waitFor('the result after the restart', 20, () =>
      slack
        .messages({ channel: CHANNEL })
        .find((m) => m.ts === card.ts && (m.text ?? '').includes('Passed')),
    );

    // Assess
    expect(ack.status).toBe(200);
    expect(outcomesWhileStopped).toBe(0);
    expect(second.resumedJobs).toBe(1);
    expect(outcome.text).toBe('Restart smoke: Passed');
    expect(slack.messages({ channel: CHANNEL, thread_ts: card.ts })).toEqual([]);
    expect(ats.requests.filter((r) => r.operation === 'RunJob')).toHaveLength(1);
  }, 60_000);
});
