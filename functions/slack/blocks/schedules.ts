import type { KnownBlock } from '@slack/web-api';
import type { QuotaRefusal } from '../../core/requests/quotas';
import type { ScheduleNotice } from '../../core/schedules/ports';
import type { PauseReason, Schedule } from '../../core/schedules/schedule';
import type {
  ScheduleAnswer,
  ScheduleListEntry,
  ZoneSource,
} from '../../core/schedules/schedule-answer';
import { describeRule } from '../../core/schedules/schedule-rule';
import type { SlackMessage } from './job-card';
import { jobRefOf, outcomeLabel, outcomeOf, statusLabel } from './job-labels';
import { channelMention, codeSpan, escapeMrkdwn, userMention } from './mrkdwn';
import { renderPlain } from './notice';
import { SLACK_LIMITS, truncate } from './slack-limits';
import { describePermitted } from './template-list';

/** Action ids of the buttons of `/ats schedules`; each button's value is the schedule id. */
export const SCHEDULE_ACTIONS = {
  pause: 'schedule_pause',
  resume: 'schedule_resume',
  remove: 'schedule_remove',
} as const;

/** Schedules drawn with their buttons (two blocks each, within Slack's 50 blocks). */
const MAX_LISTED = 20;

/** How the answer says where a schedule's zone came from. */
export const ZONE_SOURCE: Record<ZoneSource, string> = {
  given: '',
  slack: ' (your Slack time zone)',
  default: " (the bot's default: Slack has no time zone for you)",
};

/** What the person who typed a schedule command or clicked a schedule button sees. */
export function renderScheduleAnswer(answer: ScheduleAnswer, command = '/ats'): SlackMessage {
  switch (answer.kind) {
    case 'scheduled': {
      const { schedule } = answer;
      const again = answer.duplicate ? ' (I already had this request.)' : '';
      return renderPlain(
        `:calendar: Scheduled *${escapeMrkdwn(schedule.templateName)}* ${describeTiming(schedule)}${ZONE_SOURCE[answer.zoneSource]}: schedule ${codeSpan(schedule.scheduleId)}.${again}\n` +
          `Next runs: ${formatRuns(answer.nextRuns, schedule.timeZone)}.\n` +
          `Each run posts its card here. \`${command} schedules\` lists this channel's schedules.`,
      );
    }
    case 'schedule_list':
      return renderScheduleList(answer.channelId, answer.entries, answer.max, command);
    case 'schedule_changed':
      return renderPlain(describeChange(answer));
    case 'schedule_not_allowed': {
      const what =
        answer.what === 'schedule'
          ? `schedule *${escapeMrkdwn(answer.template.name)}* here`
          : `${answer.what} this schedule of *${escapeMrkdwn(answer.template.name)}*`;
      return renderPlain(
        `:lock: You may not ${what}. Who may run it there: ${describePermitted({
          allowedUsers: answer.permitted.users,
          allowedUserGroups: answer.permitted.userGroups,
          allowedChannels: answer.permitted.channels,
        })}${answer.what === 'schedule' ? '' : ", and the bot's admins"}.`,
      );
    }
    case 'schedule_refused':
      return renderPlain(`:warning: ${escapeMrkdwn(answer.message)}`);
  }
}

/** `/ats schedules`: one section per schedule with its Pause / Resume / Remove buttons. */
export function renderScheduleList(
  channelId: string,
  entries: readonly ScheduleListEntry[],
  max: number,
  command = '/ats',
): SlackMessage {
  if (entries.length === 0) {
    return renderPlain(
      `No schedules in ${channelMention(channelId)}. Set one with \`${command} schedule <alias> weekdays 02:00\`.`,
    );
  }
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Schedules in ${channelMention(channelId)}* (${entries.length} of at most ${max})`,
      },
    },
  ];
  for (const entry of entries.slice(0, MAX_LISTED)) blocks.push(...entryBlocks(entry));
  if (entries.length > MAX_LISTED) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${entries.length - MAX_LISTED} more; remove one with \`${command} unschedule <schedule id>\`.`,
        },
      ],
    });
  }
  return {
    text: `${entries.length} ${entries.length === 1 ? 'schedule' : 'schedules'} in ${channelMention(channelId)}`,
    blocks,
  };
}

/** What a skipped firing and a bot's pause tell. */
export function renderScheduleNotice(notice: ScheduleNotice): SlackMessage {
  const { schedule } = notice;
  const name = `schedule ${codeSpan(schedule.scheduleId)} (*${escapeMrkdwn(schedule.templateName)}*, ${describeTiming(schedule)})`;
  if (notice.kind === 'firing_skipped') {
    return renderPlain(
      `:fast_forward: Skipped the ${formatRuns([new Date(notice.scheduledFor)], schedule.timeZone)} run of ${name}: its previous run (job ${codeSpan(jobRefOf(notice.running))}) is still going. Runs start again once it has finished; I won't repeat this for that run.`,
    );
  }
  if (notice.kind === 'firing_refused') {
    return renderPlain(
      `:hourglass: Skipped the ${formatRuns([new Date(notice.scheduledFor)], schedule.timeZone)} run of ${name}: ${quotaWhy(schedule, notice.refusal)} Nothing was started; the schedule stays on for its next run. I won't repeat this until one of its runs starts.`,
    );
  }
  return renderPlain(
    `:double_vertical_bar: I paused your ${name} in ${channelMention(schedule.channelId)}: ${PAUSE_WHY[notice.reason](schedule)}`,
  );
}

