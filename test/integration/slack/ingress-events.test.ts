import { describe, expect, it } from 'vitest';
import { HomePicker } from '../../../functions/core/home/home-picker';
import type { HomeMessage, WorkerMessage } from '../../../functions/core/ports';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests } from '../../../functions/core/requests/requests';
import { createSlackIngress } from '../../../functions/slack/bolt-app';
import { MemoryJobStore } from '../../support/memory-job-store';
import { signedAppHomeOpened, signedUrlVerification } from '../../support/slack-events';
import { CapturingBoltLogger } from './quiet-bolt-logger';

/*
 * The Events API on the ingress: the same raw-request checks as commands and clicks
 * (`request-guard.ts` before Bolt parses anything), then Bolt's `url_verification` answer.
 */

const SIGNING_SECRET = 'events-signing-secret';
const lambdaContext = {} as never;

function ingress(options: { homeFails?: boolean } = {}) {
  const messages: WorkerMessage[] = [];
  const homes: HomeMessage[] = [];
  const logger = new CapturingBoltLogger();
  const store = new MemoryJobStore();
  const clock = { now: () => Date.now() };
  const requests = new JobRequests({
    store,
    invoker: { invoke: async (message) => void messages.push(message) },
    clock,
    catalog: parseCatalog([{ alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke' }]),
  });
  const { handler } = createSlackIngress({
    signingSecret: SIGNING_SECRET,
    botToken: 'xoxb-events',
    logger,
    home: {
      invoker: {
        invoke: async (message: HomeMessage) => {
          if (options.homeFails) throw new Error('Lambda refused');
          homes.push(message);
        },
      },
      picker: new HomePicker({ access: requests.access, store, clock }),
    },
    requests,
  });
  return { handler, messages, homes, logger };
}

describe('the Events API request URL', () => {
  it('answers a signed url_verification with its challenge', async () => {
    // Prepare
    const { handler } = ingress();
    const event = signedUrlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', {
      signingSecret: SIGNING_SECRET,
    });

    // Act
    const response = await handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('refuses a url_verification signed with another secret, without the challenge', async () => {
    // Prepare
    const { handler, logger } = ingress();
    const event = signedUrlVerification('challenge-x', { signingSecret: 'another-app' });

    // Act
    const response = await handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(String(response.body)).not.toContain('challenge-x');
    expect(logger.lines.map((l) => l.text).join('\n')).toContain('signature_mismatch');
  });

  it('refuses an event dated more than five minutes ago, or ahead', async () => {
    // Prepare
    const { handler, messages } = ingress();
    const now = Math.floor(Date.now() / 1000);
    const stale = signedAppHomeOpened({}, { signingSecret: SIGNING_SECRET, timestamp: now - 301 });
    const future = signedAppHomeOpened({}, { signingSecret: SIGNING_SECRET, timestamp: now + 301 });
    const unsigned = signedAppHomeOpened(
      {},
      { signingSecret: SIGNING_SECRET, headers: { 'x-slack-signature': '' } },
    );

    // Act
    const responses = await Promise.all(
      [stale, future, unsigned].map((event) => handler(event, lambdaContext)),
    );

    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual([401, 401, 401]);
    expect(messages).toEqual([]);
  });

  it('hands a signed app_home_opened of the Home tab to the worker, again on a redelivery', async () => {
    // Prepare
    const { handler, homes, messages } = ingress();
    const opened = { userId: 'U0ALICE', channelId: 'D0ALICEHOME', eventId: 'Ev0HOME1' };

    // Act
    const first = await handler(
      signedAppHomeOpened(opened, { signingSecret: SIGNING_SECRET }),
      lambdaContext,
    );
    const retry = await handler(
      signedAppHomeOpened({ ...opened, retryNum: 1 }, { signingSecret: SIGNING_SECRET }),
      lambdaContext,
    );
    const messagesTab = await handler(
      signedAppHomeOpened({ ...opened, tab: 'messages' }, { signingSecret: SIGNING_SECRET }),
      lambdaContext,
    );

    // Assess
    expect([first.statusCode, retry.statusCode, messagesTab.statusCode]).toEqual([200, 200, 200]);
    const expected = { type: 'publish_home', userId: 'U0ALICE', channelId: 'D0ALICEHOME' };
    expect(homes).toEqual([expected, expected]);
    expect(messages).toEqual([]);
  });

  it('answers 500 when the worker cannot be invoked, so that Slack delivers the event again', async () => {
    // Prepare
    const { handler } = ingress({ homeFails: true });

    // Act
    const response = await handler(
      signedAppHomeOpened({ userId: 'U0ALICE' }, { signingSecret: SIGNING_SECRET }),
      lambdaContext,
    );

    // Assess
    expect(response.statusCode).toBe(500);
  });
});
