import { describe, expect, it } from 'vitest';
import {
  AppHome,
  type HomeContent,
  JOBS_LOOKED_AT,
  MAX_HOME_TEMPLATES,
  RECENT_JOBS,
} from '../../../../functions/core/home/app-home';
import type { HomeMessage } from '../../../../functions/core/ports';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import { testJob } from '../../../support/job-fixtures';
import { MemoryJobStore } from '../../../support/memory-job-store';
import { MemoryRunHistory, runRecord } from '../../../support/run-records';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const DAY = 86_400_000;
const ALICE = 'U0ALICE';
const OPENED: HomeMessage = { type: 'publish_home', userId: ALICE, channelId: 'D0ALICEHOME' };

const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
  { alias: 'nightly', templateId: 'TPL-NIGHT', name: 'Nightly' },
  { alias: 'secret', templateId: 'TPL-SEC', name: 'Secret', allowedUsers: ['U0SOMEONE'] },
]);

function setup(templates = catalog) {
  const history = new MemoryRunHistory();
  const jobs = new MemoryJobStore();
  const published: HomeContent[] = [];
  const warnings: string[] = [];
  const home = new AppHome({
    access: { catalog: templates, admins: { users: [], userGroups: [] }, watchers: 'anyone' },
    history,
    jobs,
    views: { publish: async (content) => void published.push(content) },
    clock: { now: () => NOW },
    log: { warn: (message) => void warnings.push(message) },
  });
  return { home, history, jobs, published, warnings };
}

