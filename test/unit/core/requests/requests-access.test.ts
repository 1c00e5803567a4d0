import { describe, expect, it } from 'vitest';
import { type Job, newJob } from '../../../../functions/core/job';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import {
  channelKey,
  DEFAULT_QUOTAS,
  type QuotaSettings,
  StartQuotas,
  userKey,
} from '../../../../functions/core/requests/quotas';
import type { RequestContext } from '../../../../functions/core/requests/request-answer';
import {
  JobRequests,
  type JobRequestsDeps,
  requestIdFromTrigger,
} from '../../../../functions/core/requests/requests';
import { MemoryJobStore } from '../../../support/memory-job-store';
import { MemoryQuotaStore } from '../../../support/memory-quota-store';
import { RecordingInvoker } from '../../../support/recording-invoker';

/** ATS job ids are UUIDs (`/ats watch` refuses anything else at once). */
const ATS_B = '8f14e45f-ceea-467a-9a36-00000000000b';
const ATS_X = '8f14e45f-ceea-467a-9a36-00000000000c';

/*
 * The request use cases under the access rule and the quotas: channel A (public, Mallory) and
 * channel B (private, Alice), as in the findings the rule answers.
 */
const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);
const A = 'C0PUBLIC';
const B = 'G0PRIVATE';
const ALICE = 'U0ALICE';
const MALLORY = 'U0MALLORY';

const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
  { alias: 'release', templateId: 'TPL-REL', name: 'Release checks', allowedChannels: [B] },
]);

function setup(
  options: { quotas?: Partial<QuotaSettings> } & Partial<Omit<JobRequestsDeps, 'quotas'>> = {},
) {
  const store = new MemoryJobStore();
  const invoker = new RecordingInvoker();
  const quotaStore = new MemoryQuotaStore();
  const clock = { now: () => NOW };
  const { quotas: settings, ...deps } = options;
  const requests = new JobRequests({
    store,
    invoker,
    clock,
    catalog,
    quotas: new StartQuotas({
      store: quotaStore,
      jobs: store,
      clock,
      settings: { ...DEFAULT_QUOTAS, ...settings },
    }),
    ...deps,
  });
  return { store, invoker, quotaStore, requests };
}

let trigger = 0;
function asker(userId: string, channelId: string): RequestContext {
  trigger += 1;
  return { userId, channelId, triggerId: `trigger-access-${trigger}` };
}

/** Alice's finished job in B with a failed case: a catalogued run unless overridden. */
async function jobOfB(store: MemoryJobStore, overrides: Partial<Job> = {}): Promise<Job> {
  const job: Job = {
    ...newJob({
      requestId: 'req-b',
      kind: 'run',
      templateId: 'TPL-REL',
      templateAlias: 'release',
      templateName: 'Release checks',
      requester: { userId: ALICE },
      channelId: B,
      now: NOW - 3_600_000,
    }),
    phase: 'done',
    atsJobId: ATS_B,
    cardTs: '1700000000.000100',
    result: {
      verdict: 'failed',
      atsResult: 'Failed',
      breakdown: { passed: 3, failed: 1, notExecuted: 0 },
      flags: { canceled: false, warning: false },
      testCases: [
        { name: 'Pay', result: 'Failed', durationSeconds: 3, errorMessage: 'secret detail' },
      ],
      flaky: [],
      errorMessage: undefined,
    },
    ...overrides,
  };
  await store.create(job);
  return job;
}

describe("JobRequests: another channel's job is not found", () => {
  it('answers /ats status of it exactly as an unknown job, by either id', async () => {
    // Prepare
    const { store, requests } = setup();
    await jobOfB(store);

    // Act
    const byOurId = await requests.handleCommand('status req-b', asker(MALLORY, A));
    const byAtsId = await requests.handleCommand(`status ${ATS_B}`, asker(MALLORY, A));
    const unknown = await requests.handleCommand(`status ${ATS_B}`, asker(MALLORY, A));

    // Assess
    expect(byOurId).toMatchObject({ kind: 'refused', code: 'JOB_NOT_FOUND' });
    expect(byAtsId).toEqual(unknown);
    expect(JSON.stringify([byOurId, byAtsId])).not.toMatch(/Release|secret|U0ALICE|G0PRIVATE/);
  });

  it('still shows it to its requester from elsewhere, marked as theirs alone', async () => {
    // Prepare
    const { store, requests } = setup();
    await jobOfB(store);

    // Act
    const answer = await requests.handleCommand('status req-b', asker(ALICE, A));

    // Assess
    expect(answer).toMatchObject({ kind: 'job_status', fromElsewhere: true });
  });

  it('refuses /ats rerun and the button from another channel without starting anything', async () => {
    // Prepare
    const { store, invoker, quotaStore, requests } = setup();
    await jobOfB(store);

    // Act
    const command = await requests.handleCommand(`rerun ${ATS_B}`, asker(MALLORY, A));
    const button = await requests.rerunFromButton('req-b', asker(MALLORY, A));

    // Assess
    expect(command).toMatchObject({ kind: 'refused', code: 'JOB_NOT_FOUND' });
    expect(button).toMatchObject({ kind: 'refused', code: 'JOB_NOT_FOUND' });
    expect((await store.get('req-b'))?.rerunRequestId).toBeUndefined();
    expect(invoker.messages).toEqual([]);
    expect(quotaStore.calls).toEqual([]);
  });

  it("tells the requester to rerun from the job's channel", async () => {
    // Prepare
    const { store, requests } = setup();
    await jobOfB(store);

    // Act
    const answer = await requests.handleCommand('rerun req-b', asker(ALICE, A));

    // Assess
    expect(answer).toEqual({
      kind: 'access_refused',
      refusal: { reason: 'other_channel', action: 'rerun', channelId: B },
    });
  });
});

