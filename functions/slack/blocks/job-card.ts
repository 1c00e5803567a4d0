import type { KnownBlock } from '@slack/web-api';
import { isTerminal, type Job } from '../../core/job';
import { type JobMessageOptions, openInAtsButton } from './ats-button';
import { rerunScopeNote, startWarningNote } from './ats-notes';
import {
  countsLine,
  countsOf,
  durationSecondsOf,
  jobTitle,
  outcomeOf,
  statusLabel,
} from './job-labels';
import { codeSpan, escapeMrkdwn, formatDuration, slackDate, userMention } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

/** A Slack message: fallback text (notifications, screen readers) and blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * The job card: posted when a job starts (in the channel; for reruns in the thread) and updated in
 * place as it goes, so that a glance at the channel tells where each job stands. It says only what
 * is true: who asked and when (a job ATS never accepted was requested, not started; a watched job
 * is watched since the watch began, since its start in ATS is not known), the ATS job id once ATS
 * gave one, the status, and at the end the verdict with its counts and duration. The first card
 * of a rerun chain tells the chain's final story ("Passed on rerun 1 · 2 flaky"); a start ATS
 * refused shows why on the card itself. **Open in ATS** links to the job when a URL template is
 * configured.
 */
export function renderJobCard(job: Job, options: JobMessageOptions = {}): SlackMessage {
  const title = jobTitle(job);
  const status = statusLabel(job);
  const by = job.scheduleId
    ? `schedule ${codeSpan(job.scheduleId)} (set by ${userMention(job.requester.userId)})`
    : userMention(job.requester.userId);
  const fields = [
    `*${whoLabel(job)}*
${by}`,
    ...(job.atsJobId
      ? [
          `*ATS job*
${codeSpan(job.atsJobId)}`,
        ]
      : []),
    `*Status*\n${status}`,
    `*${whenLabel(job)}*\n${slackDate(job.startedAt ?? job.createdAt)}`,
    ...durationField(job),
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
  if (outcomeOf(job) === 'did_not_start' && job.lastError) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(escapeMrkdwn(job.lastError.replace(/\s+/g, ' ')), SLACK_LIMITS.sectionText),
      },
    });
  }
  const notes = [
    countsNote(job),
    job.rerunScope ? rerunScopeNote(job.rerunScope) : undefined,
    job.startWarning ? startWarningNote(job.startWarning) : undefined,
  ]
    .filter((note): note is string => note !== undefined)
    .map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, SLACK_LIMITS.contextText) }));
  if (notes.length > 0) blocks.push({ type: 'context', elements: notes });
  const button = openInAtsButton(options.atsUrl);
  if (button) blocks.push({ type: 'actions', block_id: 'job_links', elements: [button] });
  return {
    text: truncate(`${escapeMrkdwn(title)}: ${status.replace(/:[a-z_]+: /g, '')}`, 300),
    blocks,
  };
}

/** Who is named on the card: the watcher, whoever asked for a job ATS never accepted, the starter. */
function whoLabel(job: Job): string {
  if (job.kind === 'watch') return 'Watched by';
  return job.startedAt === undefined ? 'Requested by' : 'Started by';
}

/** What the date on the card is. */
function whenLabel(job: Job): string {
  if (job.kind === 'watch') return 'Watched since';
  return job.startedAt === undefined ? 'Requested' : 'Started';
}

/**
 * The duration of a finished job, when known; none on the first card of a chain, whose story is
 * longer than its first run (the thread has each run's).
 */
function durationField(job: Job): string[] {
  if (!isTerminal(job.phase) || job.chainStory) return [];
  const seconds = durationSecondsOf(job);
  return seconds === undefined ? [] : [`*Duration*\n${formatDuration(seconds)}`];
}

/**
 * The counts under the card: the job's own, and for the first card of a chain whose latest rerun
 * finished, that rerun's too ("First run: … · Rerun 1: …").
 */
function countsNote(job: Job): string | undefined {
  const own = countsOf(job);
  if (!own) return undefined;
  const rerun = job.chainStory?.breakdown;
  if (!rerun || !job.chainStory) return countsLine(own);
  return truncate(
    `First run: ${countsLine(own)} · Rerun ${job.chainStory.attempt}: ${countsLine(rerun)}`,
    SLACK_LIMITS.contextText,
  );
}
