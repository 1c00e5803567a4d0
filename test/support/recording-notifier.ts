import type { AtsTestCase } from '../../functions/core/ats';
import type { Job } from '../../functions/core/job';
import type { JobNotice, MessageRef, Notifier } from '../../functions/core/ports';

/** One call to the notifier, with a copy of the job as it was passed. */
export type NotifierCall =
  | { method: 'postCard'; job: Job; at: number; ref: MessageRef }
  | { method: 'findCard'; job: Job; at: number; ref: MessageRef | undefined }
  | { method: 'updateCard'; job: Job; at: number }
  | { method: 'postOutcome'; job: Job; at: number; ref: MessageRef }
  | { method: 'updateOutcome'; job: Job; at: number }
  | { method: 'postNotice'; job: Job; at: number; notice: JobNotice }
  | { method: 'announceOnCard'; job: Job; at: number; tellRequester: boolean }
  | {
      method: 'attachResultFile';
      job: Job;
      at: number;
      fileId: string;
      testCases: readonly AtsTestCase[];
    }
  | { method: 'tellRequester'; job: Job; at: number; text: string };

type Method = NotifierCall['method'];

/**
 * A {@link Notifier} that records every call (in order, with the time of a clock if given) and
 * can be told to fail the next calls of a method, like a Slack answering 5xx.
 */
export class RecordingNotifier implements Notifier {
  readonly calls: NotifierCall[] = [];
  private readonly failures = new Map<Method, number>();
  private tsCounter = 0;
  private fileCounter = 0;

  constructor(private readonly now: () => number = () => 0) {}

  /** Makes the next `times` calls of `method` throw (and not be recorded). */
  failNext(method: Method, times = 1): void {
    this.failures.set(method, (this.failures.get(method) ?? 0) + times);
  }

  /** Like Slack's notifier, a claim after the first adopts the card an earlier one posted. */
  async postCard(job: Job): Promise<MessageRef> {
    this.maybeFail('postCard');
    const earlier =
      (job.cardAttempts ?? 0) > 1 ? this.of('postCard', job.requestId).at(-1)?.ref : undefined;
    const ref = earlier ?? this.nextRef(job);
    this.calls.push({ method: 'postCard', job: structuredClone(job), at: this.now(), ref });
    return ref;
  }

  /** The last card recorded for the job, as Slack would still have it. */
  async findCard(job: Job): Promise<MessageRef | undefined> {
    this.maybeFail('findCard');
    const ref = this.of('postCard', job.requestId).at(-1)?.ref;
    this.calls.push({ method: 'findCard', job: structuredClone(job), at: this.now(), ref });
    return ref;
  }

  async updateCard(job: Job): Promise<void> {
    this.maybeFail('updateCard');
    this.calls.push({ method: 'updateCard', job: structuredClone(job), at: this.now() });
  }

  async postOutcome(job: Job): Promise<MessageRef> {
    this.maybeFail('postOutcome');
    const ref = this.nextRef(job);
    this.calls.push({ method: 'postOutcome', job: structuredClone(job), at: this.now(), ref });
    return ref;
  }

  async updateOutcome(job: Job): Promise<void> {
    this.maybeFail('updateOutcome');
    this.calls.push({ method: 'updateOutcome', job: structuredClone(job), at: this.now() });
  }

  async postNotice(job: Job, notice: JobNotice): Promise<void> {
    this.maybeFail('postNotice');
    this.calls.push({ method: 'postNotice', job: structuredClone(job), at: this.now(), notice });
  }

  async announceOnCard(job: Job, tellRequester: boolean): Promise<void> {
    this.maybeFail('announceOnCard');
    this.calls.push({
      method: 'announceOnCard',
      job: structuredClone(job),
      at: this.now(),
      tellRequester,
    });
  }

  async attachResultFile(job: Job, testCases: readonly AtsTestCase[]): Promise<string> {
    this.maybeFail('attachResultFile');
    this.fileCounter++;
    const fileId = `F${String(this.fileCounter).padStart(8, '0')}`;
    this.calls.push({
      method: 'attachResultFile',
      job: structuredClone(job),
      at: this.now(),
      fileId,
      testCases: structuredClone(testCases),
    });
    return fileId;
  }

  async tellRequester(job: Job, text: string): Promise<void> {
    this.maybeFail('tellRequester');
    this.calls.push({ method: 'tellRequester', job: structuredClone(job), at: this.now(), text });
  }

  /** The recorded calls of one method, optionally for one job. */
  of<M extends Method>(method: M, requestId?: string): Extract<NotifierCall, { method: M }>[] {
    return this.calls.filter(
      (c): c is Extract<NotifierCall, { method: M }> =>
        c.method === method && (requestId === undefined || c.job.requestId === requestId),
    );
  }

  /** Posted outcomes of one job (or all). */
  outcomes(requestId?: string): Extract<NotifierCall, { method: 'postOutcome' }>[] {
    return this.of('postOutcome', requestId);
  }

  /**
   * Outcome deliveries of one job (or all): thread replies and outcomes the card told alone (a
   * quiet pass, a refused start).
   */
  deliveries(requestId?: string): NotifierCall[] {
    return [...this.outcomes(requestId), ...this.of('announceOnCard', requestId)];
  }

  /** Posted notices of one kind (optionally for one job). */
  notices(
    kind: JobNotice['kind'],
    requestId?: string,
  ): Extract<NotifierCall, { method: 'postNotice' }>[] {
    return this.of('postNotice', requestId).filter((c) => c.notice.kind === kind);
  }

  private maybeFail(method: Method): void {
    const left = this.failures.get(method) ?? 0;
    if (left > 0) {
      this.failures.set(method, left - 1);
      throw Object.assign(new Error(`Slack ${method} failed (injected)`), {
        code: 'slack_webapi_platform_error',
      });
    }
  }

  private nextRef(job: Job): MessageRef {
    this.tsCounter++;
    return {
      channelId: job.channelId,
      ts: `1700000000.${String(this.tsCounter).padStart(6, '0')}`,
    };
  }
}
