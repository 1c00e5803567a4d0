import { isTerminal } from '../job';
import type { Clock, JobStore } from '../ports';

/** How many starts the bot accepts; defaults in {@link DEFAULT_QUOTAS}. */
export interface QuotaSettings {
  /**
   * Jobs one person may start (runs, reruns, watches, and the firings of the schedules they set)
   * within {@link startWindowMinutes}.
   */
  startsPerUser: number;
  /** The sliding window of {@link startsPerUser}, in minutes. */
  startWindowMinutes: number;
  /** Jobs of one channel that may be active (not finished) at once. */
  activeJobsPerChannel: number;
}

/**
 * Defaults that never bother a person working normally (a busy person starts a few jobs in ten
 * minutes; a busy channel has a handful running) and stop a flood at the tenth job.
 */
export const DEFAULT_QUOTAS: QuotaSettings = {
  startsPerUser: 10,
  startWindowMinutes: 10,
  activeJobsPerChannel: 10,
};

/**
 * Counters of the quotas: one item per counter key holding its holders (request ids) and when
 * each took its place. Implemented over DynamoDB conditional writes in
 * `functions/aws/dynamo-quota-store.ts`.
 */
export interface QuotaStore {
  /**
   * Adds `holder` to the counter `key` unless it holds `limit` holders already, in one atomic
   * step. A holder already there is not added again (`duplicate`): a redelivered request counts
   * once. When full, resolves with the holders and when each was taken.
   * @param expiresAt - epoch seconds after which the whole counter may be forgotten.
   * @throws whatever the store throws.
   */
  take(key: string, holder: string, at: number, limit: number, expiresAt: number): Promise<Taking>;
  /** Removes holders from the counter `key` (absent ones are ignored). @throws store errors. */
  release(key: string, holders: readonly string[]): Promise<void>;
}

/** Outcome of {@link QuotaStore.take}. */
export type Taking =
  | { taken: true; duplicate: boolean }
  | { taken: false; holders: Readonly<Record<string, number>> };

/** One start to admit: the request id of the job it would record, who asks, where. */
export interface QuotaStart {
  requestId: string;
  userId: string;
  channelId: string;
}

/** Why a start was refused, and when to try again. */
export type QuotaRefusal =
  | {
      quota: 'starts_per_user';
      limit: number;
      windowMinutes: number;
      /** Epoch ms when the oldest counted start leaves the window. */
      retryAt: number;
      /** Whole minutes from now until {@link retryAt} (at least 1). */
      waitMinutes: number;
    }
  | {
      quota: 'active_jobs_per_channel';
      limit: number;
      channelId: string;
    };

/** Outcome of {@link StartQuotas.admit}. */
export type QuotaDecision = { admitted: true } | { admitted: false; refusal: QuotaRefusal };

/** What {@link StartQuotas} needs. */
export interface StartQuotasDeps {
  store: QuotaStore;
  /** Jobs, to learn which holders of a channel's counter have finished. */
  jobs: JobStore;
  clock: Clock;
  settings: QuotaSettings;
}

/**
 * A holder of a channel's counter whose job is not recorded yet is left alone this long: the job
 * is recorded right after its place is taken, so only a request that died in between is older.
 */
const UNRECORDED_GRACE_MS = 2 * 60_000;

/** Counters of people idle for a day and of quiet channels are forgotten (DynamoDB TTL). */
const CHANNEL_COUNTER_LIFE_S = 7 * 86_400;

/** Attempts at taking a place after freeing stale ones; each round frees at least one. */
const MAX_ROUNDS = 3;

/**
 * The start quotas: at most {@link QuotaSettings.startsPerUser} starts per person in any window of
 * {@link QuotaSettings.startWindowMinutes}, and at most {@link QuotaSettings.activeJobsPerChannel}
 * active jobs per channel. Every start (`/ats run`, `/ats rerun`, the rerun button, `/ats watch`,
 * a run picker, a schedule firing) is admitted here after the access rule allowed it and before
 * its job is recorded. A firing counts as a start of the schedule's owner in its channel: the
 * firing's request id (from the schedule and the scheduled minute) is its holder, so every
 * delivery of one firing holds one place.
 *
 * Each quota is one counter whose places are taken by conditional writes (see
 * {@link QuotaStore}): concurrent requests cannot both take the last place, and a redelivered
 * request finds its own place and counts once. A place is given back when it went stale: a
 * person's start once it is older than the window, a channel's job once it finished (or was never
 * recorded). Stale places are cleared only when a counter is full, so a normal request costs one
 * write per counter.
 */