describe('AppHome: what a person sees on their Home', () => {
  it('publishes the templates they may run with last verdict, 30-day pass rate and strip, not the others', async () => {
    // Prepare
    const { home, history, published } = setup();
    const smoke = { templateId: 'TPL-SMOKE', templateName: 'Smoke tests' };
    await history.record(runRecord({ ...smoke, endedAt: NOW - 40 * DAY, verdict: 'failed' }));
    await history.record(runRecord({ ...smoke, endedAt: NOW - 3 * DAY, verdict: 'failed' }));
    await history.record(runRecord({ ...smoke, endedAt: NOW - 2 * DAY, verdict: 'passed' }));
    await history.record(runRecord({ ...smoke, endedAt: NOW - 1 * DAY, verdict: 'canceled' }));
    await history.record(runRecord({ ...smoke, endedAt: NOW - DAY / 2, verdict: 'passed' }));

    // Act
    await home.handle(OPENED);

    // Assess
    expect(published).toHaveLength(1);
    const [content] = published as [HomeContent];
    expect(content.userId).toBe(ALICE);
    expect(content.templates.map((t) => t.template.alias)).toEqual(['smoke', 'nightly']);
    const [smokeRow, nightlyRow] = content.templates;
    // The 40-day-old failure is outside the 30 days; the canceled run is shown, not counted.
    expect(smokeRow?.passRate).toMatchObject({ runs: 4, counted: 3, passed: 2 });
    expect(smokeRow?.passRate.rate).toBeCloseTo(2 / 3);
    expect(smokeRow?.strip).toEqual(['failed', 'passed', 'canceled', 'passed']);
    expect(smokeRow?.last?.verdict).toBe('passed');
    expect(nightlyRow?.last).toBeUndefined();
    expect(nightlyRow?.passRate.rate).toBeUndefined();
    expect(content.historyUnavailable).toBe(false);
    expect(content.jobsUnderWayUnavailable).toBe(false);
  });

  it("lists the person's own latest jobs, newest first, and nobody else's", async () => {
    // Prepare
    const { home, history, published } = setup();
    for (let i = 0; i < RECENT_JOBS + 3; i++) {
      await history.record(
        runRecord({ templateId: 'TPL-SMOKE', endedAt: NOW - i * 3_600_000, userId: ALICE }),
      );
    }
    await history.record(runRecord({ templateId: 'TPL-SMOKE', endedAt: NOW, userId: 'U0BOB' }));

    // Act
    await home.handle(OPENED);

    // Assess
    const jobs = published[0]?.recentJobs ?? [];
    expect(jobs).toHaveLength(RECENT_JOBS);
    expect(jobs.every((j) => j.userId === ALICE)).toBe(true);
    expect(jobs.every((j) => j.state === 'finished')).toBe(true);
    const ended = jobs.map((j) => (j.state === 'finished' ? j.endedAt : Number.NaN));
    expect(ended).toEqual([...ended].sort((a, b) => b - a));
  });

  it('lists her jobs under way before her finished ones, each job once, within the bound', async () => {
    // Prepare: two of Alice's jobs under way (one a scheduled run of hers), one of Bob's, one of
    // hers that just ended (its record is written), and finished ones to fill the rest
    const { home, history, jobs, published } = setup();
    const alice = { userId: ALICE };
    jobs.seed(testJob({ requestId: 'run-1', phase: 'running', requester: alice }, NOW - 60_000));
    jobs.seed(
      testJob(
        { requestId: 'sched-1', phase: 'queued', requester: alice, scheduleId: 'sched-nightly' },
        NOW - 30_000,
      ),
    );
    jobs.seed(testJob({ requestId: 'bob-1', phase: 'running', requester: { userId: 'U0BOB' } }));
    jobs.seed(testJob({ requestId: 'ended-1', phase: 'done', requester: alice }, NOW - 90_000));
    await history.record(
      runRecord({ requestId: 'ended-1', templateId: 'tpl', endedAt: NOW - 1_000, userId: ALICE }),
    );
    // Ended a moment ago, its record not written yet: finished, from the job itself.
    jobs.seed(
      testJob(
        { requestId: 'ending-1', phase: 'timed_out', requester: alice, finishedAt: NOW - 20_000 },
        NOW - 50_000,
      ),
    );
    for (let i = 0; i < RECENT_JOBS; i++) {
      await history.record(
        runRecord({ templateId: 'TPL-SMOKE', endedAt: NOW - (i + 2) * 3_600_000, userId: ALICE }),
      );
    }

    jobs.resetStats();

    // Act
    await home.handle(OPENED);

    // Assess
    const lines = published[0]?.recentJobs ?? [];
    expect(lines).toHaveLength(RECENT_JOBS);
    // Her latest jobs are read but for the one history has: run-1, sched-1 and ending-1.
    expect(jobs.stats.gets).toBe(3);

    expect(lines.slice(0, 4).map((l) => [l.requestId, l.state])).toEqual([
      ['sched-1', 'active'],
      ['run-1', 'active'],
      ['ended-1', 'finished'],
      ['ending-1', 'finished'],
    ]);
    expect(lines[3]).toMatchObject({ verdict: 'timed_out', endedAt: NOW - 20_000 });
    expect(lines[0]).toMatchObject({ phase: 'queued', createdAt: NOW - 30_000 });
    expect(lines.filter((l) => l.requestId === 'ended-1')).toHaveLength(1);
    expect(lines.some((l) => l.requestId === 'bob-1')).toBe(false);
    expect(published[0]?.historyUnavailable).toBe(false);
    expect(published[0]?.jobsUnderWayUnavailable).toBe(false);
  });

  it('shows a job under way started before many others, up to JOBS_LOOKED_AT of them', async () => {
    // Prepare: a long job, then JOBS_LOOKED_AT - 1 more jobs of hers that finished
    const { home, history, jobs, published } = setup();
    jobs.seed(
      testJob(
        { requestId: 'long', phase: 'running', requester: { userId: ALICE } },
        NOW - 9 * 3_600_000,
      ),
    );
    for (let i = 0; i < JOBS_LOOKED_AT - 1; i++) {
      const requestId = `quick-${i}`;
      jobs.seed(
        testJob({ requestId, phase: 'done', requester: { userId: ALICE } }, NOW - i * 60_000 - 1),
      );
      await history.record(
        runRecord({ requestId, templateId: 'tpl', endedAt: NOW - i * 60_000, userId: ALICE }),
      );
    }

    // Act
    await home.handle(OPENED);

    // Assess
    const lines = published[0]?.recentJobs ?? [];
    expect(lines.map((l) => l.state)).toEqual([
      'active',
      ...Array(RECENT_JOBS - 1).fill('finished'),
    ]);
    expect(lines[0]?.requestId).toBe('long');
  });

  it.each([
    ['latestOfUser', 'Home: latest jobs could not be read'],
    ['get', 'Home: jobs under way could not be read'],
  ] as const)('still lists her finished jobs, marked, when %s fails', async (method, warning) => {
    // Prepare
    const { home, history, jobs, published, warnings } = setup();
    jobs.seed(testJob({ requestId: 'run-1', phase: 'running', requester: { userId: ALICE } }));
    await history.record(
      runRecord({ templateId: 'TPL-SMOKE', endedAt: NOW - 1_000, userId: ALICE }),
    );
    jobs[method] = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };

    // Act
    await home.handle(OPENED);

    // Assess
    expect(published[0]?.recentJobs.map((l) => l.state)).toEqual(['finished']);
    expect(published[0]?.historyUnavailable).toBe(false);
    expect(published[0]?.jobsUnderWayUnavailable).toBe(true);
    expect(warnings).toEqual([warning]);
  });

  it('still publishes the templates, marked, when history cannot be read', async () => {
    // Prepare
    const { home, history, published, warnings } = setup();
    history.failure = new Error('ProvisionedThroughputExceededException');

    // Act
    await home.handle(OPENED);

    // Assess
    expect(published[0]?.templates.map((t) => t.template.alias)).toEqual(['smoke', 'nightly']);
    expect(published[0]?.historyUnavailable).toBe(true);
    expect(published[0]?.jobsUnderWayUnavailable).toBe(false);
    expect(published[0]?.recentJobs).toEqual([]);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('marks both when history and her jobs under way cannot be read', async () => {
    // Prepare
    const { home, history, jobs, published, warnings } = setup();
    history.failure = new Error('ProvisionedThroughputExceededException');
    jobs.latestOfUser = async () => {
      throw new Error('ValidationException: The table does not have the specified index');
    };

    // Act
    await home.handle(OPENED);

    // Assess
    expect(published[0]?.historyUnavailable).toBe(true);
    expect(published[0]?.jobsUnderWayUnavailable).toBe(true);
    expect(published[0]?.recentJobs).toEqual([]);
    expect(warnings).toContain('Home: latest jobs could not be read');
    expect(warnings).toContain('Home: recent jobs could not be read');
  });

  it('shows at most MAX_HOME_TEMPLATES templates and counts the rest', async () => {
    // Prepare
    const many = parseCatalog(
      Array.from({ length: MAX_HOME_TEMPLATES + 5 }, (_, i) => ({
        alias: `t${i}`,
        templateId: `TPL-${i}`,
        name: `Template ${i}`,
      })),
    );
    const { home, published } = setup(many);

    // Act
    await home.handle(OPENED);

    // Assess
    expect(published[0]?.templates).toHaveLength(MAX_HOME_TEMPLATES);
    expect(published[0]?.moreTemplates).toBe(5);
  });

  it('lets a publishing failure through, so the worker delivers the message again', async () => {
    // Prepare
    const home = new AppHome({
      access: { catalog, admins: { users: [], userGroups: [] }, watchers: 'anyone' },
      history: new MemoryRunHistory(),
      jobs: new MemoryJobStore(),
      views: {
        publish: async () => {
          throw new Error('ratelimited');
        },
      },
      clock: { now: () => NOW },
      log: { warn: () => undefined },
    });

    // Act
    const publishing = home.handle(OPENED);

    // Assess
    await expect(publishing).rejects.toThrow('ratelimited');
  });
});
