import type { Job } from '../../core/job';
import type { JobNotice } from '../../core/ports';
import type { SlackMessage } from './job-card';
import { jobTitle, outcomeLabel, outcomeOf } from './job-labels';
import { escapeMrkdwn } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

const NOTICE_ICON: Record<JobNotice['kind'], string> = {
  ats_unreachable: ':electric_plug:',
  may_have_started: ':grey_question:',
};

/** A one-off notice in a job's thread (ATS unreachable, a start whose outcome is unknown). */
export function renderNotice(notice: JobNotice): SlackMessage {
  const text = truncate(
    `${NOTICE_ICON[notice.kind]} ${escapeMrkdwn(notice.message)}`,
    SLACK_LIMITS.sectionText,
  );
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A short message for one person (ephemeral), escaped and within limits. */
export function renderPlain(text: string): SlackMessage {
  const safe = truncate(text, SLACK_LIMITS.sectionText);
  return { text: safe, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: safe } }] };
}

/**
 * How a job its card tells alone ended, for the person who asked (ephemeral): "⛔ *Nightly*: ATS
 * did not start the job: …". Said once; the card in the channel shows the same reason.
 */
export function renderRequesterOutcome(job: Job): SlackMessage {
  const outcome = outcomeOf(job) ?? 'error';
  const emoji = outcomeLabel(outcome).split(' ')[0];
  const reason = job.lastError
    ? escapeMrkdwn(job.lastError.replace(/\s+/g, ' '))
    : outcomeLabel(outcome);
  return renderPlain(`${emoji} *${escapeMrkdwn(jobTitle(job))}*: ${reason}`);
}
