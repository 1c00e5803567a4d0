import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningLocalMode } from '../../functions/local/local-mode';
import type { SlackApiServer } from '../../functions/local/slack-api/slack-api-server';
import { fastDemoTemplate, LocalStandIns, postToSlackEvents } from '../support/local-stand-ins';
import { signedSlashCommand } from '../support/slack-requests';
import { waitFor } from '../support/wait-for';

const SECRET = 'history-signing-secret';
const CHANNEL = 'C0HISTORY';

describe('local mode: demo history and recording, across a restart with DATA_DIR', () => {
  let slack: SlackApiServer;
  let standIns: LocalStandIns;

  beforeAll(async () => {
    standIns = await LocalStandIns.start({
      templates: ['tpl-smoke', 'tpl-regression', 'tpl-warning'].map((id) =>
        fastDemoTemplate(id, 1),
      ),
      catalog: [
        { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke test' },
        { alias: 'regression', templateId: 'tpl-regression', name: 'Regression suite' },
        { alias: 'warning', templateId: 'tpl-warning', name: 'Accessibility checks' },
      ],
      signingSecret: SECRET,
      dataDirPrefix: 'ats-local-history-',
    });
    ({ slack } = standIns);
  });
  afterAll(async () => {
    await standIns?.close();
  });

  const start = () => standIns.startInProcess({ DEMO_HISTORY: '30' });

  async function command(mode: RunningLocalMode, text: string): Promise<string> {
    const answer = await postToSlackEvents(
      mode.url,
      signedSlashCommand(
        { text, channelId: CHANNEL, userId: 'U0HISTORY' },
        { signingSecret: SECRET, base64: false },
      ),
    );
    expect(answer.status).toBe(200);
    return answer.text;
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
