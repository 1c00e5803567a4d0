import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { HopMessage } from '../core/ports';
import type { WorkerLog } from '../core/worker';
import { parseWorkerMessage } from '../core/worker-message';

/** True for an event of an SQS event source mapping: records from `aws:sqs`. */
export function isSqsEvent(event: unknown): event is SQSEvent {
  if (typeof event !== 'object' || event === null) return false;
  const records = (event as { Records?: unknown }).Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        (r as { eventSource?: unknown }).eventSource === 'aws:sqs',
    )
  );
}

/**
 * Handles a batch from the hop queue: every record's body is parsed as a worker message and, when
 * it is a hop, handed to `handle`; the records handled at once. A body that is not a hop is logged
 * and dropped (only hops travel on this queue). The records whose handling threw are returned as
 * batch item failures, so SQS delivers those again after the visibility timeout (too late to ask
 * ATS: the hop then drops itself) and, should one keep failing, moves it to the dead-letter queue.
 * Needs `ReportBatchItemFailures` on the event source mapping.
 */
export async function handleHopQueueEvent(
  event: SQSEvent,
  handle: (hop: HopMessage) => Promise<void>,
  log: WorkerLog,
): Promise<SQSBatchResponse> {
  const failures: SQSBatchItemFailure[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      const message = parseWorkerMessage(parseJson(record.body));
      if (message?.type !== 'hop') {
        log.warn('Message on the hop queue that is not a hop dropped', {
          messageId: record.messageId,
          body: record.body.length > 500 ? `${record.body.slice(0, 500)}…` : record.body,
        });
        return;
      }
      try {
        await handle(message);
      } catch (error) {
        log.warn('Hop failed; SQS delivers it again', {
          messageId: record.messageId,
          requestId: message.requestId,
          seq: message.seq,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures: failures };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
