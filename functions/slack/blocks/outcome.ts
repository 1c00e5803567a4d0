import type { ActionsBlock, KnownBlock } from '@slack/web-api';
import type { AtsTestCase } from '../../core/ats';
import { hasNotPassed, type Job } from '../../core/job';
import { type JobMessageOptions, openInAtsButton } from './ats-button';
import {
  CASES_NOT_STORED_NOTE,
  CASES_OMITTED_NOTE,
  canceledNote,
  confirmNote,
  startWarningNote,
} from './ats-notes';
import type { SlackMessage } from './job-card';
import {
  countsOf,
  durationSecondsOf,
  jobRefOf,
  jobTitle,
  type Outcome,
  outcomeLabel,
  outcomeOf,
  outcomeWords,
} from './job-labels';
import { lineListBlocks } from './line-list';
import {
  codeSpan,
  countOf,
  escapeMrkdwn,
  formatCount,
  formatDuration,
  slackDate,
  userMention,
} from './mrkdwn';
import { packLines, SLACK_LIMITS, truncate } from './slack-limits';

/** `action_id` of the **Rerun not passed** button; its `value` is the finished job's requestId. */
export const RERUN_ACTION_ID = 'rerun_not_passed';

/** Sections used at most for the list of cases that did not pass (each up to 3,000 chars). */
const MAX_CASE_SECTIONS = 10;
/** Longest ATS error message shown per test case. */
const MAX_CASE_ERROR = 400;
/** Longest test case name shown. */
const MAX_CASE_NAME = 200;

/**
 * The final result of a terminal job, posted as a reply in the card's thread: verdict, passed /
 * failed / not executed counts, duration, canceled and warning flags, the cases that did not pass
 * with ATS's error messages and durations (not-executed cases labelled so), flaky cases, and the
 * **Rerun not passed** button when anything did not pass (replaced by "Rerun started by @person"
 * once `job.rerunBy` is set) next to **Open in ATS**. For jobs that timed out, errored or whose
 * start is unknown, says why in plain words, once. Always within Slack's limits, saying how many
 * cases were left out and that the attached JUnit file has them all.
 */
export function renderOutcome(job: Job, options: JobMessageOptions = {}): SlackMessage {
  const outcome = outcomeOf(job) ?? 'error';
  const title = jobTitle(job);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${title}: ${outcomeWords(outcome)}`, SLACK_LIMITS.headerText),
        emoji: true,
      },
    },
  ];
  if (job.phase === 'done') blocks.push(...resultBlocks(job, outcome));
  else blocks.push(explanationBlock(job, outcome));
  blocks.push(...actionBlocks(job, options));
  return { text: fallbackText(job, outcome), blocks };
}

function resultBlocks(job: Job, outcome: Outcome): KnownBlock[] {
  const result = job.result;
  const counts = countsOf(job) ?? { passed: 0, failed: 0, notExecuted: 0 };
  const duration = durationSecondsOf(job);
  const fields = [
    `*Verdict*\n${outcomeLabel(outcome)}`,
    `*ATS job*\n${codeSpan(jobRefOf(job))}`,
    `*Passed*\n${formatCount(counts.passed)}`,
    `*Failed*\n${formatCount(counts.failed)}`,
    `*Not executed*\n${formatCount(counts.notExecuted)}`,
    ...(duration === undefined ? [] : [`*Duration*\n${formatDuration(duration)}`]),
  ];
  const blocks: KnownBlock[] = [
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  const notes: string[] = [];
  const canceled = result && canceledNote(result);
  if (canceled) notes.push(canceled);
  if (result?.chain) notes.push(confirmNote(result.chain.step));
  if (result?.testCasesOmitted) notes.push(CASES_OMITTED_NOTE);
  else if (result?.casesNotStored) notes.push(CASES_NOT_STORED_NOTE);
  if (result?.flags.warning) notes.push(':warning: ATS flagged a warning for this job.');
  if (job.startWarning) notes.push(startWarningNote(job.startWarning));
  if (result?.errorMessage)
    notes.push(`ATS says: ${escapeMrkdwn(result.errorMessage.replace(/\s+/g, ' '))}`);
  if (notes.length > 0) {
    blocks.push({
      type: 'context',
      elements: notes.map((text) => ({
        type: 'mrkdwn',
        text: truncate(text, SLACK_LIMITS.contextText),
      })),
    });
  }
  blocks.push(
    ...notPassedBlocks(
      result?.testCases ?? [],
      counts.failed + counts.notExecuted,
      job.attempt > 0,
    ),
  );
  const flaky = result?.flaky ?? [];
  if (flaky.length > 0) {
    const total = result?.flakyCount ?? flaky.length;
    const names = flaky.map((name) => escapeMrkdwn(truncate(name, MAX_CASE_NAME)));
    const listed = packLines(
      names.map((n) => `• ${n}`),
      SLACK_LIMITS.sectionText - 200,
      1,
    );
    const left = total - (names.length - listed.omitted);
    const more = left > 0 ? `\n…and ${formatCount(left)} more` : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*:zap: Flaky: failed in the first run, passed in this rerun (${formatCount(total)})*\n${listed.chunks[0] ?? ''}${more}`,
      },
    });
  }
  return blocks;
}

/**
 * The cases that did not pass: `total` of them, the first of which the result kept. A rerun ran
 * only cases the first run did not pass, so those that did not pass again are still failing.
 */