describe('JobRequests: watching', () => {
  it('copies nothing of a job followed in another channel', async () => {
    // Prepare
    const { store, invoker, requests } = setup();
    await jobOfB(store);

    // Act
    const answer = await requests.handleCommand(`watch ${ATS_B}`, asker(MALLORY, A));

    // Assess
    expect(answer).toEqual({ kind: 'access_refused', refusal: { reason: 'followed_elsewhere' } });
    expect(store.all()).toHaveLength(1);
    expect(invoker.messages).toEqual([]);
  });

  it('lets nobody rerun a watched job without a catalog entry by default, and admins when set', async () => {
    // Prepare
    const plain = setup();
    const withAdmins = setup({ admins: { users: ['U0BOSS'], userGroups: [] } });
    const ci = { kind: 'watch' as const, templateId: undefined, templateAlias: undefined };
    await jobOfB(plain.store, { ...ci, channelId: A, requester: { userId: MALLORY } });
    await jobOfB(withAdmins.store, { ...ci, channelId: A, requester: { userId: MALLORY } });

    // Act
    const refused = await plain.requests.handleCommand(`rerun ${ATS_B}`, asker(MALLORY, A));
    const admin = await withAdmins.requests.handleCommand(`rerun ${ATS_B}`, asker('U0BOSS', A));

    // Assess
    expect(refused).toEqual({
      kind: 'access_refused',
      refusal: { reason: 'admins_only', action: 'rerun', admins: { users: [], userGroups: [] } },
    });
    expect(admin).toMatchObject({ kind: 'rerun_accepted' });
  });
});

describe('JobRequests: quotas', () => {
  it('refuses the start past the limit with when to try again, recording and invoking nothing', async () => {
    // Prepare
    const { store, invoker, requests } = setup({ quotas: { startsPerUser: 2 } });
    await requests.handleCommand('run smoke', asker(MALLORY, A));
    await requests.handleCommand(`watch ${ATS_X}`, asker(MALLORY, A));

    // Act
    const answer = await requests.handleCommand('run smoke', asker(MALLORY, A));

    // Assess
    expect(answer).toEqual({
      kind: 'quota_exceeded',
      refusal: {
        quota: 'starts_per_user',
        limit: 2,
        windowMinutes: 10,
        retryAt: NOW + 10 * 60_000,
        waitMinutes: 10,
      },
    });
    expect(store.all()).toHaveLength(2);
    expect(invoker.messages).toHaveLength(2);
  });

  it('answers a redelivered request as a duplicate even when the quota has filled since', async () => {
    // Prepare
    const { store, requests } = setup({ quotas: { startsPerUser: 1 } });
    const first = asker(MALLORY, A);
    await requests.handleCommand('run smoke', first);

    // Act
    const again = await requests.handleCommand('run smoke', first);

    // Assess
    expect(again).toMatchObject({ kind: 'accepted', duplicate: true });
    expect(store.all()).toHaveLength(1);
  });

  it('counts a rerun, and gives the place back when the hand-off fails', async () => {
    // Prepare
    const { store, invoker, quotaStore, requests } = setup();
    await jobOfB(store);
    const context = asker(ALICE, B);
    invoker.failing = true;

    // Act
    const failed = await requests.rerunFromButton('req-b', context);

    // Assess
    expect(failed).toMatchObject({ kind: 'refused', code: 'HANDOFF_FAILED' });
    const rerunId = requestIdFromTrigger(context.triggerId);
    expect(quotaStore.calls.filter((c) => c.op === 'take').map((c) => c.holders)).toEqual([
      [rerunId],
      [rerunId],
    ]);
    expect(quotaStore.holders(userKey(ALICE))).toEqual({});
    expect(quotaStore.holders(channelKey(B))).toEqual({});
  });

  it('takes no place for a click on a rerun someone already started', async () => {
    // Prepare
    const { store, quotaStore, requests } = setup();
    await jobOfB(store);
    await requests.rerunFromButton('req-b', asker(ALICE, B));
    const takesBefore = quotaStore.calls.length;

    // Act
    const later = await requests.rerunFromButton('req-b', asker('U0BOB', B));

    // Assess
    expect(later).toMatchObject({ kind: 'already_rerunning' });
    expect(quotaStore.calls.length).toBe(takesBefore);
  });
});
