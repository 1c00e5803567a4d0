import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../functions/core/job';
import type { UserGroupDirectory } from '../../../../functions/core/requests/access';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import type { RequestContext } from '../../../../functions/core/requests/request-answer';
import { JobRequests, requestIdFromTrigger } from '../../../../functions/core/requests/requests';
import { ContendedJobStore } from '../../../support/contended-job-store';
import { smokeTestsRun } from '../../../support/job-fixtures';
import { MemoryJobStore } from '../../../support/memory-job-store';
import { RecordingInvoker } from '../../../support/recording-invoker';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);

const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests', autoReruns: 1 },
  { alias: 'regression', templateId: 'TPL-REG', name: 'Full regression' },
  { alias: 'prod', templateId: 'TPL-PROD', name: 'Production checks', allowedUserGroups: ['S0QA'] },
]);

function setup(userGroups?: UserGroupDirectory, entries = catalog) {
  const store = new MemoryJobStore();
  const invoker = new RecordingInvoker();
  const requests = new JobRequests({
    store,
    invoker,
    clock: { now: () => NOW },
    catalog: entries,
    userGroups,
  });
  return { store, invoker, requests };
}

let trigger = 0;
function ctx(overrides: Partial<RequestContext> = {}): RequestContext {
  trigger += 1;
  return {
    userId: 'U0ALICE',
    channelId: 'C0TESTS',
    triggerId: `trigger-${trigger}`,
    responseUrl: 'https://hooks.slack.com/commands/1',
    ...overrides,
  };
}

/** A finished job with failures, as the worker leaves it. */
async function finishedJob(store: MemoryJobStore, overrides: Partial<Job> = {}): Promise<Job> {
  const job: Job = {
    ...smokeTestsRun('req-finished', NOW - 60_000),
    phase: 'done',
    atsJobId: 'ats-1',
    cardTs: '1700000000.000100',
    outcomeTs: '1700000000.000300',
    result: {
      verdict: 'failed',
      atsResult: 'Failed',
      breakdown: { passed: 3, failed: 1, notExecuted: 0 },
      flags: { canceled: false, warning: false },
      testCases: [],
      flaky: [],
      errorMessage: undefined,
    },
    ...overrides,
  };
  await store.create(job);
  return job;
}