function notPassedBlocks(
  testCases: readonly AtsTestCase[],
  total: number,
  rerun: boolean,
): KnownBlock[] {
  const failed = testCases.filter((t) => t.result !== 'Passed' && t.result !== 'Not_Executed');
  const notExecuted = testCases.filter((t) => t.result === 'Not_Executed');
  const ordered = [...failed, ...notExecuted];
  if (ordered.length === 0) return [];
  const all = Math.max(total, ordered.length);
  return lineListBlocks({
    heading: `*${rerun ? 'Still failing' : 'Did not pass'} (${formatCount(all)})*`,
    lines: ordered.map(caseLine),
    maxSections: MAX_CASE_SECTIONS,
    unlisted: all - ordered.length,
    more: (left) =>
      `…and ${countOf(left, 'more test case')} that did not pass: the JUnit file in this thread lists every case.`,
  });
}

function caseLine(testCase: AtsTestCase): string {
  const notExecuted = testCase.result === 'Not_Executed';
  const icon = notExecuted ? ':white_circle:' : ':x:';
  const name = escapeMrkdwn(truncate(testCase.name.replace(/\s+/g, ' '), MAX_CASE_NAME)).replaceAll(
    '*',
    '∗',
  );
  // A case that never ran says so; its "duration" (0 or none) means nothing.
  const details = notExecuted
    ? ['not executed']
    : [
        testCase.result === 'Failed' ? undefined : escapeMrkdwn(testCase.result.slice(0, 30)),
        testCase.durationSeconds === undefined
          ? undefined
          : formatDuration(testCase.durationSeconds),
      ].filter((d) => d !== undefined);
  const error = testCase.errorMessage
    ? `: ${escapeMrkdwn(truncate(testCase.errorMessage.replace(/\s+/g, ' ').trim(), MAX_CASE_ERROR))}`
    : '';
  return `${icon} *${name}*${details.length > 0 ? ` (${details.join(', ')})` : ''}${error}`;
}

function explanationBlock(job: Job, outcome: Outcome): KnownBlock {
  const error = job.lastError ? escapeMrkdwn(job.lastError.replace(/\s+/g, ' ')) : undefined;
  let text: string;
  switch (outcome) {
    case 'did_not_start':
    case 'start_unknown':
      // The reason is the whole message (ATS's words, or what is known of a start): said once.
      text = error ?? 'ATS did not start the job.';
      break;
    case 'timed_out': {
      const last = job.lastAtsStatus
        ? ` Its last status was *${escapeMrkdwn(job.lastAtsStatus.slice(0, 40))}*.`
        : '';
      const since = job.startedAt ?? job.createdAt;
      const followed = job.finishedAt
        ? ` after ${formatDuration((job.finishedAt - since) / 1000)}`
        : '';
      text = `I stopped following ATS job ${codeSpan(jobRefOf(job))}${followed}: it did not finish within the time limit.${last} Check it in ATS, or follow it again with \`/ats watch ${escapeMrkdwn(jobRefOf(job))}\`.`;
      break;
    }
    default:
      text = `Something went wrong while following this job${job.atsJobId ? ` (ATS job ${codeSpan(job.atsJobId)})` : ''}.${error ? ` ${error}` : ''}`;
  }
  // Said before the error text is cut: a person seeing later runs wait should know why.
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `${truncate(text, SLACK_LIMITS.sectionText - 300)}${slotNote(job)}`,
    },
  };
}

/**
 * Why later runs may wait: a job the bot stopped following while ATS may still run it keeps one of
 * the app's ATS slots (until ATS reports it done, at the latest `slotHeldUntil`).
 */
function slotNote(job: Job): string {
  if (job.slotHeldUntil === undefined) return '';
  const until = slackDate(job.slotHeldUntil);
  return job.atsJobId
    ? ` It keeps one of the app's ATS slots until ATS reports it finished (at the latest ${until}), so later runs may wait for a free slot.`
    : ` As it may be running in ATS, it keeps one of the app's ATS slots until ${until}, so later runs may wait for a free slot.`;
}

/**
 * The rerun button (or who started the rerun) and **Open in ATS**: one actions block when both
 * are buttons, the rerun note as context above the link otherwise.
 */
function actionBlocks(job: Job, options: JobMessageOptions): KnownBlock[] {
  const link = openInAtsButton(options.atsUrl);
  const rerunnable = job.phase === 'done' && job.atsJobId !== undefined && hasNotPassed(job);
  const blocks: KnownBlock[] = [];
  const buttons: ActionsBlock['elements'] = [];
  if (rerunnable && job.rerunRequestId) {
    const who = job.rerunBy ? `by ${userMention(job.rerunBy)}` : 'automatically';
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:repeat: Rerun started ${who}.` }],
    });
  } else if (rerunnable) {
    buttons.push({
      type: 'button',
      action_id: RERUN_ACTION_ID,
      value: job.requestId,
      text: { type: 'plain_text', text: 'Rerun not passed', emoji: true },
      style: 'primary',
    });
  }
  if (link) buttons.push(link);
  if (buttons.length > 0)
    blocks.push({ type: 'actions', block_id: 'outcome_actions', elements: buttons });
  return blocks;
}

function fallbackText(job: Job, outcome: Outcome): string {
  const title = escapeMrkdwn(jobTitle(job));
  const counts = countsOf(job);
  const summary = counts
    ? `: ${formatCount(counts.passed)} passed, ${formatCount(counts.failed)} failed, ${formatCount(counts.notExecuted)} not executed`
    : '';
  return truncate(`${title}: ${outcomeWords(outcome)}${summary}`, 500);
}
