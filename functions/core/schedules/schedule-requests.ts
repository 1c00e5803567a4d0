import type { Clock, JobStore, ScheduleInvoker } from '../ports';
import type { RunPermission, UserGroupDirectory } from '../requests/access';
import type { TemplateEntry } from '../requests/catalog';
import { findTemplate } from '../requests/catalog-lookup';
import { closestMatch } from '../requests/closest-match';
import { echo } from '../requests/command';
import { nextRuns } from './next-runs';
import type { RunCalendar, ScheduleStore, UserTimeZones } from './ports';
import { newSchedule, REMOVED_RETENTION_DAYS, SCHEDULE_ID, type Schedule } from './schedule';
import { checkDigestAccess, checkManageAccess, checkScheduleAccess } from './schedule-access';
import type {
  ScheduleAnswer,
  ScheduleAsker,
  ScheduleChange,
  ScheduleListEntry,
  ZoneSource,
} from './schedule-answer';
import { RULE_FORMS, shortestIntervalHours } from './schedule-rule';
import type { ScheduleSettings } from './schedule-settings';
import { updateSchedule } from './schedule-writes';
import { scheduleZone } from './schedule-zone';
import { parseWhenAndZone } from './when-and-zone';

/** What {@link ScheduleRequests} needs. */
export interface ScheduleRequestsDeps {
  schedules: ScheduleStore;
  jobs: JobStore;
  invoker: ScheduleInvoker;
  clock: Clock;
  catalog: TemplateEntry[];
  calendar: RunCalendar;
  settings: ScheduleSettings;
  userGroups?: UserGroupDirectory;
  /** People's Slack time zones; without it, schedules without a zone take the default. */
  timeZones?: UserTimeZones;
}

/** Rows `/ats schedules` reads at most (the quota keeps real channels far below). */
const LIST_LIMIT = 100;

/** How many upcoming runs answers show. */
const SHOWN_RUNS = 3;

/**
 * The ingress side of scheduled runs: `/ats schedule`, `/ats schedules`, `/ats unschedule` and
 * the Pause / Resume / Remove buttons. They validate, check access and quotas, record the
 * schedule and hand its recurring schedule to the worker; they never call the scheduler. Every
 * method resolves with an answer for the person.
 * @throws only what the schedule or job store throws.
 */
export class ScheduleRequests {
  constructor(private readonly deps: ScheduleRequestsDeps) {}

  /** `/ats schedule <alias> <when> [zone]`: `when` holds the words after the alias. */
  async schedule(
    target: string,
    when: readonly string[],
    asker: ScheduleAsker,
  ): Promise<ScheduleAnswer> {
    const { deps } = this;
    const entry = findTemplate(this.deps.catalog, { templateAlias: target, templateId: target });
    if (!entry) return this.unknownTemplate(target);
    const parsed = parseWhenAndZone(when, { usage: USAGE });
    if (!parsed.ok) return refused(parsed.code, parsed.message);
    const minimum = deps.settings.minIntervalHours;
    if (shortestIntervalHours(parsed.rule) < minimum) {
      return refused(
        'INTERVAL_TOO_SHORT',
        `Scheduled runs must be at least ${minimum} hours apart here. Accepted: \`daily\`, \`weekdays\` or days at a time, or \`every N hours\` with N of at least ${minimum}.`,
      );
    }
    const denied = await this.refuseRun(entry, asker, 'schedule');
    if (denied) return denied;
    const zone = await scheduleZone(parsed.timeZone, asker.userId, deps);
    const fresh = newSchedule({
      triggerId: asker.triggerId,
      channelId: asker.channelId,
      templateAlias: entry.alias,
      templateId: entry.templateId,
      templateName: entry.name,
      rule: parsed.rule,
      timeZone: zone.timeZone,
      ownerId: asker.userId,
      now: deps.clock.now(),
    });
    const existing = await deps.schedules.get(fresh.scheduleId);
    if (existing) return this.repeated(existing, fresh, zone.zoneSource);
    const count = (await deps.schedules.listInChannel(asker.channelId, deps.settings.maxPerChannel))
      .length;
    if (count >= deps.settings.maxPerChannel) {
      return refused(
        'SCHEDULE_QUOTA',
        `This channel has ${count} schedules, the most it may have. \`/ats schedules\` lists them; remove one with \`/ats unschedule <schedule id>\` first.`,
      );
    }
    if (!(await deps.schedules.create(fresh))) {
      const raced = await deps.schedules.get(fresh.scheduleId);
      if (raced) return this.repeated(raced, fresh, zone.zoneSource);
    }
    if (!(await this.handOff(fresh.scheduleId))) {
      await this.withdraw(fresh);
      return refused(
        'HANDOFF_FAILED',
        'I could not hand the schedule to the job worker, so nothing was scheduled. Please try again in a minute.',
      );
    }
    return {
      kind: 'scheduled',
      schedule: fresh,
      nextRuns: this.upcoming(fresh),
      zoneSource: zone.zoneSource,
      duplicate: false,
    };
  }

