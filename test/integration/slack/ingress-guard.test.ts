import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerMessage } from '../../../functions/core/ports';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests } from '../../../functions/core/requests/requests';
import { createSlackIngress } from '../../../functions/slack/bolt-app';
import { MAX_SLACK_BODY_BYTES } from '../../../functions/slack/request-guard';
import { MemoryJobStore } from '../../support/memory-job-store';
import {
  functionUrlEvent,
  signedSlashCommand,
  signSlackRequest,
} from '../../support/slack-requests';
import { CapturingBoltLogger } from './quiet-bolt-logger';

/*
 * Findings of a review of the public Slack endpoint: Bolt parsed the body before checking the
 * signature (an unsigned 6 MB nested JSON body cost 3.3 s of CPU before its 401), and accepted
 * requests dated in the future (even year 2286) and `v1=` signatures.
 */

const SIGNING_SECRET = 'guard-signing-secret';
const lambdaContext = {} as never;

function ingress() {
  const messages: WorkerMessage[] = [];
  const store = new MemoryJobStore();
  const logger = new CapturingBoltLogger();
  const { handler } = createSlackIngress({
    signingSecret: SIGNING_SECRET,
    botToken: 'xoxb-guard',
    logger,
    requests: new JobRequests({
      store,
      invoker: { invoke: async (message) => void messages.push(message) },
      clock: { now: () => Date.now() },
      catalog: parseCatalog([{ alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke' }]),
    }),
  });
  return { handler, store, messages, logger };
}

/** `payload=` with a JSON value nested `depth` deep, padded to about `bytes`. */
function nestedJsonBody(depth: number, bytes: number): string {
  const json = `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
  const payload = `{"type":"block_actions","pad":"${'x'.repeat(Math.max(0, bytes - json.length))}","n":${json}}`;
  return `payload=${encodeURIComponent(payload)}`;
}

describe('the ingress decides on the raw request before Bolt parses it', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers an unsigned 6 MB nested JSON body with 413 without parsing it', async () => {
    // Prepare
    const { handler, store, messages } = ingress();
    const event = functionUrlEvent(nestedJsonBody(100_000, 6 * 1024 * 1024), {
      signingSecret: 'attacker',
    });
    const parse = vi.spyOn(JSON, 'parse');

    // Act
    const response = await handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(413);
    expect(parse).not.toHaveBeenCalled();
    expect(store.all()).toEqual([]);
    expect(messages).toEqual([]);
  });

  it('answers an unsigned nested JSON body under the cap with 401 without parsing it', async () => {
    // Prepare
    const { handler, messages } = ingress();
    const body = nestedJsonBody(20_000, MAX_SLACK_BODY_BYTES / 8);
    const event = functionUrlEvent(body, { signingSecret: 'attacker' });
    const parse = vi.spyOn(JSON, 'parse');

    // Act
    const response = await handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(parse).not.toHaveBeenCalled();
    expect(messages).toEqual([]);
  });

  it('refuses a correctly signed /ats run dated in the year 2286', async () => {
    // Prepare
    const { handler, store, messages } = ingress();
    const event = signedSlashCommand(
      { text: 'run smoke' },
      { signingSecret: SIGNING_SECRET, timestamp: 9_999_999_999 },
    );

    // Act
    const response = await handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(store.all()).toEqual([]);
    expect(messages).toEqual([]);
  });

  it('refuses a /ats run whose signature says v1= over the right digest', async () => {
    // Prepare
    const { handler, messages } = ingress();
    const plain = signedSlashCommand({ text: 'run smoke' }, { signingSecret: SIGNING_SECRET });
    const body = Buffer.from(plain.body ?? '', 'base64').toString('utf8');
    const timestamp = Number(plain.headers['x-slack-request-timestamp']);
    const v1 = signSlackRequest(SIGNING_SECRET, timestamp, body).replace('v0=', 'v1=');
    const event = functionUrlEvent(body, {
      signingSecret: SIGNING_SECRET,
      timestamp,
      signature: v1,
    });

    // Act
    const response = await handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(messages).toEqual([]);
  });

  it('still starts a run for a correctly signed, current /ats run', async () => {
    // Prepare
    const { handler, messages } = ingress();
    const event = signedSlashCommand({ text: 'run smoke' }, { signingSecret: SIGNING_SECRET });

    // Act
    const response = await handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(messages).toHaveLength(1);
  });
});
