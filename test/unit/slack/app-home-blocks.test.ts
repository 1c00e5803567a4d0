import { describe, expect, it } from 'vitest';
import { groupRuns, passRateOf, verdictStrip } from '../../../functions/core/history/history-stats';
import type { HomeContent, HomeTemplate } from '../../../functions/core/home/app-home';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import {
  HOME_RUN_ACTION_ID,
  HOME_VIEW_BLOCKS,
  renderAppHome,
} from '../../../functions/slack/blocks/app-home';
import { SLACK_LIMITS } from '../../../functions/slack/blocks/slack-limits';
import { runRecord } from '../../support/run-records';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

function homeOf(templates: HomeTemplate[], extra: Partial<HomeContent> = {}): HomeContent {
  return {
    userId: 'U0ALICE',
    homeChannelId: 'D0ALICEHOME',
    now: NOW,
    days: 30,
    templates,
    moreTemplates: 0,
    recentJobs: [],
    historyUnavailable: false,
    ...extra,
  };
}

function row(alias: string, name: string, verdicts: Array<'passed' | 'failed'>): HomeTemplate {
  const [template] = parseCatalog([{ alias, templateId: `TPL-${alias}`, name }]);
  const runs = groupRuns(
    verdicts.map((verdict, i) =>
      runRecord({
        templateId: `TPL-${alias}`,
        verdict,
        endedAt: NOW - (verdicts.length - i) * 1000,
      }),
    ),
  );
  return {
    template: template!,
    where: { anywhere: true },
    ...(runs[0] ? { last: runs[0] } : {}),
    passRate: passRateOf(runs),
    strip: verdictStrip(runs),
  };
}

/** Every text of the view, with the block it is in. */
function texts(view: ReturnType<typeof renderAppHome>): string[] {
  return JSON.stringify(view.blocks)
    .match(/"text":"((?:[^"\\]|\\.)*)"/g)!
    .map((t) => JSON.parse(`{${t}}`).text as string);
}

describe('renderAppHome', () => {
  it('shows each template with its last verdict, pass rate, strip and a Run button for it', () => {
    // Prepare
    const home = homeOf([row('smoke', 'Smoke tests', ['failed', 'passed', 'passed', 'passed'])]);

    // Act
    const view = renderAppHome(home);

    // Assess
    expect(view.type).toBe('home');
    const all = texts(view).join('\n');
    expect(all).toContain('*Smoke tests* `smoke`');
    expect(all).toContain(':white_check_mark: Passed <!date^');
    expect(all).toContain('75 % passed of 4 runs');
    expect(all).toContain(':x::white_check_mark::white_check_mark::white_check_mark:');
    const buttons = JSON.stringify(view.blocks).match(/"action_id":"ats_home_run"[^}]*/g) ?? [];
    expect(buttons).toHaveLength(2);
    expect(JSON.stringify(view.blocks)).toContain(
      `"action_id":"${HOME_RUN_ACTION_ID}","text":{"type":"plain_text","text":"Run","emoji":true},"value":"smoke"`,
    );
  });

  it("links the person's jobs to their threads, and says when history could not be read", () => {
    // Prepare
    const job = runRecord({
      requestId: 'req-mine',
      templateId: 'TPL-smoke',
      templateName: 'Smoke tests',
      verdict: 'failed',
      endedAt: NOW - 5_000,
      channelId: 'C0TEAM',
    });
    const home = homeOf([], { recentJobs: [job], historyUnavailable: true });

    // Act
    const view = renderAppHome(
      home,
      new Map([['req-mine', 'https://local.slack/archives/C0TEAM/p1']]),
    );

    // Assess
    const all = texts(view).join('\n');
    expect(all).toContain(
      ':x: <https://local.slack/archives/C0TEAM/p1|Smoke tests> · Failed · <#C0TEAM>',
    );
    expect(all).toContain('There is no template you may run');
    expect(all).toContain('History could not be read');
  });

  it('stays within 100 blocks and every text limit with 40 long-named templates and 8 jobs', () => {
    // Prepare
    const long = 'N'.repeat(150);
    const rows = Array.from({ length: 40 }, (_, i) =>
      row(
        `t${i}`,
        long,
        Array.from({ length: 20 }, (_, k) => (k % 3 ? 'passed' : 'failed')),
      ),
    );
    const jobs = Array.from({ length: 8 }, (_, i) =>
      runRecord({ templateId: 'TPL-t1', templateName: long.repeat(2), endedAt: NOW - i }),
    );

    // Act
    const view = renderAppHome(homeOf(rows, { recentJobs: jobs, moreTemplates: 12 }));

    // Assess
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_VIEW_BLOCKS);
    for (const text of texts(view))
      expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(texts(view).join('\n')).toContain('And 12 more');
  });
});
