import { describe, expect, it } from 'vitest';
import { newJob, RESPONSE_URL_LIFETIME_MS } from '../../../functions/core/job';
import { writeJob } from '../../../functions/core/job-writes';
import { claimRerun } from '../../../functions/core/lifecycle/rerun-claim';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests } from '../../../functions/core/requests/requests';
import { T0, testJob } from '../../support/job-fixtures';
import { MemoryJobStore } from '../../support/memory-job-store';

const DAY_S = 86_400;
const RESPONSE_URL = 'https://hooks.slack.com/commands/T0/1/secret-part';

describe('reruns keep the retention of the run they belong to', () => {
  it('gives a rerun of a 7-day run 7 days, not the 90-day default', async () => {
    // Prepare: RETENTION_DAYS=7 when the run was recorded.
    const store = new MemoryJobStore();
    const run = testJob({ phase: 'done', atsJobId: 'ats-1', ...retention(7, T0) });
    await store.create(run);
    const later = T0 + 3 * DAY_S * 1000;

    // Act
    const claim = await claimRerun(store, run, { userId: 'U0BOB' }, 'req-rerun', later);

    // Assess
    expect(claim.claimed).toBe(true);
    const rerun = await store.get('req-rerun');
    expect(rerun?.expiresAt).toBe(Math.floor(later / 1000) + 7 * DAY_S);
  });

  it('keeps the configured retention along a chain started by /ats rerun', async () => {
    // Prepare
    const store = new MemoryJobStore();
    const requests = new JobRequests({
      store,
      invoker: { invoke: async () => {} },
      clock: { now: () => T0 },
      catalog: parseCatalog([{ alias: 'smoke', templateId: 'tpl', name: 'Suite' }]),
      retentionDays: 7,
    });
    const ran = await requests.run('smoke', { userId: 'U0A', channelId: 'C0', triggerId: 't-1' });
    if (ran.kind !== 'accepted') throw new Error(`expected accepted, got ${ran.kind}`);
    const finished = { ...ran.job, phase: 'done' as const, atsJobId: 'ats-7', version: 2 };
    await store.replace(finished, 1);

    // Act
    const answer = await requests.rerun('ats-7', {
      userId: 'U0A',
      channelId: 'C0',
      triggerId: 't-2',
    });

    // Assess
    expect(answer.kind).toBe('rerun_accepted');
    if (answer.kind !== 'rerun_accepted') return;
    expect(answer.job.expiresAt).toBe(Math.floor(T0 / 1000) + 7 * DAY_S);
  });
});

describe('a response_url is not kept once Slack no longer honours it', () => {
  it('keeps it while fresh and drops it from the first write after 30 minutes', async () => {
    // Prepare
    const store = new MemoryJobStore();
    const job = newJob({
      requestId: 'r-url',
      kind: 'run',
      templateId: 'tpl',
      templateName: 'Suite',
      requester: { userId: 'U0ALICE', responseUrl: RESPONSE_URL },
      channelId: 'C0',
      now: T0,
    });
    await store.create(job);

    // Act
    const fresh = await writeJob(
      store,
      job,
      { phase: 'starting' },
      T0 + RESPONSE_URL_LIFETIME_MS - 1,
    );
    const stale = fresh
      ? await writeJob(store, fresh, { phase: 'queued' }, T0 + RESPONSE_URL_LIFETIME_MS)
      : undefined;

    // Assess
    expect(fresh?.requester).toEqual({ userId: 'U0ALICE', responseUrl: RESPONSE_URL });
    expect(stale?.requester).toEqual({ userId: 'U0ALICE' });
    expect((await store.get('r-url'))?.requester).toEqual({ userId: 'U0ALICE' });
  });
});

function retention(days: number, createdAt: number) {
  return { createdAt, expiresAt: Math.floor(createdAt / 1000) + days * DAY_S };
}
