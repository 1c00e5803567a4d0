import type { Job } from '../../core/job';
import type { SlackMessage } from './job-card';
import { countsOf, jobRefOf, jobTitle, statusLabel } from './job-labels';
import { lineListBlocks } from './line-list';
import {
  channelMention,
  codeSpan,
  countOf,
  escapeMrkdwn,
  formatCount,
  slackDate,
  userMention,
} from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

/**
 * `/ats status <job id>`: where one job is, for the person who asked. `fromElsewhere`: the job's
 * requester asks from outside its channel, and is reminded that only they see it.
 */
export function renderJobStatus(job: Job, fromElsewhere = false): SlackMessage {
  const counts = countsOf(job);
  const lines = [
    `*${escapeMrkdwn(jobTitle(job))}*: ${statusLabel(job)}`,
    `ATS job ${job.atsJobId ? codeSpan(job.atsJobId) : '_not started yet_'} · request ${codeSpan(job.requestId)}`,
    `${job.kind === 'watch' ? 'Watched' : 'Started'} by ${userMention(job.requester.userId)} in ${channelMention(job.channelId)}, ${slackDate(job.startedAt ?? job.createdAt)}`,
  ];
  if (counts) {
    lines.push(
      `${formatCount(counts.passed)} passed · ${formatCount(counts.failed)} failed · ${formatCount(counts.notExecuted)} not executed`,
    );
  }
  if (job.lastError)
    lines.push(`Last problem: ${escapeMrkdwn(job.lastError.replace(/\s+/g, ' '))}`);
  if (fromElsewhere) {
    lines.push(
      `_Only you see this: the job belongs to ${channelMention(job.channelId)}, where you started it._`,
    );
  }
  if (job.rerunRequestId) {
    lines.push(
      `Rerun ${codeSpan(job.rerunRequestId)}${job.rerunBy ? ` started by ${userMention(job.rerunBy)}` : ''}`,
    );
  }
  const text = truncate(lines.join('\n'), SLACK_LIMITS.sectionText);
  return {
    text: truncate(`${escapeMrkdwn(jobTitle(job))}: ${statusLabel(job)}`, 300),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

/** `/ats status`: the channel's active jobs, newest first. */
export function renderChannelStatus(channelId: string, jobs: readonly Job[]): SlackMessage {
  if (jobs.length === 0) {
    const text = `No active jobs in ${channelMention(channelId)}.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const lines = jobs.map(
    (job) =>
      `• *${escapeMrkdwn(jobTitle(job))}* ${codeSpan(jobRefOf(job))}: ${statusLabel(job)}, by ${userMention(job.requester.userId)} ${slackDate(job.startedAt ?? job.createdAt)}`,
  );
  const blocks = lineListBlocks({
    heading: `*${countOf(jobs.length, 'active job')} in ${channelMention(channelId)}*`,
    lines,
    maxSections: 10,
    more: (left) => `…and ${formatCount(left)} more.`,
  });
  return { text: countOf(jobs.length, 'active job'), blocks };
}
