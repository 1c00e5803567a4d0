import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRunHistory } from '../../functions/aws/dynamo-run-history';
import { startEmbeddedDynamo } from '../../functions/local/embedded-dynamo';
import { loadLocalConfig } from '../../functions/local/local-config';
import { type RunningLocalMode, startLocalMode } from '../../functions/local/local-mode';
import { PLAYGROUND_WORKSPACE } from '../../functions/local/playground/workspace';
import { createLogger } from '../../functions/logger';
import { fixedDigestHistory } from '../support/digest-history';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOT = join(REPO_ROOT, 'test-artifacts', 'playground-digest.png');

/**
 * The fixed test history, moved into the playground's channel and to the last days, written to
 * the run history table of a DATA_DIR before local mode opens it.
 */
async function seedHistory(dataDir: string): Promise<number> {
  const dynamo = await startEmbeddedDynamo({ dataDir });
  try {
    const history = new DynamoRunHistory(dynamo.doc, dynamo.historyTableName);
    const records = fixedDigestHistory();
    const shift = Date.now() - 3_600_000 - Math.max(...records.map((r) => r.endedAt));
    for (const r of records) {
      await history.record({
        ...r,
        channelId: PLAYGROUND_WORKSPACE.channel.id,
        endedAt: r.endedAt + shift,
        startedAt: r.startedAt + shift,
      });
    }
    return records.length;
  } finally {
    await dynamo.close();
  }
}

describe('the channel digest in the playground', () => {
  let local: RunningLocalMode;
  let browser: BrowserContext;
  let page: Page;
  let dataDir: string;
  let profileDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'playground-digest-data-'));
    await seedHistory(dataDir);
    local = await startLocalMode(loadLocalConfig({ PORT: '0', DATA_DIR: dataDir }), {
      logger: createLogger('playground-digest-test', 'SILENT'),
    });
    profileDir = await mkdtemp(join(tmpdir(), 'playground-digest-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: '/usr/bin/chromium',
      viewport: { width: 1440, height: 1400 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await local?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('sets the digest from the page, posts it now, and shows its summary and chart', async () => {
    // Prepare
    await page.goto(`${local.url}/`);
    await page.locator('#connection.live').waitFor();

    // Act: set the digest as a person would, then post it from the sidebar
    await page.locator('#command').fill('/ats digest mon 09:00 Europe/Amsterdam');
    await page.locator('#command').press('Enter');
    const answer = page.locator('#messages .message.ephemeral', { hasText: "channel's digest" });
    await answer.waitFor();
    const postNow = page.locator('#schedules .schedule .post-now');
    await postNow.waitFor();
    await postNow.click();
    const digest = page.locator('#messages .message:not(.ephemeral)', { hasText: 'Digest:' });
    await digest.waitFor({ timeout: 45_000 });
    const chart = digest.locator('.block.image img');
    await chart.waitFor();
    // The image loaded: the browser decoded the PNG the local Slack API holds.
    await page.waitForFunction(
      (img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      },
      await chart.elementHandle(),
    );
    const size = await chart.evaluate((img) => {
      const image = img as unknown as { naturalWidth: number; naturalHeight: number };
      return [image.naturalWidth, image.naturalHeight];
    });
    await mkdir(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await digest.screenshot({ path: SCREENSHOT });

    // Assess
    expect(await answer.textContent()).toContain('Europe/Amsterdam');
    expect(size).toEqual([1600, 800]);
    const text = (await digest.textContent()) ?? '';
    expect(text).toContain('28 runs of 3 templates');
    expect(text).toContain('Payment.decline');
    expect(text).toContain('Cart.timeout');
    expect(await chart.getAttribute('alt')).toMatch(/^Daily pass rate per template/);
  });
});
