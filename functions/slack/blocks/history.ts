import type { KnownBlock } from '@slack/web-api';
import type { CaseTally, RunLink, TemplateTrend } from '../../core/history/history-stats';
import type { RequestAnswer } from '../../core/requests/request-answer';
import { verdictEmoji } from './app-home';
import type { SlackMessage } from './job-card';
import { codeSpan, countOf, escapeMrkdwn, formatDuration, link } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

/** A `/ats history` answer. */
export type HistoryAnswer = Extract<RequestAnswer, { kind: 'history' }>;

/** Where the runs a top list links to are in Slack (`chat.getPermalink`), by request id. */
export type RunLinks = ReadonlyMap<string, string>;

/** Longest case name shown in a top list (the record keeps 200 characters). */
const SHOWN_NAME = 120;

/**
 * The answer to `/ats history <alias> [days]`: the last runs as a strip of verdicts (oldest
 * first), the pass rate and the median run time with their change against the period before,
 * and the five most failed and flakiest cases with their counts, each linking to the run where it
 * last failed when Slack gave a link for it. Within Slack's limits whatever the names.
 */
export function renderHistory(answer: HistoryAnswer, links: RunLinks = new Map()): SlackMessage {
  const { template, days, trend } = answer;
  const title = `*${escapeMrkdwn(template.name)}* (${codeSpan(template.alias)}) · last ${countOf(days, 'day')}`;
  const blocks: KnownBlock[] = [section(title)];
  if (trend.passRate.runs === 0) {
    blocks.push(
      section(`No runs of ${codeSpan(template.alias)} ended in the last ${countOf(days, 'day')}.`),
    );
    return { text: `History of ${template.name}: no runs`, blocks };
  }
  const strip = trend.strip.map(verdictEmoji).join('');
  blocks.push(section(`${strip}\n${runsLine(trend)}`));
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Pass rate*\n${passRateText(trend)}` },
      { type: 'mrkdwn', text: `*Median run time*\n${medianText(trend)}` },
    ],
  });
  blocks.push(section(topList('Failed most', trend.mostFailed, links)));
  blocks.push(section(topList('Flakiest (failed, then passed on rerun)', trend.flakiest, links)));
  const notes = [
    answer.capped ? `Counted from the newest ${countOf(answer.recordsRead, 'run record')}.` : '',
    trend.namesComplete
      ? ''
      : 'Some very large runs kept only their first case names: their other cases are not counted.',
  ].filter((n) => n.length > 0);
  if (notes.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(notes.join(' '), SLACK_LIMITS.contextText) }],
    });
  }
  return { text: `History of ${template.name}: ${passRateText(trend)}`, blocks };
}

function runsLine(trend: TemplateTrend): string {
  const { runs, counted } = trend.passRate;
  const uncounted = runs - counted;
  const shown = Math.min(runs, trend.strip.length);
  const last = shown < runs ? `, the last ${shown} above` : '';
  const aside = uncounted > 0 ? ` (${uncounted} canceled or not finished, not counted)` : '';
  return `${countOf(runs, 'run')}${last}${aside}; reruns count with the run they belong to.`;
}

function passRateText(trend: TemplateTrend): string {
  const { rate, passed, counted } = trend.passRate;
  if (rate === undefined) return 'no finished runs';
  const change =
    trend.passRateChange === undefined
      ? 'nothing to compare with before'
      : `${signed(Math.round(trend.passRateChange * 100))} points on the period before`;
  return `${percent(rate)} (${passed} of ${counted}), ${change}`;
}

function medianText(trend: TemplateTrend): string {
  if (trend.medianRunMs === undefined) return 'unknown';
  const median = formatDuration(trend.medianRunMs / 1000);
  if (trend.medianRunChangeMs === undefined) return `${median}, nothing to compare with before`;
  const seconds = Math.round(trend.medianRunChangeMs / 1000);
  if (seconds === 0) return `${median}, as before`;
  const way = seconds > 0 ? 'slower' : 'faster';
  return `${median}, ${formatDuration(Math.abs(seconds))} ${way} than before`;
}

function topList(title: string, tallies: readonly CaseTally[], links: RunLinks): string {
  if (tallies.length === 0) return `*${title}*\nnone`;
  const lines = tallies.map((t, i) => {
    const name = escapeMrkdwn(truncate(t.name, SHOWN_NAME));
    const where = linkTo(t.lastFailed, links);
    return `${i + 1}. ${name} · ${countOf(t.count, 'run')}${where ? ` · ${where}` : ''}`;
  });
  return `*${title}*\n${lines.join('\n')}`;
}

function linkTo(run: RunLink, links: RunLinks): string | undefined {
  const url = links.get(run.requestId);
  return url ? link(url, 'last failed') : undefined;
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '±0';
}

function section(text: string): KnownBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) },
  };
}
