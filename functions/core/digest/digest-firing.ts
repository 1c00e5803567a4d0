import { UserFacingError } from '../errors';
import type { RunHistory } from '../history/ports';
import type { Clock } from '../ports';
import type { BotAdmins, UserGroupDirectory } from '../requests/access';
import type { TemplateEntry } from '../requests/catalog';
import type { ScheduleStore } from '../schedules/ports';
import type { Schedule } from '../schedules/schedule';
import { checkDigestAccess } from '../schedules/schedule-access';
import { updateSchedule } from '../schedules/schedule-writes';
import {
  buildChannelDigest,
  type ChannelDigest,
  DIGEST_RECORD_LIMIT,
  digestPeriods,
  digestReadSpan,
} from './channel-digest';

/** Posts a digest in its channel (the chart uploaded, the message with it). */
export interface DigestPoster {
  /**
   * @returns the posted message's ts.
   * @throws UserFacingError with code `BOT_NOT_IN_CHANNEL` or `CHANNEL_NOT_FOUND` when the bot
   *   cannot post in the channel; whatever Slack throws otherwise.
   */
  post(schedule: Schedule, digest: ChannelDigest): Promise<{ ts: string }>;
}

/** What a digest firing did. */
export type DigestOutcome =
  | 'posted'
  /** Posted already for this scheduled time, or another delivery is posting it now. */
  | 'ignored'
  /** The owner may no longer set the digest, or the bot left the channel: pause it. */
  | { pause: 'owner_not_allowed' | 'channel_left' };

/** What {@link DigestFiring} works with. */
export interface DigestFiringDeps {
  schedules: ScheduleStore;
  history: RunHistory;
  poster: DigestPoster;
  clock: Clock;
  catalog: readonly TemplateEntry[];
  admins: BotAdmins;
  userGroups?: UserGroupDirectory;
  log: { info(message: string, extra?: object): void; warn(message: string, extra?: object): void };
}

/**
 * How long a delivery that claimed a firing has to post it before another delivery of the same
 * firing may take over (one that died holding it).
 */
export const DIGEST_CLAIM_LEASE_MS = 5 * 60_000;

/** Slack refusals of the digest's channel that mean the bot is no longer there. */
const CHANNEL_GONE = new Set(['BOT_NOT_IN_CHANNEL', 'CHANNEL_NOT_FOUND']);

/**
 * One firing of a channel's digest (worker side of `fire_schedule` for a `digest` schedule): posts
 * the digest once per scheduled time. A delivery first claims the firing on the schedule (a
 * conditional write naming the scheduled time), posts, then records it as posted: a duplicate or
 * late delivery finds it posted or claimed and does nothing; a delivery whose post failed gives
 * the claim back so the retry posts; one that died holding it is taken over after the lease.
 */
export class DigestFiring {
  constructor(private readonly deps: DigestFiringDeps) {}

  /**
   * Posts the digest scheduled for `at` (epoch ms, whole minute).
   * @throws Error when the access check could not be made, and whatever the stores or Slack
   *   throw: the firing is then delivered again.
   */
  async fire(schedule: Schedule, at: number): Promise<DigestOutcome> {
    const { deps } = this;
    if (schedule.digestPostedFor !== undefined && at <= schedule.digestPostedFor) return 'ignored';
    const allowed = await checkDigestAccess(
      deps.catalog,
      deps.admins,
      { userId: schedule.ownerId, channelId: schedule.channelId },
      deps.userGroups,
    );
    if (!allowed) return { pause: 'owner_not_allowed' };
    const claimed = await this.claim(schedule, at);
    if (!claimed) {
      deps.log.info('Digest firing ignored: posted or being posted', {
        scheduleId: schedule.scheduleId,
        scheduledTime: new Date(at).toISOString(),
      });
      return 'ignored';
    }
    let ts: string;
    try {
      const digest = await this.digestOf(claimed, at);
      ts = (await deps.poster.post(claimed, digest)).ts;
    } catch (error) {
      await this.release(claimed, at);
      if (error instanceof UserFacingError && CHANNEL_GONE.has(error.code)) {
        return { pause: 'channel_left' };
      }
      throw error;
    }
    await updateSchedule(
      deps.schedules,
      claimed,
      (current) =>
        current.digestPostedFor !== undefined && current.digestPostedFor >= at
          ? undefined
          : { digestPostedFor: at, lastFiredFor: at, lastDigestTs: ts, digestClaim: undefined },
      deps.clock.now(),
    );
    deps.log.info('Digest posted', {
      scheduleId: schedule.scheduleId,
      channelId: schedule.channelId,
      scheduledTime: new Date(at).toISOString(),
      ts,
    });
    return 'posted';
  }

  /** The digest of the claimed firing, from the channel's run history. */
  private async digestOf(schedule: Schedule, at: number): Promise<ChannelDigest> {
    const from = schedule.digestClaim?.from;
    const periods = digestPeriods(at, from);
    const records = await this.deps.history.runsInChannel(
      schedule.channelId,
      digestReadSpan(periods),
      DIGEST_RECORD_LIMIT,
    );
    return buildChannelDigest(records, {
      ...periods,
      channelId: schedule.channelId,
      timeZone: schedule.timeZone,
      truncated: records.length >= DIGEST_RECORD_LIMIT,
    });
  }

  /**
   * Claims the firing: resolves with the schedule as claimed, or undefined when it was posted
   * already or another delivery holds a fresh claim. The claim keeps where the digest's period
   * starts (the digest before), so a taken-over claim sums up the same span.
   */
  private async claim(schedule: Schedule, at: number): Promise<Schedule | undefined> {
    const now = this.deps.clock.now();
    const { schedule: stored, written } = await updateSchedule(
      this.deps.schedules,
      schedule,
      (current) => {
        if (current.state !== 'active') return undefined;
        if (current.digestPostedFor !== undefined && current.digestPostedFor >= at)
          return undefined;
        const held = current.digestClaim;
        if (held && held.for >= at && now - held.at < DIGEST_CLAIM_LEASE_MS) return undefined;
        // Where the period starts: the digest before, kept as claimed when a claim is taken over.
        const from = held?.for === at ? held.from : current.digestPostedFor;
        return { digestClaim: { for: at, at: now, ...(from !== undefined ? { from } : {}) } };
      },
      now,
    );
    return written ? stored : undefined;
  }

  /** Gives a claim back after a failed post, so the next delivery posts. */
  private async release(schedule: Schedule, at: number): Promise<void> {
    await updateSchedule(
      this.deps.schedules,
      schedule,
      (current) =>
        current.digestClaim?.for === at
          ? { digestClaim: { ...current.digestClaim, at: 0 } }
          : undefined,
      this.deps.clock.now(),
    ).catch((error: unknown) =>
      this.deps.log.warn('Could not give back a digest claim', {
        scheduleId: schedule.scheduleId,
        error: String(error),
      }),
    );
  }
}
