import { describe, expect, it } from 'vitest';
import {
  AppHome,
  type HomeContent,
  MAX_HOME_TEMPLATES,
  RECENT_JOBS,
} from '../../../../functions/core/home/app-home';
import type { HomeMessage } from '../../../../functions/core/ports';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
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
  const published: HomeContent[] = [];
  const warnings: string[] = [];
  const home = new AppHome({
    access: { catalog: templates, admins: { users: [], userGroups: [] }, watchers: 'anyone' },
    history,
    views: { publish: async (content) => void published.push(content) },
    clock: { now: () => NOW },
    log: { warn: (message) => void warnings.push(message) },
  });
  return { home, history, published, warnings };
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
    expect(jobs.map((j) => j.endedAt)).toEqual(
      [...jobs.map((j) => j.endedAt)].sort((a, b) => b - a),
    );
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
    expect(published[0]?.recentJobs).toEqual([]);
    expect(warnings.length).toBeGreaterThan(0);
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
