import { parse } from 'junit2json';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtsTestCase } from '../../../functions/core/ats';
import type { Job } from '../../../functions/core/job';
import { breakdownOf, MAX_KEPT_CASES } from '../../../functions/core/job-result';
import { JobLifecycle } from '../../../functions/core/lifecycle/lifecycle';
import { PollingPolicy } from '../../../functions/core/polling/polling-policy';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { SlackNotifier } from '../../../functions/slack/slack-notifier';
import { createSlackWebClient } from '../../../functions/slack/web-client';
import { requestedJob } from '../../support/job-fixtures';
import { lifecycleDrivers } from '../../support/lifecycle-drivers';
import { MemoryJobStore } from '../../support/memory-job-store';
import { RecordingScheduler } from '../../support/recording-scheduler';
import { VirtualClock } from '../../support/virtual-clock';
import { FakeAts } from '../../unit/core/lifecycle/fake-ats';
import { failingCases } from '../../unit/slack/blocks-support';

const catalog = parseCatalog([{ alias: 'reg', templateId: 'tpl-reg', name: 'Regression suite' }]);

/** The lifecycle with the real Slack notifier over the local Slack Web API, in virtual time. */
function wire(slack: SlackApiServer) {
  const clock = new VirtualClock();
  const store = new MemoryJobStore();
  const scheduler = new RecordingScheduler(() => clock.now());
  const ats = new FakeAts(() => clock.now());
  const notifier = new SlackNotifier(
    createSlackWebClient('xoxb-test', { slackApiUrl: slack.url, retries: 0 }),
    { catalog, clock },
  );
  const lifecycle = new JobLifecycle({
    ats,
    store,
    scheduler,
    notifier,
    clock,
    catalog,
    policy: new PollingPolicy(),
    newRequestId: () => `auto-${clock.now()}`,
  });
  const drivers = lifecycleDrivers({ lifecycle, scheduler, clock, store });
  /** Records `/ats run reg` by Alice, now, as the ingress would. */
  const request = async (requestId: string): Promise<Job> => {
    const job = requestedJob({
      requestId,
      kind: 'run',
      entry: catalog[0],
      typed: 'reg',
      user: 'U0ALICE',
      now: clock.now(),
    });
    await store.create(job);
    return job;
  };
  return { clock, store, ats, notifier, request, ...drivers };
}

/** Cases that passed, named apart from {@link failingCases}. */
function passingCases(n: number): AtsTestCase[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `TC_P${String(i).padStart(5, '0')} Browse the catalog`,
    result: 'Passed',
    durationSeconds: 5,
    errorMessage: undefined,
  }));
}

/** The test cases of the one JUnit file the local Slack holds. */
async function junitCases(slack: SlackApiServer) {
  const junit = await parse(slack.files()[0]?.content.toString('utf8') ?? '');
  const suite = (junit as { testsuite?: Array<Record<string, unknown>> }).testsuite?.[0];
  return (suite?.testcase ?? []) as Array<{ name?: string; failure?: unknown[] }>;
}

/** What ATS's failing cases look like to the fake: names and results. */
function planned(cases: AtsTestCase[]) {
  return cases.map(({ name, result }) => ({
    name,
    result: result as 'Passed' | 'Failed' | 'Not_Executed',
  }));
}

