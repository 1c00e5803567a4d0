import type { Button, HomeView, KnownBlock } from '@slack/web-api';
import type { RunVerdict } from '../../core/history/run-record';
import type { HomeContent, HomeTemplate } from '../../core/home/app-home';
import type { RecentJob } from '../../core/home/recent-jobs';
import { type Outcome, outcomeLabel, phaseLabel } from './job-labels';
import { channelMention, codeSpan, escapeMrkdwn, link, slackDate } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

/** `action_id` of the Home's **Run** buttons; the value is a template alias, absent for none. */
export const HOME_RUN_ACTION_ID = 'ats_home_run';
/** `callback_id` of the published Home view. */
export const HOME_CALLBACK_ID = 'ats_home';

/** Slack's limit of blocks in a Home tab view. */
export const HOME_VIEW_BLOCKS = 100;

/** Where each of the person's recent jobs is in Slack, by request id (`chat.getPermalink`). */
export type JobLinks = ReadonlyMap<string, string>;

/** The outcome a history verdict is shown as: the same words and emoji as the job's card. */
export function outcomeOfVerdict(verdict: RunVerdict): Outcome {
  return verdict === 'failed_to_start' ? 'did_not_start' : verdict;
}

/** The emoji of a verdict alone, as the card shows it: what verdict strips are made of. */
export function verdictEmoji(verdict: RunVerdict): string {
  return emojiAndWords(outcomeLabel(outcomeOfVerdict(verdict)))[0];
}

/**
 * A person's App Home: a **Run** button, the templates they may run (each with its last verdict,
 * pass rate over the period, a strip of the last verdicts and its own **Run** button) and their
 * own recent jobs, under way or finished, linking to their threads. Stays within Slack's 100
 * blocks and per-block limits whatever the catalog and the names.
 */
export function renderAppHome(home: HomeContent, links: JobLinks = new Map()): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'ATS test jobs', emoji: true } },
    home.templates.length > 0
      ? {
          type: 'section',
          block_id: 'home_run',
          text: {
            type: 'mrkdwn',
            text: 'Start a test job in a channel of your choice; its card and result follow there.',
          },
          accessory: runButton('Run a test job', ''),
        }
      : context('Your test jobs and the templates you may run, from the ATS bot.'),
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Templates you may run* · last ${home.days} days`,
      },
    },
  ];
  if (home.templates.length === 0) {
    blocks.push(
      context(
        'There is no template you may run. `/ats list` in a channel shows them all and who may run each.',
      ),
    );
  }
  for (const entry of home.templates) blocks.push(...templateBlocks(entry, home));
  if (home.moreTemplates > 0) {
    blocks.push(context(`And ${home.moreTemplates} more: \`/ats list\` shows them all.`));
  }
  const unreadNote = unavailableNote(home);
  if (unreadNote) blocks.push(context(unreadNote));
  blocks.push({ type: 'divider' });
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: '*Your recent jobs*' },
  });
  blocks.push(
    home.recentJobs.length === 0
      ? context('No job of yours yet.')
      : {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: truncate(
              home.recentJobs.map((job) => recentJobLine(job, links)).join('\n'),
              SLACK_LIMITS.sectionText,
            ),
          },
        },
  );
  return {
    type: 'home',
    callback_id: HOME_CALLBACK_ID,
    private_metadata: JSON.stringify({ homeChannelId: home.homeChannelId }),
    blocks: blocks.slice(0, HOME_VIEW_BLOCKS),
  };
}

/**
 * What the Home says it could not read, if anything. Run history failing may pass on reopening;
 * the jobs under way alone failing says the finished jobs are still listed, since retrying does
 * not help where the store lacks the index of each person's jobs (an old local `DATA_DIR`).
 */
function unavailableNote(home: HomeContent): string | undefined {
  if (home.historyUnavailable && home.jobsUnderWayUnavailable) {
    return ':warning: History and jobs under way could not be read just now; reopen this tab to retry.';
  }
  if (home.historyUnavailable) {
    return ':warning: History could not be read just now; reopen this tab to retry.';
  }
  if (home.jobsUnderWayUnavailable) {
    return ':warning: Jobs under way could not be read just now; your finished jobs are below.';
  }
  return undefined;
}

/**
 * The person's App Home conversation, as the Home view remembers it (`private_metadata`), from a
 * click on one of its buttons.
 * @returns undefined when the metadata is not what {@link renderAppHome} wrote.
 */
export function readHomeMetadata(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 200) return undefined;
  try {
    const { homeChannelId } = JSON.parse(raw) as { homeChannelId?: unknown };
    return typeof homeChannelId === 'string' && /^D[A-Z0-9]{2,30}$/.test(homeChannelId)
      ? homeChannelId
      : undefined;
  } catch {
    return undefined;
  }
}

function templateBlocks(entry: HomeTemplate, home: HomeContent): KnownBlock[] {
  const { template, last, passRate } = entry;
  const lastText = last
    ? `${outcomeLabel(outcomeOfVerdict(last.verdict))} ${slackDate(last.endedAt)}`
    : `No run in ${home.days} days`;
  const rate =
    passRate.rate === undefined
      ? ''
      : ` · ${Math.round(passRate.rate * 100)} % passed of ${passRate.counted} ${passRate.counted === 1 ? 'run' : 'runs'}`;
  const title = `*${escapeMrkdwn(truncate(template.name, 150))}* ${codeSpan(template.alias)}`;
  const strip = entry.strip.map(verdictEmoji).join('');
  const where = entry.where.anywhere
    ? ''
    : `Only in ${entry.where.channels.slice(0, 10).map(channelMention).join(', ')}`;
  const contextText = [strip, where].filter((t) => t.length > 0).join('  ·  ');
  return [
    {
      type: 'section',
      // One id per template, so a click names the template's own Run button.
      block_id: `template_${template.alias}`,
      text: {
        type: 'mrkdwn',
        text: truncate(`${title}\n${lastText}${rate}`, SLACK_LIMITS.sectionText),
      },
      accessory: runButton('Run', template.alias),
    },
    context(contextText.length > 0 ? contextText : 'No runs yet'),
  ];
}

/**
 * One of the person's jobs: its verdict (or, under way, its phase, as the card says them),
 * template (linked to its thread), channel and when it ended (or was started).
 */
function recentJobLine(job: RecentJob, links: JobLinks): string {
  const url = links.get(job.requestId);
  const name = truncate(job.templateName, 100) + (job.attempt > 0 ? ` (rerun ${job.attempt})` : '');
  const label = url ? link(url, name) : escapeMrkdwn(name);
  const [emoji, words] = emojiAndWords(
    job.state === 'finished' ? outcomeLabel(outcomeOfVerdict(job.verdict)) : phaseLabel(job.phase),
  );
  const when =
    job.state === 'finished' ? slackDate(job.endedAt) : `started ${slackDate(job.createdAt)}`;
  return `${emoji} ${label} · ${words} · ${channelMention(job.channelId)} · ${when}`;
}

/** A label's emoji and its words apart: `:x: Failed` → `:x:`, `Failed`. */
function emojiAndWords(label: string): [string, string] {
  const space = label.indexOf(' ');
  return space < 0 ? [label, ''] : [label.slice(0, space), label.slice(space + 1)];
}

function runButton(text: string, alias: string): Button {
  return {
    type: 'button',
    action_id: HOME_RUN_ACTION_ID,
    text: { type: 'plain_text', text, emoji: true },
    ...(alias ? { value: alias } : { style: 'primary' as const }),
  };
}

function context(text: string): KnownBlock {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.contextText) }],
  };
}
