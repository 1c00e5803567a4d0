import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtsSoapClient } from '../../functions/ats/client';
import { DEMO_TEMPLATES, type SimTemplate } from '../../functions/ats/simulator/simulator';
import { DEMO_CATALOG } from '../../functions/local/demo-catalog';
import { SIMULATOR_CREDENTIALS } from '../../functions/local/local-config';
import { type PlaygroundBrowser, startPlaygroundBrowser } from '../support/playground-browser';

// Every state of a job's messages, walked in Chromium through the playground as a person would:
// a quiet pass, a start ATS refused, a watched job, a failure that passes on a rerun (with the
// JUnit file and a stale click), the run picker, the typo answer's emoji, and the channel that
// follows new messages. The pictures land in test-artifacts/ and, with
// UPDATE_DOCS_SCREENSHOTS=1, in docs/screenshots/ (docs/messages.md shows them).

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const DOCS_SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

/** A suite whose two failures pass when rerun: the chain ends "Passed on rerun 1 · 2 flaky". */
const CHECKOUT: SimTemplate = {
  templateId: 'tpl-checkout',
  name: 'Checkout suite',
  queuedSeconds: 1,
  runningSeconds: 2,
  testCases: [
    { name: 'Log in', result: 'Passed', durationSeconds: 4 },
    {
      name: 'Pay by card',
      result: 'Failed',
      durationSeconds: 41,
      errorMessage: 'Timed out waiting for the payment page',
      onRerun: ['Passed'],
    },
    {
      name: 'Apply voucher',
      result: 'Failed',
      durationSeconds: 17,
      errorMessage: "Element 'Apply voucher' not found within 30 seconds",
      onRerun: ['Passed'],
    },
    { name: 'Log out', result: 'Passed', durationSeconds: 3 },
  ],
};

const DESCRIPTIONS: Record<string, string> = {
  smoke: 'Logs in, opens the dashboard and searches a customer',
  regression: 'The full regression suite: orders, vouchers, invoices, refunds',
  checkout: 'Card payments and vouchers',
};

