import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATES } from '../../functions/ats/simulator/simulator';
import { type PlaygroundBrowser, startPlaygroundBrowser } from '../support/playground-browser';

/*
 * The playground's Home tab in a browser: opening it sends app_home_opened, the Home the bot
 * publishes is drawn, and its Run opens the run picker, whose submission starts a job in the
 * channel chosen.
 */

describe('the playground Home in a browser', () => {
  let playground: PlaygroundBrowser;
  let page: Page;

  beforeAll(async () => {
    const templates = DEMO_TEMPLATES.map((t) => ({ ...t, queuedSeconds: 1, runningSeconds: 1 }));
    playground = await startPlaygroundBrowser({
      name: 'app-home',
      env: { POLL_INTERVAL_SECONDS: '1' },
      simulatorTemplates: templates,
    });
    page = playground.page;
  });

  afterAll(async () => {
    await playground?.stop();
  });

  it('opens the Home with the templates, and its Run starts a job in the channel picked', async () => {
    // Prepare
    await playground.open();

    // Act: open the Home tab
    await page.locator('#home-link').click();
    const home = page.locator('#home');
    await home.locator('.block.section', { hasText: 'Smoke test' }).waitFor();
    const homeText = (await home.textContent()) ?? '';

    // Act: Run on Smoke test, pick the channel, submit
    await home
      .locator('.block.section', { hasText: 'Smoke test' })
      .getByRole('button', { name: 'Run' })
      .click();
    const modal = page.locator('#modal');
    await modal.locator('select[data-element-type="conversations_select"]').waitFor();
    const chosenTemplate = await modal.locator('input[type="radio"]:checked').getAttribute('value');
    await modal
      .locator('select[data-element-type="conversations_select"]')
      .selectOption('C0PLAYGND');
    await page.locator('#modal-submit').click();
    await modal.waitFor({ state: 'hidden' });

    // Act: back in the channel, the job's card
    await page.locator('#channel-link').click();
    const card = page.locator('#messages .message:not(.ephemeral)', { hasText: 'Smoke test' });
    await card.first().waitFor();

    // Assess
    expect(homeText).toContain('Templates you may run');
    expect(homeText).toContain('Regression suite');
    expect(homeText).toContain('Your recent jobs');
    // Mrkdwn is rendered, not shown raw.
    expect(homeText).not.toMatch(/:white_check_mark:|\*Smoke test\*/);
    expect(chosenTemplate).toBe('smoke');
    expect(await card.count()).toBeGreaterThanOrEqual(1);
  });
});
