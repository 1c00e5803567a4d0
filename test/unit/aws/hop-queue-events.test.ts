import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleHopQueueEvent, isSqsEvent } from '../../../functions/aws/hop-queue-events';
import type { HopMessage } from '../../../functions/core/ports';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

function record(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(T0),
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(T0 + 20_000),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:ats-bot-hops',
    awsRegion: 'eu-west-1',
  };
}

function hop(requestId: string): HopMessage {
  return { type: 'hop', requestId, seq: 4, at: T0 + 20_000, seenAt: T0 };
}

function recordingLog() {
  const warnings: { message: string; extra?: object }[] = [];
  return {
    warnings,
    log: { warn: (message: string, extra?: object) => warnings.push({ message, extra }) },
  };
}

describe('handleHopQueueEvent', () => {
  it('hands every hop of a batch to the worker at once and reports only those that failed', async () => {
    // Prepare
    const event: SQSEvent = {
      Records: [
        record('m-1', hop('req-1')),
        record('m-2', hop('req-2')),
        record('m-3', hop('req-3')),
      ],
    };
    const started: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { log, warnings } = recordingLog();

    // Act
    const handled = handleHopQueueEvent(
      event,
      async (message) => {
        started.push(message.requestId);
        await gate;
        if (message.requestId === 'req-2') throw new Error('DynamoDB throttled');
      },
      log,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const startedTogether = [...started];
    release();
    const response = await handled;

    // Assess
    expect(startedTogether).toEqual(['req-1', 'req-2', 'req-3']);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(warnings).toEqual([
      {
        message: 'Hop failed; SQS delivers it again',
        extra: { messageId: 'm-2', requestId: 'req-2', seq: 4, error: 'Error: DynamoDB throttled' },
      },
    ]);
  });

  it('drops what is not a hop, with a log line, and never retries it', async () => {
    // Prepare
    const event: SQSEvent = {
      Records: [
        record('m-1', { type: 'start', requestId: 'req-1' }),
        record('m-2', 'not json'),
        record('m-3', { ...hop('req-3'), seq: -1 }),
      ],
    };
    const handled: HopMessage[] = [];
    const { log, warnings } = recordingLog();

    // Act
    const response = await handleHopQueueEvent(event, async (m) => void handled.push(m), log);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([]);
    expect(warnings.map((w) => (w.extra as { messageId: string }).messageId)).toEqual([
      'm-1',
      'm-2',
      'm-3',
    ]);
  });
});

describe('isSqsEvent', () => {
  it('tells a batch of the hop queue from a worker message', () => {
    // Act
    // Assess
    expect(isSqsEvent({ Records: [record('m-1', hop('req-1'))] })).toBe(true);
    expect(isSqsEvent(hop('req-1'))).toBe(false);
    expect(isSqsEvent({ Records: [] })).toBe(false);
    expect(isSqsEvent({ Records: [{ eventSource: 'aws:sns' }] })).toBe(false);
    expect(isSqsEvent(null)).toBe(false);
    expect(isSqsEvent('{"type":"poll"}')).toBe(false);
  });
});
