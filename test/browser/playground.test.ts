import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATES } from '../../functions/ats/simulator/simulator';
import { type PlaygroundBrowser, startPlaygroundBrowser } from '../support/playground-browser';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOT = join(REPO_ROOT, 'test-artifacts', 'playground-thread.png');

describe('playground in a browser', () => {
  let playground: PlaygroundBrowser;
  let page: Page;

  beforeAll(async () => {
    // The demo templates, only faster: a run and a rerun take seconds instead of half a minute.
    const templates = DEMO_TEMPLATES.map((t) => ({ ...t, queuedSeconds: 1, runningSeconds: 2 }));
    playground = await startPlaygroundBrowser({
      name: 'playground',
      env: { POLL_INTERVAL_SECONDS: '1' },
      simulatorTemplates: templates,
    });
    page = playground.page;
  });

  afterAll(async () => {
    await playground?.stop();
  });

  it('runs a job, shows its result in the thread and reruns the not-passed cases from the button', async () => {
    // Prepare
    await playground.open();

    // Act: the command, typed as a person would
    await playground.type('/ats run regression');
    const acknowledgement = page.locator('#messages .message.ephemeral');
    await acknowledgement.waitFor();
    const card = page.locator('#messages .message:not(.ephemeral)').first();
    await card.locator('.replies').waitFor();
    const cardText = await card.textContent();

    // Act: open the thread and click Rerun not passed
    await card.locator('.replies').click();
    const thread = page.locator('#thread');
    const rerunButton = thread.getByRole('button', { name: 'Rerun not passed' });
    await rerunButton.first().click();
    const rerunResult = thread.locator('.block.header', { hasText: 'Rerun 1' });
    await rerunResult.waitFor({ timeout: 45_000 });
    await thread.getByText('Rerun started by').first().waitFor();
    await mkdir(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    // Tall enough to show the whole thread: the first result, the click and the rerun.
    await page.setViewportSize({ width: 1440, height: 1700 });
    await page.locator('#thread-messages').evaluate((list) => {
      list.scrollTop = 0;
    });
    await page.screenshot({ path: SCREENSHOT });
    if (process.env.UPDATE_DOCS_SCREENSHOTS) {
      await copyFile(SCREENSHOT, join(REPO_ROOT, 'docs', 'playground.png'));
    }

    // Assess
    expect(await acknowledgement.textContent()).toContain('Only visible to you');
    expect(cardText).toContain('Regression suite');
    expect(cardText).toMatch(/Failed/);
    const threadText = (await thread.textContent()) ?? '';
    expect(threadText).toContain('Regression suite: Failed');
    expect(threadText).toContain('Export invoice PDF');
    expect(threadText).toContain('Regression suite · Rerun 1');
    expect(threadText).toMatch(/Rerun started by @alice/);
    // Mrkdwn is rendered, not shown raw.
    expect(threadText).not.toMatch(/<@U0|\*Verdict\*|:white_check_mark:|:x:/);
    expect(await thread.locator('.block.header').count()).toBeGreaterThanOrEqual(2);
  });

  it('lists a schedule set from the page in the sidebar, in the zone of the person who set it', async () => {
    // Prepare
    await page.setViewportSize({ width: 1440, height: 900 });
    await playground.open();

    // Act
    await playground.type('/ats schedule smoke weekdays 02:00');
    const listed = page.locator('#schedules .schedule');
    await listed.first().waitFor();
    const answer = page.locator('#messages .message.ephemeral', { hasText: 'Scheduled' });
    await answer.waitFor();

    // Assess: alice's profile says Europe/Amsterdam; the sidebar shows the next run.
    expect(await answer.textContent()).toContain('Europe/Amsterdam (your Slack time zone)');
    const text = (await listed.first().textContent()) ?? '';
    expect(text).toMatch(/^smoke-[0-9a-f]{8}weekdays 02:00 Europe\/Amsterdam · next /);
  });
});