  /** `/ats schedules`: this channel's schedules, each with its next run and last verdict. */
  async list(asker: Pick<ScheduleAsker, 'channelId'>): Promise<ScheduleAnswer> {
    const { deps } = this;
    const schedules = await deps.schedules.listInChannel(asker.channelId, LIST_LIMIT);
    const now = new Date(deps.clock.now());
    const entries = await Promise.all(
      schedules.map(async (schedule): Promise<ScheduleListEntry> => {
        const [nextRun] =
          schedule.state === 'active' ? nextRuns(deps.calendar, schedule, now, 1) : [];
        const lastJob = schedule.lastRequestId
          ? await deps.jobs.get(schedule.lastRequestId)
          : undefined;
        return { schedule, ...(nextRun ? { nextRun } : {}), ...(lastJob ? { lastJob } : {}) };
      }),
    );
    return {
      kind: 'schedule_list',
      channelId: asker.channelId,
      entries,
      max: deps.settings.maxPerChannel,
    };
  }

  /**
   * Pauses, resumes or removes a schedule (`/ats unschedule` and the buttons). Allowed to those
   * who may run its template in its channel and to the bot's admins. Repeating a change is
   * harmless; the worker applies the stored state, so it is handed the schedule again until it
   * has applied it.
   */
  async change(
    change: ScheduleChange,
    scheduleId: string,
    asker: ScheduleAsker,
  ): Promise<ScheduleAnswer> {
    const { deps } = this;
    const schedule = SCHEDULE_ID.test(scheduleId)
      ? await deps.schedules.get(scheduleId)
      : undefined;
    if (!schedule || (schedule.state === 'removed' && change !== 'remove')) {
      return refused(
        'SCHEDULE_NOT_FOUND',
        `I know no schedule \`${echo(scheduleId).replaceAll('`', "'")}\`. \`/ats schedules\` lists this channel's schedules with their ids.`,
      );
    }
    // A digest has no template: the access rule's `digest` action decides who may change it.
    const digest = schedule.kind === 'digest';
    const entry = digest ? undefined : findTemplate(deps.catalog, schedule);
    let decision: Awaited<ReturnType<typeof checkManageAccess>>;
    try {
      decision = digest
        ? (await checkDigestAccess(
            deps.catalog,
            deps.settings.admins,
            { userId: asker.userId, channelId: schedule.channelId },
            deps.userGroups,
          ))
          ? { allowed: true, as: 'runner' }
          : { allowed: false }
        : await checkManageAccess(
            schedule,
            entry,
            asker.userId,
            deps.settings.admins,
            deps.userGroups,
          );
    } catch {
      return refused(
        'ACCESS_CHECK_FAILED',
        'I could not check with Slack whether you may change this schedule. Please try again in a minute.',
      );
    }
    if (!decision.allowed) {
      if (digest) {
        return refused(
          'NOT_ALLOWED',
          "Only people who may run a template in the digest's channel, and the bot's admins, may change it.",
        );
      }
      if (!entry) {
        return refused(
          'NOT_ALLOWED',
          'Only the person who set this schedule, or an admin of the bot, may change it.',
        );
      }
      return {
        kind: 'schedule_not_allowed',
        template: entry,
        permitted: permittedOf(entry),
        what: change,
      };
    }
    if (change === 'resume' && !entry && !digest) {
      return refused(
        'TEMPLATE_REMOVED',
        `The template of this schedule (\`${schedule.templateAlias}\`) is no longer in the catalog, so it cannot run: remove the schedule instead.`,
      );
    }
    const now = deps.clock.now();
    const target = change === 'pause' ? 'paused' : change === 'resume' ? 'active' : 'removed';
    const { schedule: stored, written } = await updateSchedule(
      deps.schedules,
      schedule,
      (current) => {
        if (current.state === target || current.state === 'removed') return undefined;
        return {
          state: target,
          changedBy: asker.userId,
          pauseReason: target === 'paused' ? 'by_person' : undefined,
          expiresAt:
            target === 'removed'
              ? Math.floor(now / 1000) + REMOVED_RETENTION_DAYS * 86_400
              : undefined,
          // A resumed schedule's runs start afresh: no skip was told about what runs next.
          skipNoticeFor: undefined,
          quotaNoticeFor: undefined,
        };
      },
      now,
    );
    const current = stored ?? schedule;
    if (
      (written || current.appliedState !== current.state) &&
      !(await this.handOff(current.scheduleId))
    ) {
      return refused(
        'HANDOFF_FAILED',
        `The schedule is ${current.state} here, but I could not hand the change to the job worker. Please try again in a minute.`,
      );
    }
    return {
      kind: 'schedule_changed',
      schedule: current,
      change,
      changed: written,
      nextRuns: current.state === 'active' ? this.upcoming(current) : [],
    };
  }

