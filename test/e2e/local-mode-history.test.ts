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

const SECRET = 'history-signing-secret';
const CHANNEL = 'C0HISTORY';

describe('local mode: demo history and recording, across a restart with DATA_DIR', () => {
  let ats: AtsSimulator;
  let slack: SlackApiServer;
  let dataDir: string;
  const running: RunningLocalMode[] = [];

  beforeAll(async () => {
    const fast = (templateId: string) => ({
      ...(DEMO_TEMPLATES.find((t) => t.templateId === templateId) ?? DEMO_TEMPLATES[0]!),
      queuedSeconds: 1,
      runningSeconds: 1,
    });
    ats = await startAtsSimulator({
      templates: [fast('tpl-smoke'), fast('tpl-regression'), fast('tpl-warning')],
    });
    slack = await startSlackApiServer();
    dataDir = await mkdtemp(join(tmpdir(), 'ats-local-history-'));
  });
  afterAll(async () => {
    for (const mode of running) await mode.close();
    await slack.close();
    await ats.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<RunningLocalMode> {
    const config = loadLocalConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      DEMO_HISTORY: '30',
      ATS_BASE_URL: ats.baseUrl,
      ATS_APP_ID: 'demo-app',
      ATS_APP_API_TOKEN: 'demo-token',
      ATS_TEMPLATES: JSON.stringify([
        { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke test' },
        { alias: 'regression', templateId: 'tpl-regression', name: 'Regression suite' },
        { alias: 'warning', templateId: 'tpl-warning', name: 'Accessibility checks' },
      ]),
      SLACK_API_URL: slack.url,
      SLACK_BOT_TOKEN: 'xoxb-history',
      SLACK_SIGNING_SECRET: SECRET,
      POLL_INTERVAL_SECONDS: '1',
    });
    const mode = await startLocalMode(config, {
      logger: createLogger('local-history-test', 'SILENT'),
    });
    running.push(mode);
    return mode;
  }

  async function command(mode: RunningLocalMode, text: string): Promise<string> {
    const signed = signedSlashCommand(
      { text, channelId: CHANNEL, userId: 'U0HISTORY' },
      { signingSecret: SECRET, base64: false },
    );
    const response = await fetch(`${mode.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': signed.headers['x-slack-request-timestamp'] ?? '',
        'x-slack-signature': signed.headers['x-slack-signature'] ?? '',
      },
      body: signed.body,
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  const runsOf = (answer: string) => Number(/(\d+) runs/.exec(answer)?.[1] ?? Number.NaN);

  it('answers /ats history from the seeded days, records a finished job, and keeps both after a restart', async () => {
    // Prepare
    const first = await start();
    const seeded = await command(first, 'history smoke');

    // Act: a real run through the simulator, then a restart on the same DATA_DIR.
    await command(first, 'run smoke');
    const card = await waitFor('the finished job card', 20, () =>
      slack
        .messages({ channel: CHANNEL })
        .find((m) => !m.thread_ts && (m.text ?? '').includes('Passed')),
    );
    // The record is written once the outcome is settled, just after the card shows the result.
    let afterRun = '';
    for (let i = 0; i < 50 && runsOf(afterRun) !== runsOf(seeded) + 1; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      afterRun = await command(first, 'history smoke');
    }
    await first.close();
    const second = await start();
    const afterRestart = await command(second, 'history smoke');

    // Assess
    expect(card).toBeDefined();
    // At least two runs on each of the 29 whole days in the period.
    expect(runsOf(seeded)).toBeGreaterThanOrEqual(58);
    expect(seeded).toContain('Pass rate');
    expect(runsOf(afterRun)).toBe(runsOf(seeded) + 1);
    expect(afterRestart).toBe(afterRun);
    const regression = await command(second, 'history regression');
    expect(regression).toContain('Checkout with voucher');
  }, 90_000);
});
