import { describe, expect, it } from 'vitest';
import { groupRuns, passRateOf, verdictStrip } from '../../../functions/core/history/history-stats';
import type { HomeContent, HomeTemplate } from '../../../functions/core/home/app-home';
import { mergeRecentJobs } from '../../../functions/core/home/recent-jobs';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import {
  HOME_RUN_ACTION_ID,
  HOME_VIEW_BLOCKS,
  renderAppHome,
} from '../../../functions/slack/blocks/app-home';
import { slackDate } from '../../../functions/slack/blocks/mrkdwn';
import { SLACK_LIMITS } from '../../../functions/slack/blocks/slack-limits';
import { testJob } from '../../support/job-fixtures';
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
    jobsUnderWayUnavailable: false,
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
    const home = homeOf([], {
      recentJobs: mergeRecentJobs([], [job], 8),
      historyUnavailable: true,
    });

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
    expect(all).toContain(
      ':warning: History could not be read just now; reopen this tab to retry.',
    );
  });

  it.each([
    [
      'history',
      { historyUnavailable: true },
      ':warning: History could not be read just now; reopen this tab to retry.',
    ],
    [
      'jobs under way',
      { jobsUnderWayUnavailable: true },
      ':warning: Jobs under way could not be read just now; your finished jobs are below.',
    ],
    [
      'both',
      { historyUnavailable: true, jobsUnderWayUnavailable: true },
      ':warning: History and jobs under way could not be read just now; reopen this tab to retry.',
    ],
  ] as const)('says exactly what could not be read when %s failed', (_, failed, note) => {
    // Prepare
    const home = homeOf([], { ...failed });

    // Act
    const notes = texts(renderAppHome(home)).filter((text) => text.startsWith(':warning:'));

    // Assess
    expect(notes).toEqual([note]);
  });

  it('says nothing could not be read when everything was read', () => {
    // Act
    const all = texts(renderAppHome(homeOf([]))).join('\n');

    // Assess
    expect(all).not.toContain(':warning:');
  });

  it('shows a job under way with its phase, as its card says it, linked to its thread, before the finished ones', () => {
    // Prepare
    const running = testJob(
      { requestId: 'req-run', phase: 'running', templateName: 'Smoke tests', channelId: 'C0TEAM' },
      NOW - 60_000,
    );
    const rerun = testJob(
      {
        requestId: 'req-rerun',
        phase: 'queued',
        attempt: 1,
        templateName: 'Nightly',
        channelId: 'C0NIGHT',
        threadTs: '1700000000.000100',
      },
      NOW - 30_000,
    );
    const done = runRecord({
      requestId: 'req-done',
      templateId: 'TPL-smoke',
      templateName: 'Smoke tests',
      verdict: 'passed',
      endedAt: NOW - 120_000,
      channelId: 'C0TEAM',
    });
    const home = homeOf([], { recentJobs: mergeRecentJobs([running, rerun], [done], 8) });

    // Act
    const view = renderAppHome(
      home,
      new Map([['req-rerun', 'https://local.slack/archives/C0NIGHT/p1']]),
    );

    // Assess: one section, one line per job, under way first
    const section = texts(view).find((t) => t.includes('Smoke tests') && t.includes('Nightly'));
    expect(section?.split('\n')).toEqual([
      `:hourglass_flowing_sand: <https://local.slack/archives/C0NIGHT/p1|Nightly (rerun 1)> · Queued in ATS · <#C0NIGHT> · started ${slackDate(NOW - 30_000)}`,
      `:arrows_counterclockwise: Smoke tests · Running · <#C0TEAM> · started ${slackDate(NOW - 60_000)}`,
      `:white_check_mark: Smoke tests · Passed · <#C0TEAM> · ${slackDate(NOW - 120_000)}`,
    ]);
  });

  it('says so when the person has no job yet', () => {
    // Act
    const all = texts(renderAppHome(homeOf([]))).join('\n');

    // Assess
    expect(all).toContain('*Your recent jobs*');
    expect(all).toContain('No job of yours yet.');
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
    const finished = Array.from({ length: 4 }, (_, i) =>
      runRecord({ templateId: 'TPL-t1', templateName: long.repeat(2), endedAt: NOW - i }),
    );
    const underWay = Array.from({ length: 4 }, (_, i) =>
      testJob({ requestId: `run-${i}`, phase: 'running', templateName: long.repeat(2) }, NOW - i),
    );
    const jobs = mergeRecentJobs(underWay, finished, 8);

    // Act
    const view = renderAppHome(homeOf(rows, { recentJobs: jobs, moreTemplates: 12 }));

    // Assess
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_VIEW_BLOCKS);
    for (const text of texts(view))
      expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(texts(view).join('\n')).toContain('And 12 more');
  });
});
