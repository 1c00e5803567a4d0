import type { WorkerInvoker, WorkerMessage } from '../../functions/core/ports';

/** Records hand-offs to the worker: what the ingress started, as far as it can see. */
export class RecordingInvoker implements WorkerInvoker {
  readonly messages: WorkerMessage[] = [];
  /** When true, every invoke fails as a throttled Lambda would. */
  failing = false;

  async invoke(message: WorkerMessage): Promise<void> {
    if (this.failing) throw new Error('Lambda throttled');
    this.messages.push(message);
  }
}
