import type { HistoryPeriod, RunHistory } from '../../functions/core/history/ports';
import type { RunRecord } from '../../functions/core/history/run-record';

/**
 * In-memory {@link RunHistory} with the port's semantics: a record is stored once per request id,
 * reads are newest first by `endedAt` within `[from, to)`, at most `limit`, as copies.
 */
export class MemoryRunHistory implements RunHistory {
  readonly records: RunRecord[] = [];
  /** Every read, to assert what a reader asked for. */
  readonly reads: Array<{ by: string; key: string; period?: HistoryPeriod; limit: number }> = [];

  async record(run: RunRecord): Promise<boolean> {
    if (this.records.some((r) => r.requestId === run.requestId)) return false;
    this.records.push(structuredClone(run));
    return true;
  }

  async runsOfTemplate(templateId: string, period: HistoryPeriod, limit: number) {
    this.reads.push({ by: 'template', key: templateId, period, limit });
    return this.select((r) => r.templateId === templateId, period, limit);
  }

  async runsInChannel(channelId: string, period: HistoryPeriod, limit: number) {
    this.reads.push({ by: 'channel', key: channelId, period, limit });
    return this.select((r) => r.channelId === channelId, period, limit);
  }

  async recentRunsOfUser(userId: string, limit: number) {
    this.reads.push({ by: 'user', key: userId, limit });
    return this.select((r) => r.userId === userId, { from: 0, to: Number.MAX_SAFE_INTEGER }, limit);
  }

  private select(match: (r: RunRecord) => boolean, period: HistoryPeriod, limit: number) {
    return this.records
      .filter((r) => match(r) && r.endedAt >= period.from && r.endedAt < period.to)
      .sort((a, b) => b.endedAt - a.endedAt)
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }
}
