import { createHash } from 'node:crypto';
import type { ScheduleRule } from './schedule-rule';

/**
 * Where a schedule is: `active` runs, `paused` keeps the schedule without runs, `removed` is gone
 * (kept a while so late firings and repeated clicks find it and do nothing).
 */
export type ScheduleState = 'active' | 'paused' | 'removed';

/** Why a schedule was paused: by a person, or by the bot when a firing could not start a run. */
export type PauseReason = 'by_person' | 'template_removed' | 'channel_left' | 'owner_not_allowed';

/**
 * What a firing does: `run` starts a job of the schedule's template (the default, and what a
 * schedule without a kind is); `digest` posts the channel's digest of its runs instead.
 */
export type ScheduleKind = 'run' | 'digest';

/**
 * A recurring run of one catalog template in one channel, set from Slack, or the channel's
 * digest (`kind: 'digest'`). Stored as one item; every change is a conditional write on `version`.
 */
export interface Schedule {
  /** `<alias>-<8 hex>`: typed in `/ats unschedule`, and the name of its recurring schedule. */
  scheduleId: string;
  /** What a firing does; `run` when absent. */
  kind?: ScheduleKind;
  channelId: string;
  templateAlias: string;
  templateId: string;
  /** Display name when it was set (the catalog's may change). */
  templateName: string;
  rule: ScheduleRule;
  /** IANA zone the rule is read in. */
  timeZone: string;
  /** Who set it: runs are started in their name. */
  ownerId: string;
  state: ScheduleState;
  /**
   * The state the recurring scheduler was last brought to (by the worker). Differs from `state`
   * while a change is on its way; a schedule never applied has none.
   */
  appliedState?: ScheduleState;
  /** Why it is paused (set with `paused`). */
  pauseReason?: PauseReason;
  /** Who last paused, resumed or removed it. */
  changedBy?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Scheduled time (epoch ms) of the latest firing that started a job. */
  lastFiredFor?: number;
  /** requestId of the job that firing started. */
  lastRequestId?: string;
  /** The active job a skipped firing was told about: later skips for it stay quiet. */
  skipNoticeFor?: string;
  /**
   * Scheduled time (epoch ms) of the firing a start quota refused that the channel was told about:
   * later refusals stay quiet until a firing starts a job again.
   */
  quotaNoticeFor?: number;
  /** A one-off run booked for a time the recurring scheduler skips (daylight saving time). */
  extraRunAt?: number;
  /**
   * Digest only: the firing (scheduled time) a delivery is posting now, since when, and where its
   * period starts (the digest before it; none for a first digest).
   */
  digestClaim?: { for: number; at: number; from?: number };
  /** Digest only: scheduled time of the latest firing whose digest was posted. */
  digestPostedFor?: number;
  /** Digest only: Slack ts of that digest's message. */
  lastDigestTs?: string;
  /** Hash of the Slack trigger that created it: a redelivered command finds its own schedule. */
  createdByTrigger: string;
  version: number;
  /** DynamoDB TTL (epoch seconds), set once removed. */
  expiresAt?: number;
}

/** What a new schedule needs; it starts `active`, not yet applied. */
export type NewSchedule = Pick<
  Schedule,
  'channelId' | 'templateAlias' | 'templateId' | 'templateName' | 'rule' | 'timeZone' | 'ownerId'
> & {
  /** Slack's id of the request that sets it. */
  triggerId: string;
  /** Epoch milliseconds. */
  now: number;
};

/** Builds a schedule whose id and trigger hash follow from the Slack trigger that asked for it. */
export function newSchedule(input: NewSchedule): Schedule {
  const { triggerId, now, ...rest } = input;
  const hash = triggerHash(triggerId);
  return {
    ...rest,
    scheduleId: `${input.templateAlias}-${hash.slice(0, 8)}`,
    state: 'active',
    createdAt: now,
    updatedAt: now,
    createdByTrigger: hash,
    version: 1,
  };
}

/** Shape of schedule ids people type (a catalog alias, `-`, 8 hex characters). */
export const SCHEDULE_ID = /^[a-z0-9][a-z0-9._-]{0,39}-[0-9a-f]{8}$/;

/**
 * The Slack trigger standing in for a firing: the schedule and the scheduled minute. A firing
 * delivered twice, late, or again after a crash maps to the same job through it.
 */
export function firingTrigger(scheduleId: string, scheduledFor: number): string {
  return `schedule:${scheduleId}@${new Date(scheduledFor).toISOString().slice(0, 16)}Z`;
}

/** The scheduled time of a firing cut to its minute (Scheduler fires with minute precision). */
export function firingMinute(scheduledTime: Date): number {
  return Math.floor(scheduledTime.getTime() / 60_000) * 60_000;
}

/** Days a removed schedule is kept before DynamoDB deletes it. */
export const REMOVED_RETENTION_DAYS = 30;

function triggerHash(triggerId: string): string {
  return createHash('sha256').update(triggerId).digest('hex').slice(0, 20);
}