export class StartQuotas {
  constructor(private readonly deps: StartQuotasDeps) {}

  /**
   * Takes the start's places, or refuses it with when to try again. A person's place taken for a
   * start the channel then refuses is given back.
   * @throws whatever the quota or job store throws.
   */
  async admit(start: QuotaStart): Promise<QuotaDecision> {
    const { settings } = this.deps;
    const now = this.deps.clock.now();
    const personal = await this.takeOrFree(userKey(start.userId), start.requestId, now, {
      limit: settings.startsPerUser,
      expiresAt: Math.ceil((now + windowMs(settings)) / 1000),
      stale: async (holders) => staleByAge(holders, now - windowMs(settings)),
    });
    if (!personal.taken) {
      const oldest = Math.min(...Object.values(personal.holders));
      const retryAt = (Number.isFinite(oldest) ? oldest : now) + windowMs(settings);
      return refuse({
        quota: 'starts_per_user',
        limit: settings.startsPerUser,
        windowMinutes: settings.startWindowMinutes,
        retryAt,
        waitMinutes: Math.max(1, Math.ceil((retryAt - now) / 60_000)),
      });
    }
    const channel = await this.takeOrFree(channelKey(start.channelId), start.requestId, now, {
      limit: settings.activeJobsPerChannel,
      expiresAt: Math.ceil(now / 1000) + CHANNEL_COUNTER_LIFE_S,
      stale: (holders) => this.finishedHolders(holders, now),
    });
    if (!channel.taken) {
      if (!personal.duplicate) {
        await this.deps.store.release(userKey(start.userId), [start.requestId]);
      }
      return refuse({
        quota: 'active_jobs_per_channel',
        limit: settings.activeJobsPerChannel,
        channelId: start.channelId,
      });
    }
    return { admitted: true };
  }

  /**
   * Gives back the places of a start that did not happen after all (its hand-off failed, someone
   * else's rerun won), so that it does not count.
   * @throws whatever the quota store throws.
   */
  async withdraw(start: QuotaStart): Promise<void> {
    await this.deps.store.release(userKey(start.userId), [start.requestId]);
    await this.deps.store.release(channelKey(start.channelId), [start.requestId]);
  }

  private async takeOrFree(
    key: string,
    holder: string,
    now: number,
    rule: {
      limit: number;
      expiresAt: number;
      stale(holders: Readonly<Record<string, number>>): Promise<string[]>;
    },
  ): Promise<Taking> {
    let taking = await this.deps.store.take(key, holder, now, rule.limit, rule.expiresAt);
    for (let round = 1; round < MAX_ROUNDS && !taking.taken; round++) {
      const stale = await rule.stale(taking.holders);
      if (stale.length === 0) break;
      await this.deps.store.release(key, stale);
      taking = await this.deps.store.take(key, holder, now, rule.limit, rule.expiresAt);
    }
    return taking;
  }

  /** Holders of a channel's counter whose job finished, or was never recorded. */
  private async finishedHolders(
    holders: Readonly<Record<string, number>>,
    now: number,
  ): Promise<string[]> {
    const entries = Object.entries(holders);
    const jobs = await Promise.all(entries.map(([requestId]) => this.deps.jobs.get(requestId)));
    return entries
      .filter(([, takenAt], i) => {
        const job = jobs[i];
        return job ? isTerminal(job.phase) : takenAt < now - UNRECORDED_GRACE_MS;
      })
      .map(([requestId]) => requestId);
  }
}

function refuse(refusal: QuotaRefusal): QuotaDecision {
  return { admitted: false, refusal };
}

function windowMs(settings: QuotaSettings): number {
  return settings.startWindowMinutes * 60_000;
}

function staleByAge(holders: Readonly<Record<string, number>>, before: number): string[] {
  return Object.entries(holders)
    .filter(([, takenAt]) => takenAt <= before)
    .map(([holder]) => holder);
}

/** Counter of one person's starts. */
export function userKey(userId: string): string {
  return `starts#${userId}`;
}

/** Counter of one channel's active jobs. */
export function channelKey(channelId: string): string {
  return `active#${channelId}`;
}
