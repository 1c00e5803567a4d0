import type { Job } from '../../core/job';
import type { SlackMessage } from './job-card';
import { countsOf, jobTitle, outcomeLabel, outcomeOf } from './job-labels';
import { channelMention, escapeMrkdwn, formatCount, link } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

/**
 * The completion notice for a template's notification channels: verdict, counts, and a link to
 * the job (its result in the thread, or its card when the card alone tells it; the channel when
 * no permalink could be had).
 */
export function renderCompletionNotice(job: Job, permalink: string | undefined): SlackMessage {
  const outcome = outcomeOf(job) ?? 'error';
  const counts = countsOf(job);
  const summary = counts
    ? ` (${formatCount(counts.passed)} passed, ${formatCount(counts.failed)} failed, ${formatCount(counts.notExecuted)} not executed)`
    : '';
  const where = permalink ? link(permalink, 'see the job') : `see ${channelMention(job.channelId)}`;
  const text = truncate(
    `${outcomeLabel(outcome)}: *${escapeMrkdwn(jobTitle(job))}*${summary} in ${channelMention(job.channelId)}. ${where}`,
    SLACK_LIMITS.sectionText,
  );
  return {
    text: truncate(`${escapeMrkdwn(jobTitle(job))}: ${outcomeLabel(outcome)}${summary}`, 500),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