/** Why a start quota refused a firing, as a command's refusal says it. */
function quotaWhy(schedule: Schedule, refusal: QuotaRefusal): string {
  if (refusal.quota === 'starts_per_user') {
    return `${userMention(schedule.ownerId)}, who set it, has started ${refusal.limit} jobs in the last ${refusal.windowMinutes} minutes (its runs count as theirs), the most the bot takes from one person.`;
  }
  return `this channel already has ${refusal.limit} active jobs, the most the bot follows in one channel at a time (${codeSpan('/ats status')} lists them).`;
}

const PAUSE_WHY: Record<Exclude<PauseReason, 'by_person'>, (schedule: Schedule) => string> = {
  template_removed: (s) =>
    `its template ${codeSpan(s.templateAlias)} is no longer in the bot's catalog. Remove it with \`/ats unschedule ${s.scheduleId}\`.`,
  channel_left: (s) =>
    `I am no longer a member of ${channelMention(s.channelId)}. Invite me there (\`/invite @ATS\`), then resume it from \`/ats schedules\` in that channel.`,
  owner_not_allowed: (s) =>
    s.kind === 'digest'
      ? 'you may no longer run any template there, so you may not keep its digest. Someone who may can set it again with `/ats digest`.'
      : 'you may no longer run its template there. Someone who may can set a new schedule.',
};

function entryBlocks(entry: ScheduleListEntry): KnownBlock[] {
  const { schedule } = entry;
  const lines = [
    `*${escapeMrkdwn(schedule.templateName)}* (${codeSpan(schedule.templateAlias)}) · ${describeTiming(schedule)} · ${codeSpan(schedule.scheduleId)}`,
    [
      stateLine(entry),
      `set by ${userMention(schedule.ownerId)}`,
      `last run: ${lastRun(entry)}`,
    ].join(' · '),
  ];
  const toggle =
    schedule.state === 'active'
      ? button('Pause', SCHEDULE_ACTIONS.pause, schedule.scheduleId)
      : button('Resume', SCHEDULE_ACTIONS.resume, schedule.scheduleId, 'primary');
  const remove = {
    ...button('Remove', SCHEDULE_ACTIONS.remove, schedule.scheduleId, 'danger'),
    confirm: {
      title: { type: 'plain_text' as const, text: 'Remove this schedule?' },
      text: {
        type: 'mrkdwn' as const,
        text: truncate(
          `No more runs of ${escapeMrkdwn(schedule.templateName)} ${describeTiming(schedule)}.`,
          300,
        ),
      },
      confirm: { type: 'plain_text' as const, text: 'Remove' },
      deny: { type: 'plain_text' as const, text: 'Keep it' },
    },
  };
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SLACK_LIMITS.sectionText) },
    },
    { type: 'actions', block_id: `schedule:${schedule.scheduleId}`, elements: [toggle, remove] },
  ];
}

function stateLine(entry: ScheduleListEntry): string {
  const { schedule } = entry;
  const pending = schedule.appliedState !== schedule.state ? ' _(being applied)_' : '';
  if (schedule.state === 'active') {
    const next = entry.nextRun ? formatRuns([entry.nextRun], schedule.timeZone) : 'none';
    return `next run ${next}${pending}`;
  }
  const by =
    schedule.pauseReason === 'by_person' && schedule.changedBy
      ? ` by ${userMention(schedule.changedBy)}`
      : schedule.pauseReason && schedule.pauseReason !== 'by_person'
        ? ` (${BOT_PAUSE_SHORT[schedule.pauseReason]})`
        : '';
  return `:double_vertical_bar: paused${by}${pending}`;
}

const BOT_PAUSE_SHORT: Record<Exclude<PauseReason, 'by_person'>, string> = {
  template_removed: 'its template left the catalog',
  channel_left: 'I was not in the channel',
  owner_not_allowed: 'its owner may no longer run it',
};

function lastRun(entry: ScheduleListEntry): string {
  const job = entry.lastJob;
  if (entry.schedule.kind === 'digest') {
    return entry.schedule.digestPostedFor === undefined ? '_none yet_' : 'digest posted';
  }
  if (!job) return entry.schedule.lastRequestId ? '_no longer stored_' : '_none yet_';
  const outcome = outcomeOf(job);
  return outcome ? outcomeLabel(outcome) : statusLabel(job);
}

function describeChange(answer: Extract<ScheduleAnswer, { kind: 'schedule_changed' }>): string {
  const { schedule, change, changed } = answer;
  const name = `schedule ${codeSpan(schedule.scheduleId)} (*${escapeMrkdwn(schedule.templateName)}*, ${describeTiming(schedule)})`;
  if (!changed) {
    const state = schedule.state === 'active' ? 'running' : schedule.state;
    return `:information_source: The ${name} was already ${state}.`;
  }
  switch (change) {
    case 'pause':
      return `:double_vertical_bar: Paused the ${name}. Resume it from \`/ats schedules\`.`;
    case 'resume':
      return `:arrow_forward: Resumed the ${name}. Next runs: ${formatRuns(answer.nextRuns, schedule.timeZone)}.`;
    case 'remove':
      return `:wastebasket: Removed the ${name}: no further runs.`;
  }
}

/** `weekdays 02:00 Europe/Amsterdam` */
export function describeTiming(schedule: Schedule): string {
  return `${codeSpan(describeRule(schedule.rule))} ${escapeMrkdwn(schedule.timeZone)}`;
}

/** Run times as the schedule's zone shows them: `Tue 7 Jan 02:00, Wed 8 Jan 02:00`. */
export function formatRuns(runs: readonly Date[], timeZone: string): string {
  if (runs.length === 0) return 'none';
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return runs.map((run) => format.format(run).replace(',', '')).join(', ');
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}
