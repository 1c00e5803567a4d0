import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { AnyWorkerMessage, WorkerInvoker } from '../core/ports';
import { parseWorkerMessage } from '../core/worker-message';

/** Machine-readable codes of {@link WorkerInvokeError}. */
export type WorkerInvokeErrorCode = 'WORKER_MESSAGE_INVALID' | 'WORKER_INVOKE_REJECTED';

/** The worker could not be handed a message. */
export class WorkerInvokeError extends Error {
  constructor(
    readonly code: WorkerInvokeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerInvokeError';
  }
}

/** Lambda's answer to an accepted asynchronous invocation. */
const ACCEPTED = 202;

/**
 * {@link WorkerInvoker} over Lambda asynchronous invocation (`InvocationType: 'Event'`): Lambda
 * queues the event and answers 202 at once, so the ingress never waits for the worker. Lambda
 * retries a failed async run twice, which is why the worker is idempotent.
 */
export class LambdaWorkerInvoker implements WorkerInvoker {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  /**
   * Queues `message` for the worker.
   * @throws WorkerInvokeError `WORKER_MESSAGE_INVALID` when the message would be refused by the
   * worker anyway; `WORKER_INVOKE_REJECTED` when Lambda answers anything but 202 or reports a
   * function error; whatever the SDK throws (throttling, access denied, network).
   */
  async invoke(message: AnyWorkerMessage): Promise<void> {
    if (!parseWorkerMessage(message)) {
      throw new WorkerInvokeError(
        'WORKER_MESSAGE_INVALID',
        `Refusing to send an invalid worker message of type "${String(message?.type)}"`,
      );
    }
    const out = await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: JSON.stringify(message),
      }),
    );
    if (out.StatusCode !== ACCEPTED || out.FunctionError) {
      throw new WorkerInvokeError(
        'WORKER_INVOKE_REJECTED',
        `Lambda did not accept the ${message.type} message for ${subjectOf(message)}: status ` +
          `${out.StatusCode ?? 'none'}${out.FunctionError ? `, ${out.FunctionError}` : ''}`,
      );
    }
  }
}

/** The job, schedule or person a message is about. */
function subjectOf(message: AnyWorkerMessage): string {
  if ('requestId' in message) return message.requestId;
  return 'scheduleId' in message ? message.scheduleId : message.userId;
}
