import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtsSimulator } from '../../functions/ats/simulator/simulator';
import type { SlackApiServer } from '../../functions/local/slack-api/slack-api-server';
import { fastDemoTemplate, LocalStandIns, postToSlackEvents } from '../support/local-stand-ins';
import { signedSlashCommand } from '../support/slack-requests';
import { waitFor } from '../support/wait-for';

const SECRET = 'restart-signing-secret';
const CHANNEL = 'C0RESTART';

describe('local mode with DATA_DIR', () => {
  let ats: AtsSimulator;
  let slack: SlackApiServer;
  let standIns: LocalStandIns;

  beforeAll(async () => {
    standIns = await LocalStandIns.start({
      templates: [fastDemoTemplate('tpl-smoke', 2, 'tpl-restart')],
      catalog: [{ alias: 'smoke', templateId: 'tpl-restart', name: 'Restart smoke' }],
      signingSecret: SECRET,
      dataDirPrefix: 'ats-local-restart-',
    });
    ({ ats, slack } = standIns);
  });
  afterAll(async () => {
    await standIns?.close();
  });

  it('keeps an unfinished job across a restart and resumes polling it to the result', async () => {
    // Prepare: a job that ATS accepted, then local mode stops before it finishes.
    const first = await standIns.startInProcess();
    const command = signedSlashCommand(
      { text: 'run smoke', channelId: CHANNEL, userId: 'U0RESTART' },
      { signingSecret: SECRET, base64: false },
    );
    const ack = await postToSlackEvents(first.url, command);
    const card = await waitFor('the job card', 15, () =>
      slack.messages({ channel: CHANNEL }).find((m) => !m.thread_ts && !m.ephemeralFor),
    );
    await first.close();
    const outcomesWhileStopped = slack.messages({ channel: CHANNEL, thread_ts: card.ts }).length;

    // Act
    const second = await standIns.startInProcess();
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