  /** A redelivered command finds the schedule it made; another trigger's id is a collision. */
  private async repeated(
    existing: Schedule,
    fresh: Schedule,
    zoneSource: ZoneSource,
  ): Promise<ScheduleAnswer> {
    if (existing.createdByTrigger !== fresh.createdByTrigger) {
      return refused(
        'SCHEDULE_ID_TAKEN',
        'Something went wrong naming the schedule; please send the command again.',
      );
    }
    if (existing.state === 'active' && existing.appliedState !== 'active')
      await this.handOff(existing.scheduleId);
    return {
      kind: 'scheduled',
      schedule: existing,
      nextRuns: existing.state === 'active' ? this.upcoming(existing) : [],
      zoneSource,
      duplicate: true,
    };
  }

  private handOff(scheduleId: string): Promise<boolean> {
    return handOffSchedule(this.deps.invoker, scheduleId);
  }

  /** Takes back a schedule the worker never got: removed, nothing to apply. */
  private async withdraw(schedule: Schedule): Promise<void> {
    const now = this.deps.clock.now();
    await updateSchedule(
      this.deps.schedules,
      schedule,
      (current) =>
        current.state === 'removed'
          ? undefined
          : {
              state: 'removed',
              appliedState: 'removed',
              expiresAt: Math.floor(now / 1000) + REMOVED_RETENTION_DAYS * 86_400,
            },
      now,
    ).catch(() => undefined);
  }

  private upcoming(schedule: Schedule): Date[] {
    return nextRuns(this.deps.calendar, schedule, new Date(this.deps.clock.now()), SHOWN_RUNS);
  }

  private async refuseRun(
    entry: TemplateEntry,
    asker: ScheduleAsker,
    what: 'schedule',
  ): Promise<ScheduleAnswer | undefined> {
    try {
      const decision = await checkScheduleAccess(entry, asker, this.deps.userGroups);
      return decision.allowed
        ? undefined
        : { kind: 'schedule_not_allowed', template: entry, permitted: decision.permitted, what };
    } catch {
      return refused(
        'ACCESS_CHECK_FAILED',
        `I could not check with Slack whether you may run ${entry.name}. Please try again in a minute.`,
      );
    }
  }

  private unknownTemplate(target: string): ScheduleAnswer {
    const alias = closestMatch(
      target,
      this.deps.catalog.map((e) => e.alias),
    );
    const hint = alias ? ` Did you mean \`${alias}\`?` : '';
    return refused(
      'UNKNOWN_TEMPLATE',
      `There is no template \`${echo(target).replaceAll('`', "'")}\`.${hint} \`/ats list\` shows the templates you can schedule.`,
    );
  }
}

/**
 * Hands a schedule to the worker to apply its stored state (`sync_schedule`). Never throws.
 * @returns false when the hand-off failed.
 */
export async function handOffSchedule(
  invoker: ScheduleInvoker,
  scheduleId: string,
): Promise<boolean> {
  try {
    await invoker.invoke({ type: 'sync_schedule', scheduleId });
    return true;
  } catch {
    return false;
  }
}

/** Appended to refusals of the rule: the whole command's shape. */
const USAGE = `\nUsage: \`/ats schedule <alias> <when> [time zone]\` with \`<when>\` ${RULE_FORMS}.`;

function refused(code: string, message: string): ScheduleAnswer {
  return { kind: 'schedule_refused', code, message };
}

function permittedOf(entry: TemplateEntry): RunPermission {
  return {
    users: [...entry.allowedUsers],
    userGroups: [...entry.allowedUserGroups],
    channels: [...entry.allowedChannels],
  };
}
