import { describe, expect, it } from 'vitest';
import type { WorkerInvoker, WorkerMessage } from '../../../functions/core/ports';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests } from '../../../functions/core/requests/requests';
import { createSlackIngress } from '../../../functions/slack/bolt-app';
import { MemoryJobStore } from '../../support/memory-job-store';
import { functionUrlEvent } from '../../support/slack-requests';
import { CapturingBoltLogger } from './quiet-bolt-logger';

/*
 * Regression (found by the reliability suite's ingress fuzzing): Bolt's receiver throws on a body
 * it cannot parse, before it checks the signature, so any request from the internet with such a
 * body failed the ingress invocation (502, error log, error alarm) instead of being answered.
 */

const SIGNING_SECRET = 'malformed-signing-secret';
const lambdaContext = {} as never;

function ingressWithRecorders() {
  const messages: WorkerMessage[] = [];
  const invoker: WorkerInvoker = {
    invoke: async (message) => {
      messages.push(message);
    },
  };
  const store = new MemoryJobStore();
  const logger = new CapturingBoltLogger();
  const ingress = createSlackIngress({
    signingSecret: SIGNING_SECRET,
    botToken: 'xoxb-malformed',
    logger,
    requests: new JobRequests({
      store,
      invoker,
      clock: { now: () => Date.now() },
      catalog: parseCatalog([{ alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke' }]),
    }),
  });
  return { ingress, store, messages, logger };
}

describe('the ingress answers requests it cannot read', () => {
  it.each([
    ['a signed button payload that is not JSON', 'payload=%7Bnot-json', true, undefined],
    [
      'a signed form body with a charset parameter',
      'text=run+smoke&command=%2Fats&trigger_id=t1',
      true,
      'application/x-www-form-urlencoded; charset=utf-8',
    ],
  ])('answers %s with 400 and starts nothing', async (_, body, sign, contentType) => {
    // Prepare
    const { ingress, store, messages } = ingressWithRecorders();
    const event = functionUrlEvent(body, {
      signingSecret: sign ? SIGNING_SECRET : 'someone-else',
      ...(contentType ? { headers: { 'content-type': contentType } } : {}),
    });

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(store.all()).toEqual([]);
    expect(messages).toEqual([]);
  });

  it('answers an unsigned text/plain body with 401 before parsing it, and starts nothing', async () => {
    // Prepare
    const { ingress, store, messages } = ingressWithRecorders();
    const event = functionUrlEvent('hello there', {
      signingSecret: 'someone-else',
      headers: { 'content-type': 'text/plain' },
    });

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(store.all()).toEqual([]);
    expect(messages).toEqual([]);
  });

  it('answers an event without headers with 401 and logs no body', async () => {
    // Prepare
    const { ingress, logger } = ingressWithRecorders();
    const event = functionUrlEvent('secret-looking-body', { signingSecret: SIGNING_SECRET });
    (event as { headers?: unknown }).headers = undefined;

    // Act
    const response = await ingress.handler(event, lambdaContext);

    // Assess: without headers there is no signature, so it is refused before anything is read.
    expect(response.statusCode).toBe(401);
    expect(logger.lines.some((l) => l.text.includes('Request refused (401)'))).toBe(true);
    expect(logger.lines.some((l) => l.text.includes('secret-looking-body'))).toBe(false);
  });
});
