import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  delaySeconds,
  HopSendError,
  MAX_DELAY_SECONDS,
  SqsHopSender,
} from '../../../functions/aws/sqs-hop-sender';
import { parseWorkerMessage } from '../../../functions/core/worker-message';

const sqsMock = mockClient(SQSClient);
const NOW = Date.UTC(2025, 2, 30, 23, 58, 10, 250);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/ats-bot-hops';

afterEach(() => {
  sqsMock.reset();
});

function aSender(): SqsHopSender {
  return new SqsHopSender(new SQSClient({ region: 'eu-west-1' }), {
    queueUrl: QUEUE_URL,
    now: () => NOW,
  });
}

describe('SqsHopSender.sendHop', () => {
  it('sends the exact SendMessage request: the hop as its body, delayed to its second', async () => {
    // Prepare
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const hop = {
      requestId: 'req-1',
      seq: 7,
      at: new Date(NOW + 19_400),
      seenAt: NOW - 600,
    };

    // Act
    await aSender().sendHop(hop);

    // Assess
    const calls = sqsMock.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      MessageBody: JSON.stringify({
        type: 'hop',
        requestId: 'req-1',
        seq: 7,
        at: NOW + 19_400,
        seenAt: NOW - 600,
      }),
      DelaySeconds: 20,
    });
  });

  it('sends a hop whose time has passed at once, with no delay', async () => {
    // Prepare
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-2' });

    // Act
    await aSender().sendHop({ requestId: 'req-1', seq: 0, at: new Date(NOW - 5_000), seenAt: 0 });

    // Assess
    expect(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input.DelaySeconds).toBe(0);
  });

  it('writes a body the worker reads back as the same hop, whatever the request id', () => {
    // Prepare
    const sender = aSender();
    const hops = fc.record({
      requestId: fc.string({ minLength: 1, maxLength: 128 }),
      seq: fc.nat(),
      offset: fc.integer({ min: -60_000, max: MAX_DELAY_SECONDS * 1000 }),
      seenAt: fc.nat({ max: NOW }),
    });

    // Act
    // Assess
    fc.assert(
      fc.property(hops, ({ requestId, seq, offset, seenAt }) => {
        const input = sender.sendMessageInput({
          requestId,
          seq,
          at: new Date(NOW + offset),
          seenAt,
        });
        expect(parseWorkerMessage(JSON.parse(input.MessageBody ?? ''))).toEqual({
          type: 'hop',
          requestId,
          seq,
          at: NOW + offset,
          seenAt,
        });
        expect(input.DelaySeconds).toBeGreaterThanOrEqual(0);
        expect(input.DelaySeconds).toBeLessThanOrEqual(MAX_DELAY_SECONDS);
        // Never before its time: SQS delays in whole seconds.
        expect(NOW + (input.DelaySeconds ?? 0) * 1000).toBeGreaterThanOrEqual(NOW + offset);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a hop further than SQS delays a message, or with a time that is not whole', async () => {
    // Prepare
    const sender = aSender();
    const far = { requestId: 'req-1', seq: 1, at: new Date(NOW + 901_000), seenAt: NOW };
    const bad = { requestId: 'req-1', seq: 1.5, at: new Date(NOW + 1_000), seenAt: NOW };

    // Act
    const errors = [
      await sender.sendHop(far).catch((e: unknown) => e),
      await sender.sendHop(bad).catch((e: unknown) => e),
    ];

    // Assess
    expect(errors.map((e) => (e as HopSendError).code)).toEqual(['HOP_TOO_FAR', 'HOP_INVALID']);
    expect(errors.every((e) => e instanceof HopSendError)).toBe(true);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('passes what SQS throws on to the caller', async () => {
    // Prepare
    sqsMock
      .on(SendMessageCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    // Act
    const error = await aSender()
      .sendHop({ requestId: 'req-1', seq: 1, at: new Date(NOW + 1_000), seenAt: NOW })
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).name).toBe('ThrottlingException');
  });
});

describe('delaySeconds', () => {
  it('rounds up to whole seconds and never goes below zero', () => {
    // Act
    // Assess
    expect(delaySeconds(NOW + 1, NOW)).toBe(1);
    expect(delaySeconds(NOW + 1_000, NOW)).toBe(1);
    expect(delaySeconds(NOW + 1_001, NOW)).toBe(2);
    expect(delaySeconds(NOW, NOW)).toBe(0);
    expect(delaySeconds(NOW - 10_000, NOW)).toBe(0);
  });
});
