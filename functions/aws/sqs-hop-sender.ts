import {
  SendMessageCommand,
  type SendMessageCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { HopMessage, HopRequest, HopSender } from '../core/ports';
import { nowBy, type WallClockConfig } from './wall-clock';

/** Where hops go. */
export interface SqsHopSenderConfig extends WallClockConfig {
  /** URL of the hop queue, whose event source mapping hands each message to the worker. */
  queueUrl: string;
}

/** SQS's longest per-message delay: 15 minutes. */
export const MAX_DELAY_SECONDS = 900;

/**
 * {@link HopSender} over an SQS standard queue: one message per hop, held back by its own
 * `DelaySeconds` (whole seconds, rounded up, so a hop never arrives before its time). The queue's
 * event source mapping invokes the worker with it once the delay has passed.
 */
export class SqsHopSender implements HopSender {
  constructor(
    private readonly client: SQSClient,
    private readonly config: SqsHopSenderConfig,
  ) {}

  /**
   * Sends the hop.
   * @throws HopSendError for a hop that cannot be a message (see {@link sendMessageInput});
   * whatever SQS throws (throttling, access denied).
   */
  async sendHop(hop: HopRequest): Promise<void> {
    await this.client.send(new SendMessageCommand(this.sendMessageInput(hop)));
  }

  /**
   * The exact SendMessage request for a hop (exposed for tests and diagnostics).
   * @throws HopSendError `HOP_INVALID` for a seq or times that are not whole non-negative numbers,
   * `HOP_TOO_FAR` for a hop more than {@link MAX_DELAY_SECONDS} away.
   */
  sendMessageInput(hop: HopRequest): SendMessageCommandInput {
    const at = hop.at.getTime();
    const message: HopMessage = {
      type: 'hop',
      requestId: hop.requestId,
      seq: hop.seq,
      at,
      seenAt: hop.seenAt,
    };
    if (![message.seq, message.at, message.seenAt].every(isWholeNumber)) {
      throw new HopSendError(
        'HOP_INVALID',
        `Hop ${hop.requestId}/${hop.seq} has a seq or time that is not a whole number of at least 0`,
      );
    }
    const delay = delaySeconds(at, nowBy(this.config));
    if (delay > MAX_DELAY_SECONDS) {
      throw new HopSendError(
        'HOP_TOO_FAR',
        `Hop ${hop.requestId}/${hop.seq} is ${delay} s away; SQS delays a message ${MAX_DELAY_SECONDS} s at most`,
      );
    }
    return {
      QueueUrl: this.config.queueUrl,
      MessageBody: JSON.stringify(message),
      DelaySeconds: delay,
    };
  }
}

/** Machine-readable codes of {@link HopSendError}. */
export type HopSendErrorCode = 'HOP_INVALID' | 'HOP_TOO_FAR';

/** A hop the adapter cannot turn into a message (a caller bug, never retried). */
export class HopSendError extends Error {
  constructor(
    readonly code: HopSendErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HopSendError';
  }
}

/** Whole seconds from `now` to `at`, rounded up; 0 for a time already past. */
export function delaySeconds(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function isWholeNumber(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
