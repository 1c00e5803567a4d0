import type { HistoryPeriod, RunHistory } from '../../functions/core/history/ports';
import type { RunRecord, RunVerdict } from '../../functions/core/history/run-record';

let counter = 0;

/** A run record with sensible defaults: one passed original run of `templateId` by `userId`. */
export function runRecord(
  fields: Partial<RunRecord> & { templateId: string; endedAt: number; verdict?: RunVerdict },
): RunRecord {
  counter += 1;
  const requestId = fields.requestId ?? `req-rec-${counter}`;
  return {
    requestId,
    rootRequestId: fields.rootRequestId ?? requestId,
    attempt: 0,
    kind: 'run',
    templateName: fields.templateName ?? fields.templateId,
    verdict: 'passed',
    startedAt: fields.endedAt - 60_000,
    userId: 'U0TESTER',
    channelId: 'C0TESTS',
    threadTs: `${Math.floor(fields.endedAt / 1000)}.000100`,
    notPassed: { names: [], count: 0 },
    flaky: { names: [], count: 0 },
    expiresAt: Math.floor(fields.endedAt / 1000) + 400 * 86_400,
    ...fields,
  };
}

/**
 * Run history in memory, answering the port's reads as the DynamoDB adapter does (newest first,
 * by `endedAt`, within the period, at most `limit`). For domain tests; the adapter itself is
 * tested on dynalite.
 */
export class MemoryRunHistory implements RunHistory {
  readonly records: RunRecord[] = [];
  /** When set, every read rejects with it (history unreachable). */
  failure: Error | undefined;

  async record(run: RunRecord): Promise<boolean> {
    if (this.records.some((r) => r.requestId === run.requestId)) return false;
    this.records.push(run);
    return true;
  }

  async runsOfTemplate(templateId: string, period: HistoryPeriod, limit: number) {
    return this.read((r) => r.templateId === templateId && within(r, period), limit);
  }

  async runsInChannel(channelId: string, period: HistoryPeriod, limit: number) {
    return this.read((r) => r.channelId === channelId && within(r, period), limit);
  }

  async recentRunsOfUser(userId: string, limit: number) {
    return this.read((r) => r.userId === userId, limit);
  }

  private async read(keep: (r: RunRecord) => boolean, limit: number): Promise<RunRecord[]> {
    if (this.failure) throw this.failure;
    return this.records
      .filter(keep)
      .sort((a, b) => b.endedAt - a.endedAt)
      .slice(0, limit);
  }
}

function within(record: RunRecord, period: HistoryPeriod): boolean {
  return record.endedAt >= period.from && record.endedAt < period.to;
}
