import type { KnownBlock } from '@slack/web-api';
import type { Job } from '../../core/job';
import { rerunScopeNote, startWarningNote } from './ats-notes';
import { countsOf, jobTitle, statusLabel } from './job-labels';
import { codeSpan, escapeMrkdwn, formatCount, slackDate, userMention } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

/** A Slack message: fallback text (notifications, screen readers) and blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * The job card: posted when a job starts (in the channel; for reruns in the thread) and updated in
 * place when its status changes. Shows the template, who started it, the ATS job id, the status
 * with the final verdict at the end, and when it started.
 */
export function renderJobCard(job: Job): SlackMessage {
  const title = jobTitle(job);
  const status = statusLabel(job);
  const who = job.kind === 'watch' ? 'Watched by' : 'Started by';
  const by = job.scheduleId
    ? `schedule ${codeSpan(job.scheduleId)} (set by ${userMention(job.requester.userId)})`
    : userMention(job.requester.userId);
  const fields = [
    `*${who}*\n${by}`,
    `*ATS job*\n${job.atsJobId ? codeSpan(job.atsJobId) : '_not started yet_'}`,
    `*Status*\n${status}`,
    `*Started*\n${slackDate(job.startedAt ?? job.createdAt)}`,
  ].map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, SLACK_LIMITS.fieldText) }));
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*${escapeMrkdwn(title)}*`, SLACK_LIMITS.sectionText),
      },
    },
    { type: 'section', fields },
  ];
  const notes: string[] = [];
  const counts = countsOf(job);
  if (counts) {
    notes.push(
      `${formatCount(counts.passed)} passed · ${formatCount(counts.failed)} failed · ${formatCount(counts.notExecuted)} not executed`,
    );
  }
  if (job.rerunScope) notes.push(rerunScopeNote(job.rerunScope));
  if (job.startWarning) notes.push(startWarningNote(job.startWarning));
  if (notes.length > 0) {
    blocks.push({
      type: 'context',
      elements: notes.map((text) => ({
        type: 'mrkdwn' as const,
        text: truncate(text, SLACK_LIMITS.contextText),
      })),
    });
  }
  return {
    text: truncate(`${escapeMrkdwn(title)}: ${status.replace(/^:[a-z_]+: /, '')}`, 300),
    blocks,
  };
}
