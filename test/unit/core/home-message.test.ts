import { describe, expect, it } from 'vitest';
import type { HomeMessage, WorkerMessage } from '../../../functions/core/ports';
import { handleWorkerEvent, routeWorkerMessages } from '../../../functions/core/worker';
import { parseWorkerMessage } from '../../../functions/core/worker-message';

// The App Home's worker message: who opened it and their App Home conversation, nothing else.

describe('publish_home messages', () => {
  it('parses a Slack user id and conversation id, and nothing more', () => {
    // Act
    const parsed = [
      parseWorkerMessage({ type: 'publish_home', userId: 'U0ALICE', channelId: 'D0HOME' }),
      parseWorkerMessage({ type: 'publish_home', userId: 'W0ENTERPRISE', channelId: 'D0HOME' }),
      parseWorkerMessage({ type: 'publish_home', userId: 'alice', channelId: 'D0HOME' }),
      parseWorkerMessage({ type: 'publish_home', userId: 'U0ALICE', channelId: 'x' }),
      parseWorkerMessage({ type: 'publish_home', userId: 'U0ALICE' }),
      parseWorkerMessage({ type: 'publish_home', userId: 'U0ALICE', channelId: 'D0H', extra: 1 }),
      parseWorkerMessage({ type: 'publish_home', userId: 7, channelId: 'D0HOME' }),
    ];

    // Assess
    expect(parsed).toEqual([
      { type: 'publish_home', userId: 'U0ALICE', channelId: 'D0HOME' },
      { type: 'publish_home', userId: 'W0ENTERPRISE', channelId: 'D0HOME' },
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('goes to the App Home, and is dropped with a warning by a worker without one', async () => {
    // Prepare
    const homes: HomeMessage[] = [];
    const jobs: WorkerMessage[] = [];
    const warnings: string[] = [];
    const log = { warn: (message: string) => void warnings.push(message) };
    const withHome = routeWorkerMessages(
      { handle: async (m) => void jobs.push(m) },
      undefined,
      log,
      { handle: async (m) => void homes.push(m) },
    );
    const withoutHome = routeWorkerMessages(
      { handle: async (m) => void jobs.push(m) },
      undefined,
      log,
    );
    const message = { type: 'publish_home', userId: 'U0ALICE', channelId: 'D0HOME' };

    // Act
    await handleWorkerEvent(withHome, JSON.stringify(message), log);
    await handleWorkerEvent(withoutHome, message, log);

    // Assess
    expect(homes).toEqual([message]);
    expect(jobs).toEqual([]);
    expect(warnings).toEqual(['Home message dropped: the App Home is not set up']);
  });
});
