import type { KnownBlock } from '@slack/web-api';
import type {
  ChannelDigest,
  DigestCase,
  DigestTemplateLine,
} from '../../core/digest/channel-digest';
import type { PassRate } from '../../core/history/history-stats';
import type { SlowCase } from '../../core/history/slowest-case-stats';
import type { SlackMessage } from './job-card';
import { codeSpan, escapeMrkdwn, formatDuration } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

/** The chart as uploaded: the file's id for the image block, and what it shows in words. */
export interface DigestChartFile {
  fileId: string;
  altText: string;
}

/**
 * The digest message: the period, the channel's runs and pass rate with its change, each
 * template's figures, the slowest cases, the cases that failed most and the flakiest, and the
 * chart of daily pass rate per template (an image block of the uploaded PNG) when there is one.
 * Every name from ATS or the catalog is escaped.
 */
export function renderDigest(
  digest: ChannelDigest,
  chart?: DigestChartFile,
  command = '/ats',
): SlackMessage {
  const span = periodLabel(digest);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`Digest: ${span}`, SLACK_LIMITS.headerText) },
    },
  ];
  if (digest.total.runs === 0) {
    blocks.push(section(':zzz: No template was run in this channel in this period.'));
  } else {
    blocks.push(section(summaryLine(digest)));
    blocks.push(section(templateLines(digest)));
    blocks.push(section(slowestLines(digest.slowestCases)));
    blocks.push(
      section(
        caseList('Failed most', digest.mostFailed, 'failed in', 'No case failed after its reruns.'),
      ),
    );
    blocks.push(
      section(
        caseList(
          'Flakiest',
          digest.flakiest,
          'passed on a rerun after failing in',
          'No flaky case: no rerun passed a case that had failed.',
        ),
      ),
    );
  }
  if (chart) {
    blocks.push({
      type: 'image',
      slack_file: { id: chart.fileId },
      alt_text: truncate(chart.altText, 2_000),
      title: { type: 'plain_text', text: 'Daily pass rate per template' },
    });
  }
  const notes = [
    'A run and its reruns count once, with the last verdict; canceled runs and runs that never started are not counted.',
    ...(digest.truncated
      ? ['This channel ran more jobs than a digest reads: the figures cover the newest.']
      : []),
    `\`${command} digest off\` stops this digest.`,
  ];
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(notes.join(' '), SLACK_LIMITS.contextText) }],
  });
  const text =
    digest.total.runs === 0
      ? `Digest ${span}: no runs`
      : `Digest ${span}: ${digest.total.runs} runs, pass rate ${percent(digest.total)}`;
  return { text, blocks };
}

/** What the chart shows, in words (the image's alt text). */
export function chartAltText(digest: ChannelDigest): string {
  const lines = digest.chart.series.map((s) => {
    const rates = s.rates.filter((r): r is number => r !== null);
    const last = rates.at(-1);
    return `${s.templateName}: ${rates.length} days with runs${last === undefined ? '' : `, last ${Math.round(last * 100)}%`}`;
  });
  return `Daily pass rate per template, ${digest.chart.days[0] ?? ''} to ${digest.chart.days.at(-1) ?? ''}. ${lines.join('; ')}`;
}

function summaryLine(digest: ChannelDigest): string {
  const templates = digest.templates.length + digest.moreTemplates;
  const before =
    digest.previousTotal.rate === undefined
      ? ' (no runs counted the period before)'
      : ` (${rateChange(digest.passRateChange)} against ${percent(digest.previousTotal)} the period before)`;
  return `:bar_chart: *${digest.total.runs} ${plural(digest.total.runs, 'run')}* of ${templates} ${plural(templates, 'template')} · pass rate *${percent(digest.total)}*${digest.total.rate === undefined ? '' : before}`;
}

function templateLines(digest: ChannelDigest): string {
  const lines = digest.templates.map((l: DigestTemplateLine) => {
    const median =
      l.medianRunMs === undefined
        ? ''
        : `, median ${formatDuration(l.medianRunMs / 1000)}${timeChange(l.medianRunChangeMs)}`;
    const change = l.passRateChange === undefined ? '' : ` (${rateChange(l.passRateChange)})`;
    return `• *${escapeMrkdwn(l.templateName)}*: ${l.passRate.runs} ${plural(l.passRate.runs, 'run')}, ${percent(l.passRate)}${change}${median}`;
  });
  if (digest.moreTemplates > 0) lines.push(`and ${digest.moreTemplates} more`);
  return `*Templates*\n${lines.join('\n')}`;
}

function slowestLines(cases: readonly SlowCase[]): string {
  if (cases.length === 0) return '*Slowest cases*\nNo run reported how long its cases took.';
  const lines = cases.map(
    (c) =>
      `• ${codeSpan(truncate(c.name, 120))} (${escapeMrkdwn(c.templateName)}) ${formatDuration(c.medianSeconds)}, among the slowest in ${c.runs} of ${c.timedRuns} ${plural(c.timedRuns, 'run')}`,
  );
  return `*Slowest cases* (median time)\n${lines.join('\n')}`;
}

function caseList(title: string, cases: readonly DigestCase[], verb: string, none: string): string {
  if (cases.length === 0) return `*${title}*\n${none}`;
  const lines = cases.map(
    (c) =>
      `• ${codeSpan(truncate(c.name, 120))} (${escapeMrkdwn(c.templateName)}) ${verb} ${c.count} ${plural(c.count, 'run')}`,
  );
  return `*${title}*\n${lines.join('\n')}`;
}

function section(text: string): KnownBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) },
  };
}

function percent(rate: PassRate): string {
  return rate.rate === undefined ? 'none counted' : `${Math.round(rate.rate * 100)}%`;
}

/** `▲ 5 points`, `▼ 12 points`, `no change`. */
function rateChange(change: number | undefined): string {
  if (change === undefined) return 'no earlier runs';
  const points = Math.round(change * 100);
  if (points === 0) return 'no change';
  return `${points > 0 ? '▲' : '▼'} ${Math.abs(points)} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

function timeChange(changeMs: number | undefined): string {
  if (changeMs === undefined || Math.round(changeMs / 1000) === 0) return '';
  return ` (${changeMs > 0 ? '▲' : '▼'} ${formatDuration(Math.abs(changeMs) / 1000)})`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** `Sat 28 Nov – Sat 5 Dec` in the digest's zone (the end is the firing itself). */
function periodLabel(digest: ChannelDigest): string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: digest.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  const day = (at: number) => format.format(new Date(at)).replace(',', '');
  return `${day(digest.period.from)} – ${day(digest.period.to)}`;
}
