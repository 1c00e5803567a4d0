import { describe, expect, it } from 'vitest';
import { templateTrend } from '../../../functions/core/history/history-stats';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { type HistoryAnswer, renderHistory } from '../../../functions/slack/blocks/history';
import { SLACK_LIMITS } from '../../../functions/slack/blocks/slack-limits';
import { aRecord, aRerun, DAY } from '../../support/hand-made-runs';

const NOW = Date.UTC(2026, 11, 5, 12);
const [template] = parseCatalog([
  { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke <suite> & *co*' },
]);

function answerOf(records: Parameters<typeof templateTrend>[0]): HistoryAnswer {
  if (!template) throw new Error('no template');
  return {
    kind: 'history',
    template,
    days: 30,
    trend: templateTrend(records, { now: NOW, days: 30 }),
    recordsRead: records.length,
    capped: false,
  };
}

describe('renderHistory', () => {
  it('stays within Slack limits and escapes case names, however long and odd', () => {
    // Prepare: 40 runs, each failing six 200-character names full of mrkdwn and links.
    const odd = (i: number) =>
      `<!channel> *bold* _it_ ~s~ \`code\` <http://x|y> & ${'é'.repeat(150)} ${i}`;
    const records = Array.from({ length: 40 }, (_, r) => {
      const names = Array.from({ length: 6 }, (_, i) => odd(i));
      return aRecord({
        endedAt: NOW - (r + 1) * 3_600_000,
        verdict: 'failed',
        notPassed: { names, count: names.length },
      });
    });
    const original = records[0];
    if (!original) throw new Error('no record');
    records.push(
      aRerun(original, { attempt: 1, verdict: 'passed', flaky: { names: [odd(7)], count: 1 } }),
    );

    // Act
    const message = renderHistory(answerOf(records));

    // Assess
    const all = JSON.stringify(message.blocks);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    for (const block of message.blocks as {
      text?: { text: string };
      fields?: { text: string }[];
    }[]) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      for (const f of block.fields ?? [])
        expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<http://x|y>');
    expect(all).toContain('Smoke &lt;suite&gt; &amp;');
    expect(all).toContain('1. ');
    expect(all).toContain('5. ');
  });

  it('says so when the period has no runs', () => {
    const message = renderHistory(answerOf([aRecord({ endedAt: NOW - 90 * DAY })]));
    expect(message.text).toBe('History of Smoke <suite> & *co*: no runs');
    expect(JSON.stringify(message.blocks)).toContain(
      'No runs of `smoke` ended in the last 30 days.',
    );
  });
});
