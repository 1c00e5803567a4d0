import { createHash } from 'node:crypto';
import type { Clock, ScheduleInvoker } from '../ports';
import type { BotAdmins, UserGroupDirectory } from '../requests/access';
import type { TemplateEntry } from '../requests/catalog';
import type { RequestAnswer } from '../requests/request-answer';
import { nextRuns } from '../schedules/next-runs';
import type { RunCalendar, ScheduleStore, UserTimeZones } from '../schedules/ports';
import { newSchedule, type Schedule } from '../schedules/schedule';
import { checkDigestAccess } from '../schedules/schedule-access';
import type { ScheduleAsker } from '../schedules/schedule-answer';
import { handOffSchedule, type ScheduleRequests } from '../schedules/schedule-requests';
import { describeRule, shortestIntervalHours } from '../schedules/schedule-rule';
import type { ScheduleSettings } from '../schedules/schedule-settings';
import { updateSchedule } from '../schedules/schedule-writes';
import { scheduleZone } from '../schedules/schedule-zone';
import { parseWhenAndZone } from '../schedules/when-and-zone';

/** What {@link DigestRequests} needs. */
export interface DigestRequestsDeps {
  schedules: ScheduleStore;
  /** `/ats digest off` removes the digest as `/ats unschedule` would. */
  scheduleRequests: ScheduleRequests;
  invoker: ScheduleInvoker;
  clock: Clock;
  calendar: RunCalendar;
  catalog: readonly TemplateEntry[];
  settings: ScheduleSettings & { admins: BotAdmins };
  userGroups?: UserGroupDirectory;
  timeZones?: UserTimeZones;
}

/** The digest's name in lists and notices (it has no template). */
export const DIGEST_NAME = 'Channel digest';

/** What `<when>` accepts for a digest, said in every refusal. */
export const DIGEST_FORMS =
  '`daily HH:MM`, `weekdays HH:MM` or days such as `mon HH:MM` or `mon,thu HH:MM` (days `mon` to `sun`), then an optional IANA time zone';

const USAGE = `\nUsage: \`/ats digest <when> [time zone]\` with \`<when>\` ${DIGEST_FORMS}; \`/ats digest off\` stops it.`;

/** How many upcoming posts the answer shows. */
const SHOWN_RUNS = 3;

/**
 * The id of a channel's digest: one per channel, so setting it again changes it rather than
 * adding a second. `digest-` and 8 hex characters of the channel id's hash.
 */
export function digestIdOf(channelId: string): string {
  return `digest-${createHash('sha256').update(channelId).digest('hex').slice(0, 8)}`;
}

/** What a channel's digest is made of: where, when and whose it is. */
export interface NewDigest {
  triggerId: string;
  channelId: string;
  rule: Schedule['rule'];
  timeZone: string;
  ownerId: string;
  now: number;
}

/**
 * A channel's digest as stored: a schedule of kind `digest` under the channel's one digest id
 * ({@link digestIdOf}), named {@link DIGEST_NAME}, with no template to run.
 */
export function newDigestSchedule(digest: NewDigest): Schedule {
  return {
    ...newSchedule({
      ...digest,
      templateAlias: 'digest',
      templateId: 'digest',
      templateName: DIGEST_NAME,
    }),
    scheduleId: digestIdOf(digest.channelId),
    kind: 'digest',
  };
}

/**
 * `/ats digest <when> [zone]` and `/ats digest off`: a channel's digest is a schedule of kind
 * `digest`, read with the same rule parser, zones and quotas as `/ats schedule`, kept in the same
 * store and applied by the same recurring scheduler; a firing posts the digest instead of starting
 * a job. Who may: the access rule's `digest` action (anyone who may run a template in the channel,
 * and the bot's admins). Every method resolves with an answer for the person.
 * @throws only what the schedule store throws.
 */
export class DigestRequests {
  constructor(private readonly deps: DigestRequestsDeps) {}

  /** Carries out `/ats digest` with the words after `digest`. */
  async handle(words: readonly string[], asker: ScheduleAsker): Promise<RequestAnswer> {
    if (words.length === 1 && words[0]?.toLowerCase() === 'off') return this.off(asker);
    return this.set(words, asker);
  }

