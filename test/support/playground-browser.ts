import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { SimTemplate } from '../../functions/ats/simulator/simulator';
import { loadLocalConfig } from '../../functions/local/local-config';
import { type RunningLocalMode, startLocalMode } from '../../functions/local/local-mode';
import { createLogger } from '../../functions/logger';

/** What a browser test asks of the playground and its Chromium. */
export interface PlaygroundBrowserOptions {
  /** Names the silent logger and the Chromium profile directory (e.g. `messages`). */
  name: string;
  /** Local mode's variables on top of `PORT=0`. */
  env?: Record<string, string | undefined>;
  /** The embedded simulator's templates; default its demo templates. */
  simulatorTemplates?: SimTemplate[];
  /** Default 1440 × 900. */
  viewport?: { width: number; height: number };
}

/** The local playground with a Chromium page, and the one call that stops both. */
export interface PlaygroundBrowser {
  local: RunningLocalMode;
  page: Page;
  /** Loads the playground page and waits until its live connection is up. */
  open(): Promise<void>;
  /** Types a command in the composer and sends it, as a person would. */
  type(command: string): Promise<void>;
  /** Closes Chromium and local mode and removes the profile directory. */
  stop(): Promise<void>;
}

// Headless Debian chromium without a sandbox (CI runs as root) and without the background traffic
// a first start would make.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts local mode (playground included) in this process and Chromium (/usr/bin/chromium via
 * playwright-core) on a fresh profile, with a page whose waits time out after 30 s.
 * What was started is stopped again when a later step fails.
 */
export async function startPlaygroundBrowser(
  options: PlaygroundBrowserOptions,
): Promise<PlaygroundBrowser> {
  const local = await startLocalMode(loadLocalConfig({ PORT: '0', ...options.env }), {
    logger: createLogger(`${options.name}-browser-test`, 'SILENT'),
    ...(options.simulatorTemplates ? { simulatorTemplates: options.simulatorTemplates } : {}),
  });
  let profileDir: string | undefined;
  let browser: BrowserContext | undefined;
  const stop = async () => {
    await browser?.close();
    await local.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  };
  try {
    profileDir = await mkdtemp(join(tmpdir(), `${options.name}-chromium-`));
    // A persistent context on a fresh directory: playwright's way of passing --user-data-dir.
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: '/usr/bin/chromium',
      viewport: options.viewport ?? { width: 1440, height: 900 },
      args: CHROMIUM_ARGS,
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    return {
      local,
      page,
      async open() {
        await page.goto(`${local.url}/`);
        await page.locator('#connection.live').waitFor();
      },
      async type(command) {
        await page.locator('#command').fill(command);
        await page.locator('#command').press('Enter');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
