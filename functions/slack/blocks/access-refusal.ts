import type { BotAdmins } from '../../core/requests/access';
import type { RequestAnswer } from '../../core/requests/request-answer';
import type { SlackMessage } from './job-card';
import {
  channelMention,
  codeSpan,
  escapeMrkdwn,
  groupMention,
  slackDate,
  userMention,
} from './mrkdwn';
import { renderPlain } from './notice';
import { describePermitted } from './template-list';

type NotAllowed = Extract<RequestAnswer, { kind: 'not_allowed' }>;
type AccessRefused = Extract<RequestAnswer, { kind: 'access_refused' }>;
type QuotaExceeded = Extract<RequestAnswer, { kind: 'quota_exceeded' }>;

/**
 * Refusals of the access rule and the quotas, for the person alone (ephemeral): each says what was
 * refused, why, and who can help or when to try again. None names a channel the person may not be
 * in: the only channel named is one the person was told of before (their own job's, a template's
 * allowed channels, which Slack shows as "private channel" to non-members).
 */
export function renderRefusal(answer: NotAllowed | AccessRefused | QuotaExceeded): SlackMessage {
  switch (answer.kind) {
    case 'not_allowed':
      return renderNotAllowed(answer);
    case 'access_refused':
      return renderAccessRefused(answer);
    case 'quota_exceeded':
      return renderQuotaExceeded(answer);
  }
}

function renderNotAllowed(answer: NotAllowed): SlackMessage {
  const name = `*${escapeMrkdwn(answer.template.name)}*`;
  const what = answer.action === 'rerun' ? `rerun jobs of ${name} here` : `run ${name} here`;
  const who = describePermitted({
    allowedUsers: answer.permitted.users,
    allowedUserGroups: answer.permitted.userGroups,
    allowedChannels: answer.permitted.channels,
  });
  const admins = answer.admins ? `, or the bot's admins (${describeAdmins(answer.admins)})` : '';
  return renderPlain(
    `:lock: You may not ${what}: the catalog lets only these run it: ${who}. Ask one of them to run it, or ask someone who administers the bot${admins} to give you access.`,
  );
}

function renderAccessRefused({ refusal }: AccessRefused): SlackMessage {
  switch (refusal.reason) {
    case 'admins_only':
      return renderPlain(
        refusal.action === 'rerun'
          ? `:lock: Only the bot's admins may rerun this job: it was not started from the bot's catalog, so nothing says who may run its template. ${adminsCanHelp(refusal.admins)} You can also rerun it where it was started (your CI or ATS).`
          : `:lock: Only the bot's admins may watch ATS jobs in this workspace. ${adminsCanHelp(refusal.admins)}`,
      );
    case 'other_channel':
      return renderPlain(
        `:lock: This job belongs to ${channelMention(refusal.channelId)}: its actions are taken there, where everyone following it sees them. Rerun it from that channel.`,
      );
    case 'followed_elsewhere':
      return renderPlain(
        refusal.channelId
          ? `:eyes: I already follow this ATS job in ${channelMention(refusal.channelId)}, where you started it; I do not copy it to a second channel. Its card and result are there.`
          : ':eyes: I already follow this ATS job in another channel, so I do not copy it here. Ask the person who started it to share the result with you.',
      );
    case 'runners_only':
      return renderPlain(
        `:lock: Only people who may run a template in this channel, and the bot's admins, may set or change its digest. ${adminsCanHelp(refusal.admins)}`,
      );
  }
}

function renderQuotaExceeded({ refusal }: QuotaExceeded): SlackMessage {
  if (refusal.quota === 'starts_per_user') {
    return renderPlain(
      `:hourglass: You have started ${refusal.limit} jobs in the last ${refusal.windowMinutes} minutes, the most the bot takes from one person. Nothing was started. Try again ${slackDate(refusal.retryAt)} (in ${minutes(refusal.waitMinutes)}).`,
    );
  }
  return renderPlain(
    `:hourglass: This channel already has ${refusal.limit} active jobs, the most the bot follows in one channel at a time. Nothing was started. Try again when one of them finishes: ${codeSpan('/ats status')} lists them.`,
  );
}

function minutes(n: number): string {
  return n === 1 ? '1 minute' : `${n} minutes`;
}

/** "<@U1>, members of <!subteam^S1>", or "none is set" when nobody is an admin. */
function describeAdmins(admins: BotAdmins): string {
  const parts = [
    ...admins.users.map(userMention),
    ...admins.userGroups.map((g) => `members of ${groupMention(g)}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'none is set';
}

function adminsCanHelp(admins: BotAdmins): string {
  return admins.users.length + admins.userGroups.length > 0
    ? `Ask one of them: ${describeAdmins(admins)}.`
    : 'No admin is set: ask whoever deploys the bot to name some in the `admins` setting.';
}
