import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRunHistory } from '../../functions/aws/dynamo-run-history';
import { startEmbeddedDynamo } from '../../functions/local/embedded-dynamo';
import { PLAYGROUND_WORKSPACE } from '../../functions/local/playground/workspace';
import { fixedDigestHistory } from '../support/digest-history';
import { type PlaygroundBrowser, startPlaygroundBrowser } from '../support/playground-browser';

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
  let playground: PlaygroundBrowser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'playground-digest-data-'));
    await seedHistory(dataDir);
    playground = await startPlaygroundBrowser({
      name: 'playground-digest',
      env: { DATA_DIR: dataDir },
      viewport: { width: 1440, height: 1400 },
    });
    page = playground.page;
  });

  afterAll(async () => {
    await playground?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('sets the digest from the page, posts it now, and shows its summary and chart', async () => {
    // Prepare
    await playground.open();

    // Act: set the digest as a person would, then post it from the sidebar
    await playground.type('/ats digest mon 09:00 Europe/Amsterdam');
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
    expect(text).toContain(
      'Orders.bulkImport (Regression suite) 10m 20s, among the slowest in 7 of 7 runs',
    );
    expect(await chart.getAttribute('alt')).toMatch(/^Daily pass rate per template/);
  });
});