describe('JobRequests.run', () => {
  it('records a requested job and hands it to the worker', async () => {
    // Prepare
    const { store, invoker, requests } = setup();
    const context = ctx();

    // Act
    const answer = await requests.handleCommand('run smoke', context);

    // Assess
    const requestId = requestIdFromTrigger(context.triggerId!);
    expect(answer).toMatchObject({ kind: 'accepted', duplicate: false, job: { requestId } });
    expect(await store.get(requestId)).toMatchObject({
      phase: 'requested',
      kind: 'run',
      templateId: 'TPL-SMOKE',
      templateAlias: 'smoke',
      templateName: 'Smoke tests',
      channelId: 'C0TESTS',
      requester: { userId: 'U0ALICE', responseUrl: 'https://hooks.slack.com/commands/1' },
      autoRerunsLeft: 1,
      createdAt: NOW,
    });
    expect(invoker.messages).toEqual([{ type: 'start', requestId }]);
  });

  it('accepts a template id as well as an alias', async () => {
    // Prepare
    const { requests } = setup();

    // Act
    const answer = await requests.handleCommand('run tpl-reg', ctx());

    // Assess
    expect(answer).toMatchObject({ kind: 'accepted', job: { templateId: 'TPL-REG' } });
  });

  it('records a redelivered command once', async () => {
    // Prepare
    const { store, requests } = setup();
    const context = ctx();

    // Act
    const first = await requests.handleCommand('run smoke', context);
    const second = await requests.handleCommand('run smoke', context);

    // Assess
    expect(first).toMatchObject({ kind: 'accepted', duplicate: false });
    expect(second).toMatchObject({ kind: 'accepted', duplicate: true });
    expect(store.all().length).toBe(1);
  });

  it('answers an unknown alias with help suggesting the closest one, recording nothing', async () => {
    // Prepare
    const { store, invoker, requests } = setup();

    // Act
    const answer = await requests.handleCommand('run smoek', ctx());

    // Assess
    expect(answer).toMatchObject({
      kind: 'help',
      problem: { code: 'UNKNOWN_TEMPLATE', given: 'smoek', suggestion: 'run smoke' },
    });
    expect(store.all().length).toBe(0);
    expect(invoker.messages).toEqual([]);
  });

  it('reads a bare alias as a run typo', async () => {
    // Prepare
    const { requests } = setup();

    // Act
    const answer = await requests.handleCommand('regresion', ctx());

    // Assess
    expect(answer).toMatchObject({
      kind: 'help',
      problem: { code: 'UNKNOWN_COMMAND', suggestion: 'run regression' },
    });
  });

  it('refuses a person outside the allowed group, naming the group', async () => {
    // Prepare
    const { store, requests } = setup({ isMember: async () => false });

    // Act
    const answer = await requests.handleCommand('run prod', ctx());

    // Assess
    expect(answer).toMatchObject({ kind: 'not_allowed', permitted: { userGroups: ['S0QA'] } });
    expect(store.all().length).toBe(0);
  });

  it('lets a group member run a group-restricted template', async () => {
    // Prepare
    const { requests } = setup({ isMember: async (g, u) => g === 'S0QA' && u === 'U0ALICE' });

    // Act
    const answer = await requests.handleCommand('run prod', ctx());

    // Assess
    expect(answer.kind).toBe('accepted');
  });

  it('answers plainly when group membership cannot be checked', async () => {
    // Prepare
    const { requests } = setup({
      isMember: async () => {
        throw new Error('missing_scope');
      },
    });

    // Act
    const answer = await requests.handleCommand('run prod', ctx());

    // Assess
    expect(answer).toMatchObject({ kind: 'refused', code: 'ACCESS_CHECK_FAILED' });
  });

  it('marks the job failed and says so when the worker cannot be invoked', async () => {
    // Prepare
    const { store, invoker, requests } = setup();
    invoker.failing = true;
    const context = ctx();

    // Act
    const answer = await requests.handleCommand('run smoke', context);

    // Assess
    expect(answer).toMatchObject({ kind: 'refused', code: 'HANDOFF_FAILED' });
    expect((await store.get(requestIdFromTrigger(context.triggerId!)))?.phase).toBe('error');
    expect(await store.listActiveInChannel('C0TESTS')).toEqual([]);
  });
});

describe('JobRequests.watch', () => {
  it('follows an ATS job started elsewhere', async () => {
    // Prepare
    const { store, invoker, requests } = setup();

    // Act
    const answer = await requests.handleCommand(
      'watch 8f14e45f-ceea-467a-9a36-000000000001',
      ctx(),
    );

    // Assess
    expect(answer).toMatchObject({
      kind: 'accepted',
      job: { kind: 'watch', atsJobId: '8f14e45f-ceea-467a-9a36-000000000001' },
    });
    const [job] = store.all();
    expect(job).toMatchObject({
      phase: 'requested',
      templateName: 'ATS job 8f14e45f-ceea-467a-9a36-000000000001',
    });
    expect(invoker.messages).toEqual([{ type: 'watch', requestId: job!.requestId }]);
  });

  it('refuses an id that is not an ATS job id at once, recording and sending nothing', async () => {
    // Prepare
    const { store, invoker, requests } = setup();

    // Act
    const answer = await requests.handleCommand('watch foo', ctx());

    // Assess
    expect(answer).toMatchObject({
      kind: 'help',
      problem: { code: 'BAD_ARGUMENT', about: 'watch', given: 'foo' },
    });
    expect(store.all()).toEqual([]);
    expect(invoker.messages).toEqual([]);
  });

  it('does not follow a job twice while it is active', async () => {
    // Prepare
    const { store, requests } = setup();
    await requests.handleCommand('watch 8f14e45f-ceea-467a-9a36-000000000077', ctx());

    // Act
    const answer = await requests.handleCommand(
      'watch 8f14e45f-ceea-467a-9a36-000000000077',
      ctx(),
    );

    // Assess
    expect(answer.kind).toBe('already_following');
    expect(store.all().length).toBe(1);
  });
});

