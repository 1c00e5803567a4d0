import type { RunRecord } from './run-record';

/** A span of time, `from` included and `to` excluded (epoch ms). */
export interface HistoryPeriod {
  from: number;
  to: number;
}

/**
 * Run history: one {@link RunRecord} per finished job, kept for the history's retention. Every
 * read is an index query (newest first, by `endedAt`), never a scan.
 */
export interface RunHistory {
  /**
   * Stores the record of a finished job once: a record whose request id is already stored is
   * left as it is, so duplicate deliveries and retries after a crash are harmless.
   * @returns true when this call stored it, false when it was there already.
   * @throws whatever the store throws (the caller's retry writes it then).
   */
  record(run: RunRecord): Promise<boolean>;
  /** Records of a template that ended within `period`, newest first, at most `limit`. */
  runsOfTemplate(templateId: string, period: HistoryPeriod, limit: number): Promise<RunRecord[]>;
  /** Records of jobs in a channel that ended within `period`, newest first, at most `limit`. */
  runsInChannel(channelId: string, period: HistoryPeriod, limit: number): Promise<RunRecord[]>;
  /** The latest records of jobs a person started (or whose schedule did), newest first. */
  recentRunsOfUser(userId: string, limit: number): Promise<RunRecord[]>;
}