describe('the full result as a JUnit file in the thread', () => {
  let slack: SlackApiServer;

  beforeEach(async () => {
    slack = await startSlackApiServer();
  });
  afterEach(async () => {
    await slack.close();
  });

  it('attaches one JUnit file a real parser reads, its counts those of ATS, under duplicate deliveries', async () => {
    // Prepare
    const w = wire(slack);
    // More cases than a stored result keeps (only those that did not pass, at most 200).
    const cases = [
      ...failingCases(260),
      ...passingCases(300),
      { name: 'Log in & <out>', result: 'Passed', durationSeconds: 4, errorMessage: undefined },
    ];
    w.ats.plan({ runningMs: 120_000, testCases: planned(cases) });
    const job = await w.request('req-1');

    // Act
    await w.handle({ type: 'start', requestId: job.requestId });
    const report = await w.drain({ copies: 3, concurrent: true });

    // Assess
    const done = (await w.store.get(job.requestId)) as Job;
    expect(report.errors).toEqual([]);
    const files = slack.files();
    expect(files).toHaveLength(1);
    expect(done.resultFileId).toBe(files[0]?.id);
    const [shared] = slack
      .messages({ channel: done.channelId, thread_ts: done.cardTs })
      .filter((m) => m.files);
    expect(shared?.files?.[0]?.name).toBe(`reg-${done.atsJobId}.junit.xml`);
    const junit = await parse(files[0]?.content.toString('utf8') ?? '');
    const suite = (junit as { testsuite?: Array<Record<string, unknown>> }).testsuite?.[0];
    const testcases = (suite?.testcase ?? []) as Array<{
      name?: string;
      failure?: unknown[];
      skipped?: unknown[];
    }>;
    const ats = breakdownOf(done.result!);
    expect(suite).toMatchObject({
      tests: ats.passed + ats.failed + ats.notExecuted,
      failures: ats.failed,
      skipped: ats.notExecuted,
      errors: 0,
    });
    expect(testcases).toHaveLength(561);
    expect(done.result?.testCases.length).toBeLessThanOrEqual(MAX_KEPT_CASES);
    expect(testcases.filter((t) => t.failure).length).toBe(ats.failed);
    expect(testcases.filter((t) => t.skipped).length).toBe(ats.notExecuted);
    expect(testcases.map((t) => t.name)).toContain('Log in & <out>');
  });

  it('asks ATS for every case again when the first upload failed, not the 200 the job item keeps', async () => {
    // Prepare: Slack fails the first upload; no file reaches it.
    await slack.close();
    let uploads = 0;
    slack = await startSlackApiServer({
      faultInjector: ({ method }) =>
        method === 'files.getUploadURLExternal' && uploads++ === 0
          ? { kind: 'server_error', status: 500 }
          : undefined,
    });
    const w = wire(slack);
    w.ats.plan({ testCases: planned([...failingCases(230), ...passingCases(70)]) });
    const job = await w.request('req-3');

    // Act: the safety poll at the lease's end tries again, without the finishing poll's cases.
    await w.handle({ type: 'start', requestId: job.requestId });
    const report = await w.drain({ retries: 0 });

    // Assess
    const done = (await w.store.get(job.requestId)) as Job;
    expect(report.errors).toEqual([]);
    expect([uploads, done.resultFileAttempts]).toEqual([2, 2]);
    expect(done.result?.testCases.length).toBeLessThanOrEqual(MAX_KEPT_CASES);
    expect(slack.files()).toHaveLength(1);
    const testcases = await junitCases(slack);
    expect(testcases).toHaveLength(300);
    expect(testcases.filter((t) => t.failure)).toHaveLength(breakdownOf(done.result!).failed);
  });

  it('attaches no second file when a worker died between the upload and recording it', async () => {
    // Prepare: the first upload reaches Slack, then the worker dies before the record.
    const w = wire(slack);
    w.ats.plan({ testCases: planned(failingCases(5)) });
    const attach = w.notifier.attachResultFile.bind(w.notifier);
    let crashed = false;
    w.notifier.attachResultFile = async (job, cases) => {
      const id = await attach(job, cases);
      if (!crashed) {
        crashed = true;
        throw new Error('Lambda timed out after the upload');
      }
      return id;
    };
    const job = await w.request('req-2');

    // Act: no Lambda retry; only the safety poll at the lease's end is left to finish it.
    await w.handle({ type: 'start', requestId: job.requestId });
    const report = await w.drain({ retries: 0 });

    // Assess
    const done = (await w.store.get(job.requestId)) as Job;
    expect(report.errors).toEqual([]);
    expect(crashed).toBe(true);
    expect(done.resultFileAttempts).toBe(2);
    expect(slack.files()).toHaveLength(1);
    expect(done.resultFileId).toBe(slack.files()[0]?.id);
    const uploads = slack.calls.filter((c) => c.method === 'files.getUploadURLExternal');
    expect(uploads).toHaveLength(1);
  });
});