describe('JobRequests reruns', () => {
  it('claims a rerun from the button once, however many clicks arrive at once', async () => {
    // Prepare
    const { store, invoker, requests } = setup();
    await finishedJob(store);
    const clicks = ['U0ALICE', 'U0BOB', 'U0ALICE', 'U0CAROL', 'U0BOB'].map((userId) =>
      ctx({ userId }),
    );

    // Act
    const answers = await Promise.all(
      clicks.map((c) => requests.rerunFromButton('req-finished', c)),
    );

    // Assess
    const accepted = answers.filter((a) => a.kind === 'rerun_accepted');
    const refused = answers.filter((a) => a.kind === 'already_rerunning');
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(4);
    expect(invoker.messages).toHaveLength(1);
    const rerunId = invoker.messages[0]!.requestId;
    expect(await store.get(rerunId)).toMatchObject({
      kind: 'rerun',
      attempt: 1,
      rerunOf: 'req-finished',
      threadTs: '1700000000.000100',
      phase: 'requested',
    });
    for (const answer of refused) {
      expect(answer).toMatchObject({ rerunRequestId: rerunId });
    }
    expect((await store.get('req-finished'))?.rerunRequestId).toBe(rerunId);
  });

  it('tells the later clicker who reran and the rerun job id', async () => {
    // Prepare
    const { store, requests } = setup();
    await finishedJob(store);
    const first = await requests.rerunFromButton('req-finished', ctx({ userId: 'U0BOB' }));
    const rerunId = first.kind === 'rerun_accepted' ? first.job.requestId : '';
    const rerun = await store.get(rerunId);
    await store.replace(
      { ...rerun!, atsJobId: 'ats-2', phase: 'queued', version: rerun!.version + 1 },
      rerun!.version,
    );

    // Act
    const answer = await requests.rerunFromButton('req-finished', ctx({ userId: 'U0CAROL' }));

    // Assess
    expect(answer).toMatchObject({
      kind: 'already_rerunning',
      by: 'U0BOB',
      rerun: { atsJobId: 'ats-2' },
    });
  });

  it('does not answer "already rerunning" once that rerun has ended: it says where the chain stands', async () => {
    // Prepare: Bob's rerun of the finished job has itself finished.
    const { store, invoker, requests } = setup();
    await finishedJob(store);
    const first = await requests.rerunFromButton('req-finished', ctx({ userId: 'U0BOB' }));
    const rerunId = first.kind === 'rerun_accepted' ? first.job.requestId : '';
    const rerun = await store.get(rerunId);
    await store.replace(
      { ...rerun!, atsJobId: 'ats-2', phase: 'done', version: rerun!.version + 1 },
      rerun!.version,
    );

    // Act
    const answer = await requests.handleCommand('rerun ats-1', ctx({ userId: 'U0CAROL' }));

    // Assess
    expect(answer).toMatchObject({
      kind: 'already_rerun',
      of: { requestId: 'req-finished' },
      latest: { requestId: rerunId, phase: 'done', atsJobId: 'ats-2' },
    });
    expect(invoker.messages).toHaveLength(1);
  });

  it('accepts the ATS job id in /ats rerun', async () => {
    // Prepare
    const { store, requests } = setup();
    await finishedJob(store);

    // Act
    const answer = await requests.handleCommand('rerun ats-1', ctx());

    // Assess
    expect(answer).toMatchObject({
      kind: 'rerun_accepted',
      of: { requestId: 'req-finished', rerunBy: 'U0ALICE' },
    });
  });

  it('refuses to rerun a job that has not finished', async () => {
    // Prepare
    const { store, requests } = setup();
    await finishedJob(store, { phase: 'running', result: undefined });

    // Act
    const answer = await requests.handleCommand('rerun req-finished', ctx());

    // Assess
    expect(answer).toMatchObject({ kind: 'refused', code: 'NOT_FINISHED' });
  });

  it('gives the rerun right back when the worker cannot be invoked', async () => {
    // Prepare
    const { store, invoker, requests } = setup();
    await finishedJob(store);
    invoker.failing = true;

    // Act
    const failed = await requests.rerunFromButton('req-finished', ctx());
    invoker.failing = false;
    const retried = await requests.rerunFromButton('req-finished', ctx());

    // Assess
    expect(failed).toMatchObject({ kind: 'refused', code: 'HANDOFF_FAILED' });
    expect(retried.kind).toBe('rerun_accepted');
  });

  it("applies the rules of the job's own alias when another alias runs the same template", async () => {
    // Prepare
    const shared = parseCatalog([
      { alias: 'smoke-open', templateId: 'TPL-SMOKE', name: 'Smoke, open to all' },
      { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests', allowedUsers: ['U0ALICE'] },
    ]);
    const { store, requests } = setup(undefined, shared);
    await finishedJob(store);

    // Act
    const answer = await requests.rerunFromButton('req-finished', ctx({ userId: 'U0MALLORY' }));

    // Assess
    expect(answer).toMatchObject({ kind: 'not_allowed', template: { alias: 'smoke' } });
    expect((await store.get('req-finished'))?.rerunRequestId).toBeUndefined();
  });

  it('keeps the claim after three lost races to give it back, still answering', async () => {
    // Prepare
    const store = new ContendedJobStore();
    await finishedJob(store);
    const requests = new JobRequests({
      store,
      // The hand-off fails while other writers keep changing the finished job.
      invoker: {
        invoke: async () => {
          store.contend('req-finished');
          throw new Error('Lambda throttled');
        },
      },
      clock: { now: () => NOW },
      catalog,
    });

    // Act
    const answer = await requests.rerunFromButton('req-finished', ctx());

    // Assess
    expect(answer).toMatchObject({ kind: 'refused', code: 'HANDOFF_FAILED' });
    expect(store.attempts).toBe(3);
    expect((await store.get('req-finished'))?.rerunRequestId).toBeDefined();
  });

  it('answers a forged or unknown button value without touching the store', async () => {
    // Prepare
    const { requests } = setup();

    // Act
    const answer = await requests.rerunFromButton('<!channel> '.repeat(500), ctx());

    // Assess
    expect(answer).toMatchObject({ kind: 'refused', code: 'JOB_NOT_FOUND' });
    expect(answer.kind === 'refused' && answer.message.length).toBeLessThan(400);
  });
});

describe('JobRequests.status, list, help', () => {
  it('shows one job by our id or the ATS id, and the channel’s active jobs', async () => {
    // Prepare
    const { store, requests } = setup();
    await finishedJob(store);
    await requests.handleCommand('run smoke', ctx());
    await requests.handleCommand('run regression', ctx({ channelId: 'C0OTHER' }));

    // Act
    const byOurs = await requests.handleCommand('status req-finished', ctx());
    const byAts = await requests.handleCommand('status ats-1', ctx());
    const channel = await requests.handleCommand('status', ctx());
    const missing = await requests.handleCommand('status nope', ctx());

    // Assess
    expect(byOurs).toMatchObject({ kind: 'job_status', job: { requestId: 'req-finished' } });
    expect(byAts).toMatchObject({ kind: 'job_status', job: { requestId: 'req-finished' } });
    expect(channel.kind === 'channel_status' && channel.jobs.map((j) => j.templateAlias)).toEqual([
      'smoke',
    ]);
    expect(missing).toMatchObject({ kind: 'refused', code: 'JOB_NOT_FOUND' });
  });

  it('lists the catalog and explains itself', async () => {
    // Prepare
    const { requests } = setup();

    // Act
    const list = await requests.handleCommand('list', ctx());
    const help = await requests.handleCommand('help', ctx());

    // Assess
    expect(list).toEqual({ kind: 'catalog', templates: catalog });
    expect(help).toEqual({ kind: 'help', templates: catalog });
  });
});