describe('what people see, in a browser', () => {
  let playground: PlaygroundBrowser;
  let page: Page;

  beforeAll(async () => {
    const templates = [...DEMO_TEMPLATES, CHECKOUT].map((t) => ({
      ...t,
      queuedSeconds: 1,
      runningSeconds: 2,
    }));
    const catalog = [
      ...DEMO_CATALOG.map((entry) => ({
        ...entry,
        ...(DESCRIPTIONS[entry.alias] ? { description: DESCRIPTIONS[entry.alias] } : {}),
      })),
      {
        alias: 'checkout',
        templateId: CHECKOUT.templateId,
        name: CHECKOUT.name,
        description: DESCRIPTIONS.checkout,
      },
    ];
    await mkdir(ARTIFACTS, { recursive: true });
    playground = await startPlaygroundBrowser({
      name: 'messages',
      env: {
        POLL_INTERVAL_SECONDS: '1',
        ATS_TEMPLATES: JSON.stringify(catalog),
        // A documentation address: the button shows, nothing is loaded.
        ATS_JOB_URL_TEMPLATE: 'https://ats.example.com/#/apps/{appId}/jobs/{jobId}',
      },
      simulatorTemplates: templates,
    });
    page = playground.page;
    await playground.open();
  });

  afterAll(async () => {
    await playground?.stop();
  });

  /** The channel's card of a template (not ephemeral, not a reply). */
  function cardOf(title: string): Locator {
    return page
      .locator('#messages .message:not(.ephemeral)')
      .filter({ has: page.locator('.section-text b', { hasText: new RegExp(`^${title}$`) }) })
      .last();
  }

  /** Waits until `where` shows text matching `pattern` (live updates come within seconds). */
  async function shows(where: Locator, pattern: RegExp): Promise<void> {
    await expect
      .poll(async () => (await where.textContent()) ?? '', { timeout: 45_000, interval: 250 })
      .toMatch(pattern);
  }

  /** Saves a picture of `what`, and into docs/ when asked to refresh the docs' pictures. */
  async function picture(name: string, what: Locator | Page): Promise<void> {
    const path = join(ARTIFACTS, `${name}.png`);
    await what.screenshot({ path });
    if (process.env.UPDATE_DOCS_SCREENSHOTS) {
      await mkdir(DOCS_SCREENSHOTS, { recursive: true });
      await copyFile(path, join(DOCS_SCREENSHOTS, `${name}.png`));
    }
  }

  it('a clean pass updates its card, Open in ATS on it, and posts nothing in a thread', async () => {
    // Act
    await playground.type('/ats run smoke');
    const card = cardOf('Smoke test');
    await shows(card, /Status\s*✅ Passed/);

    // Assess
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Started by');
    expect(text).toMatch(/Duration\s*\d+s/);
    expect(await card.locator('a.button', { hasText: 'Open in ATS' }).getAttribute('href')).toMatch(
      /^https:\/\/ats\.example\.com\/#\/apps\/[^/]+\/jobs\/[0-9a-f-]{36}$/,
    );
    expect(await card.locator('.replies').count()).toBe(0);
    await picture('passed', card);
  });

  it('a start ATS refused shows the reason on its card and tells the requester once', async () => {
    // Act
    await playground.type('/ats run rejected');
    const card = cardOf('Template without Selenium hub');
    await shows(card, /Status\s*⛔ Did not start/);
    const told = page.locator('#messages .message.ephemeral', { hasText: 'no Selenium hub' });
    await told.waitFor();

    // Assess
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Requested by');
    expect(text).toContain('no Selenium hub is configured');
    expect(text).not.toMatch(/not started yet|Started by/);
    expect(await card.locator('.replies').count()).toBe(0);
    expect(await told.count()).toBe(1);
    await picture('rejected', card);
  });

  it('a watched job says since when it is watched and takes its duration from ATS', async () => {
    // Prepare: a CI pipeline started the job in ATS itself.
    const { jobId } = await new AtsSoapClient({
      baseUrl: playground.local.atsBaseUrl,
      ...SIMULATOR_CREDENTIALS,
    }).runJob('tpl-smoke');

    // Act
    await playground.type(`/ats watch ${jobId}`);
    const card = cardOf(`ATS job ${jobId}`);
    await shows(card, /Status\s*✅ Passed/);

    // Assess
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Watched since');
    // The demo smoke test's cases: 4 + 7 + 12 + 3 seconds by ATS's account.
    expect(text).toMatch(/Duration\s*26s/);
    await picture('watched', card);
  });

  it('a failure that passes on a rerun: the card tells the story, the thread the details and the JUnit file', async () => {
    // Act: run, open the thread, rerun what did not pass
    await playground.type('/ats run checkout');
    const card = cardOf('Checkout suite');
    await card.locator('.replies').waitFor();
    await card.locator('.replies').click();
    const thread = page.locator('#thread');
    await thread.locator('.file', { hasText: 'checkout-' }).waitFor();
    const rerun = thread.getByRole('button', { name: 'Rerun not passed' });
    const drawn = {
      ts: await rerun.evaluate((b) => b.closest('[data-ts]')?.getAttribute('data-ts')),
      blockId: await rerun.getAttribute('data-block-id'),
      value: await rerun.getAttribute('data-value'),
    };
    await rerun.click();
    await shows(card, /Passed on rerun 1/);
    await thread.locator('.block.header', { hasText: 'Rerun 1: Passed' }).waitFor();

    // Act: a click on the button as it was drawn before, as a second tab would send it
    const stale = await page.evaluate(
      async (button) =>
        (
          await fetch('/playground/action', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              ...button,
              actionId: 'rerun_not_passed',
              text: 'Rerun not passed',
              style: 'primary',
            }),
          })
        ).status,
      drawn,
    );
    const answer = page.locator('.message.ephemeral', { hasText: 'was already rerun' });
    await answer.first().waitFor();

    // Assess
    expect(stale).toBe(200);
    expect(await card.textContent()).toContain('Passed on rerun 1 · 2 flaky');
    const threadText = (await thread.textContent()) ?? '';
    expect(threadText).toContain('Checkout suite: Failed');
    expect(threadText).toContain('Checkout suite · Rerun 1: Passed');
    expect(threadText).toContain('Flaky');
    expect(threadText).toContain('Rerun started by @alice');
    const file = thread.locator('.file').first();
    expect(await file.textContent()).toMatch(/JUnit result · Checkout suite.*\.junit\.xml/);
    const junit = await page.evaluate(
      async (href) => (await fetch(href ?? '')).text(),
      await file.getAttribute('href'),
    );
    expect(junit).toContain('<testsuite name="Checkout suite"');
    expect(junit).toContain('failures="2"');
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.locator('#thread-messages').evaluate((list) => {
      list.scrollTop = 0;
    });
    await picture('failed-then-passed-on-rerun', page);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('keeps following new messages with a thread open', async () => {
    // Act: the thread from the previous step is still open
    await playground.type('/ats status');
    const answer = page.locator('#messages .message.ephemeral', {
      hasText: /active jobs?|No active jobs/,
    });
    await answer.last().waitFor();

    // Assess: the channel scrolled to show it
    const box = await answer.last().boundingBox();
    const list = await page.locator('#messages').boundingBox();
    expect(box && list && box.y + box.height <= list.y + list.height + 2).toBe(true);
  });

  it('draws the typo answer’s emoji', async () => {
    // Act
    await playground.type('/ats run smoek');
    const answer = page.locator('#messages .message.ephemeral', { hasText: 'Did you mean' });
    await answer.last().waitFor();

    // Assess
    const text = (await answer.last().textContent()) ?? '';
    expect(text).toContain('🤔');
    expect(text).not.toContain(':thinking_face:');
  });

  it('opens the run picker for /ats alone, and its Run starts the job', async () => {
    // Act
    await page.locator('#close-thread').click();
    await playground.type('/ats');
    const modal = page.locator('#modal');
    await modal.locator('.modal-title', { hasText: 'Run a test job' }).waitFor();
    await picture('run-picker', page);
    await modal.getByLabel(/^Smoke test/).check();
    const cards = await page.locator('#messages .message:not(.ephemeral)').count();
    await modal.locator('#modal-submit').click();
    await modal.waitFor({ state: 'hidden' });
    await page.locator('#messages .message:not(.ephemeral)').nth(cards).waitFor();

    // Assess
    const optionText = (await page.locator('#messages').textContent()) ?? '';
    expect(optionText).toContain('Starting');
    const smokeCards = page
      .locator('#messages .message:not(.ephemeral)')
      .filter({ has: page.locator('.section-text b', { hasText: /^Smoke test$/ }) });
    expect(await smokeCards.count()).toBe(2);
  });
});