  private async set(words: readonly string[], asker: ScheduleAsker): Promise<RequestAnswer> {
    const { deps } = this;
    if (words[0]?.toLowerCase() === 'every') {
      return refused(
        'DIGEST_RULE',
        `A digest sums up whole days, so it is posted at a time of day, not \`every N hours\`: use ${DIGEST_FORMS}.${USAGE}`,
      );
    }
    const parsed = parseWhenAndZone(words, { usage: USAGE, forms: DIGEST_FORMS });
    if (!parsed.ok) return refused(parsed.code, parsed.message);
    if (parsed.rule.kind === 'every_hours') return refused('DIGEST_RULE', USAGE.trim());
    if (shortestIntervalHours(parsed.rule) < deps.settings.minIntervalHours) {
      return refused(
        'INTERVAL_TOO_SHORT',
        `Scheduled posts must be at least ${deps.settings.minIntervalHours} hours apart here.${USAGE}`,
      );
    }
    const denied = await this.refuse(asker);
    if (denied) return denied;
    const zone = await scheduleZone(parsed.timeZone, asker.userId, deps);
    const now = deps.clock.now();
    const scheduleId = digestIdOf(asker.channelId);
    const existing = await deps.schedules.get(scheduleId);
    if (existing && existing.channelId !== asker.channelId) {
      return refused(
        'SCHEDULE_ID_TAKEN',
        'Something went wrong naming the digest; please try again.',
      );
    }
    let stored: Schedule | undefined;
    let replaced = false;
    if (existing) {
      replaced = existing.state !== 'removed';
      const { schedule } = await updateSchedule(
        deps.schedules,
        existing,
        (current) => {
          const same =
            current.state === 'active' &&
            describeRule(current.rule) === describeRule(parsed.rule) &&
            current.timeZone === zone.timeZone &&
            current.ownerId === asker.userId;
          if (same) return undefined;
          return {
            rule: parsed.rule,
            timeZone: zone.timeZone,
            ownerId: asker.userId,
            state: 'active',
            pauseReason: undefined,
            changedBy: asker.userId,
            extraRunAt: undefined,
            expiresAt: undefined,
            // A digest set again after `off` starts afresh: earlier firings do not count.
            ...(current.state === 'removed' ? { createdAt: now } : {}),
          };
        },
        now,
      );
      stored = schedule;
    } else {
      const count = (
        await deps.schedules.listInChannel(asker.channelId, deps.settings.maxPerChannel)
      ).length;
      if (count >= deps.settings.maxPerChannel) {
        return refused(
          'SCHEDULE_QUOTA',
          `This channel has ${count} schedules, the most it may have, and a digest counts as one. \`/ats schedules\` lists them; remove one with \`/ats unschedule <schedule id>\` first.`,
        );
      }
      const fresh = newDigestSchedule({
        triggerId: asker.triggerId,
        channelId: asker.channelId,
        rule: parsed.rule,
        timeZone: zone.timeZone,
        ownerId: asker.userId,
        now,
      });
      stored = (await deps.schedules.create(fresh)) ? fresh : await deps.schedules.get(scheduleId);
    }
    if (!stored)
      return refused('DIGEST_GONE', 'The digest changed while I set it; please try again.');
    if (
      stored.appliedState !== stored.state &&
      !(await handOffSchedule(deps.invoker, scheduleId))
    ) {
      return refused(
        'HANDOFF_FAILED',
        'I could not hand the digest to the job worker. Please send the command again in a minute.',
      );
    }
    return {
      kind: 'digest',
      answer: {
        kind: 'digest_set',
        schedule: stored,
        nextRuns: nextRuns(deps.calendar, stored, new Date(now), SHOWN_RUNS),
        zoneSource: zone.zoneSource,
        replaced,
      },
    };
  }

  /** `/ats digest off`: removes the channel's digest as `/ats unschedule` would. */
  private async off(asker: ScheduleAsker): Promise<RequestAnswer> {
    const scheduleId = digestIdOf(asker.channelId);
    const existing = await this.deps.schedules.get(scheduleId);
    if (!existing || existing.state === 'removed' || existing.channelId !== asker.channelId) {
      return { kind: 'digest', answer: { kind: 'digest_none' } };
    }
    return {
      kind: 'schedules',
      answer: await this.deps.scheduleRequests.change('remove', scheduleId, asker),
    };
  }

  /** The access rule's answer when the person may not set this channel's digest. */
  private async refuse(asker: ScheduleAsker): Promise<RequestAnswer | undefined> {
    const { deps } = this;
    try {
      const allowed = await checkDigestAccess(
        deps.catalog,
        deps.settings.admins,
        asker,
        deps.userGroups,
      );
      return allowed
        ? undefined
        : {
            kind: 'access_refused',
            refusal: { reason: 'runners_only', action: 'digest', admins: deps.settings.admins },
          };
    } catch {
      return refused(
        'ACCESS_CHECK_FAILED',
        'I could not check with Slack whether you may set the digest here. Nothing was changed; please try again in a minute.',
      );
    }
  }
}

function refused(code: string, message: string): RequestAnswer {
  return { kind: 'refused', code, message };
}
