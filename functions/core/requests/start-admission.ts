import type { JobStore } from '../ports';
import type { QuotaStart, StartQuotas } from './quotas';
import type { RequestAnswer, RequestContext } from './request-answer';

/**
 * The quota start of a request that records job `requestId`: who asked, where. A schedule's
 * firing asks as its owner in its channel.
 */
export function startOf(requestId: string, ctx: RequestContext): QuotaStart {
  return { requestId, userId: ctx.userId, channelId: ctx.channelId };
}

/**
 * The start quotas as the request use cases apply them: a refusal becomes the answer to show,
 * and giving places back never fails a request. Without quotas, everything is admitted.
 */
export class StartAdmission {
  constructor(
    private readonly store: JobStore,
    private readonly quotas: StartQuotas | undefined,
  ) {}

  /**
   * Takes the start's places; resolves the refusal to show when a quota is used up, unless the
   * start's job is already recorded (Slack redelivered a request that was admitted before).
   * @throws whatever the quota or job store throws.
   */
  async admit(start: QuotaStart): Promise<RequestAnswer | undefined> {
    const decision = await this.quotas?.admit(start);
    if (!decision || decision.admitted) return undefined;
    if (await this.store.get(start.requestId)) return undefined;
    return { kind: 'quota_exceeded', refusal: decision.refusal };
  }

  /**
   * Gives back the places of a start that did not happen. Best effort: a place left behind only
   * makes the quota stricter until it goes stale.
   */
  async withdraw(start: QuotaStart): Promise<void> {
    await this.quotas?.withdraw(start).catch(() => undefined);
  }
}
