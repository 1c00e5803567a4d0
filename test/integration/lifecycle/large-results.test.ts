import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../../functions/ats/answer-budget';
import type { SimTemplate } from '../../../functions/ats/simulator/simulator';
import { isTerminal, type Job } from '../../../functions/core/job';
import {
  type AssembledWorker,
  startAssembledWorker,
  WORKER_CHANNEL,
} from '../../support/assembled-worker';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import {
  type ScriptedAtsServer,
  startScriptedAtsServer,
} from '../../support/reliability/scripted-ats-server';
import { VirtualClock } from '../../support/virtual-clock';
import { type SharedAts, startSharedAts } from './scenario';

/*
 * Finding: a large result left the job stuck forever. Between 1,200 and 2,000 failed cases with
 * ~100-character messages the job no longer fitted one DynamoDB item (400 KB): every retry got
 * `ValidationException`, the job stayed `running` with no poll booked and nobody was told.
 * Here the worker runs as a Lambda assembles it (real SOAP client, lifecycle, Slack notifier)
 * over DynamoJobStore on dynalite, the strict ATS simulator or a scripted ATS on 127.0.0.1, and
 * the local Slack Web API. Each job must finish, be told once in its thread, and its item must
 * stay under 100 KB whatever ATS answered.
 */

const SECRETS = {
  slackSigningSecret: 'signing-secret-large',
  slackBotToken: 'xoxb-large-results',
  atsAppApiToken: 'demo-token',
};
const ITEM_LIMIT_BYTES = 100_000;
const KB_MESSAGE =
  'Expected the order total to be 42.00 EUR but the page showed 41.99 EUR. '.repeat(14);

function failedCases(count: number, message: string, name = (i: number) => `Case ${i}`) {
  return Array.from({ length: count }, (_, i) => ({
    name: name(i),
    result: 'Failed' as const,
    durationSeconds: 12,
    errorMessage: message,
  }));
}

const TEMPLATES: SimTemplate[] = [
  {
    templateId: 'tpl-2000-failed',
    name: 'Checkout regression',
    queuedSeconds: 20,
    runningSeconds: 600,
    testCases: failedCases(
      2_000,
      'Element "Pay now" was not clickable after 30 s: overlay'.padEnd(100, '.'),
    ),
  },
  {
    templateId: 'tpl-20000-failed-1kb',
    name: 'Every flow',
    queuedSeconds: 20,
    runningSeconds: 3_600,
    testCases: failedCases(20_000, KB_MESSAGE),
  },
  {
    templateId: 'tpl-8000-failed-1kb',
    name: 'Most flows',
    queuedSeconds: 20,
    runningSeconds: 3_600,
    testCases: failedCases(8_000, KB_MESSAGE),
  },
  {
    templateId: 'tpl-long-texts',
    name: 'Localised suite',
    queuedSeconds: 20,
    runningSeconds: 600,
    // Half pass on the rerun (flaky), half fail again; names and messages far longer than shown.
    testCases: Array.from({ length: 600 }, (_, i) => ({
      name: `${i} ${'注文の合計を確認する'.repeat(40)}`,
      result: 'Failed' as const,
      durationSeconds: 12,
      errorMessage: '合計が一致しません。'.repeat(200),
      onRerun: [i % 2 === 0 ? ('Passed' as const) : ('Failed' as const)],
    })),
  },
];

const CATALOG = [
  { alias: 'checkout', templateId: 'tpl-2000-failed', name: 'Checkout regression' },
  { alias: 'every', templateId: 'tpl-20000-failed-1kb', name: 'Every flow' },
  { alias: 'most', templateId: 'tpl-8000-failed-1kb', name: 'Most flows' },
  { alias: 'localised', templateId: 'tpl-long-texts', name: 'Localised suite', autoReruns: 1 },
];

let db: RunningDynalite;
let shared: SharedAts;
let scripted: ScriptedAtsServer;

beforeAll(async () => {
  [db, shared, scripted] = await Promise.all([
    startDynalite(),
    startSharedAts({ strict: true }),
    startScriptedAtsServer(),
  ]);
  for (const template of TEMPLATES) shared.sim.addTemplate(template);
});

afterAll(async () => {
  await Promise.all([db.close(), shared.sim.close(), scripted.close()]);
});

/** The worker against the strict simulator, which reads the worker's clock. */
async function workerOnSimulator(): Promise<AssembledWorker> {
  const clock = new VirtualClock();
  shared.use(clock);
  return startAssembledWorker({
    db,
    atsBaseUrl: shared.sim.baseUrl,
    catalog: CATALOG,
    secrets: SECRETS,
    clock,
  });
}

/** Runs a catalog job to its end; resolves the finished job. */
async function runToEnd(w: AssembledWorker, alias: string) {
  const job = await w.request('run', alias);
  await w.handle({ type: 'start', requestId: job.requestId });
  const report = await w.drain();
  expect(report.errors).toEqual([]);
  return w.job(job.requestId);
}

/**
 * The outcome messages in the thread of `job`'s chain (the first job's card): their fallback text
 * names the verdict and the counts (a rerun's card in the thread names the verdict only).
 */
function outcomesInThread(w: AssembledWorker, job: Job, title: string) {
  const threadTs = job.threadTs ?? job.cardTs;
  expect(threadTs).toBeDefined();
  return w.slack
    .messages({ channel: WORKER_CHANNEL, thread_ts: threadTs ?? '' })
    .filter((m) => m.text?.startsWith(`${title}: Failed: `));
}

/** A GetJobStatus answer of a watched job, in CDATA as ATS sends it. */
function statusAnswer(status: string, errorMessage = ''): string {
  const v = (text: string) => `<![CDATA[${text}]]>`;
  const done = status === 'Done';
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.mendix.com/"><soap:Body><tns:GetTestRunResponse><TestRun><ExecutionStatus>${v(status)}</ExecutionStatus><ExecutionResult>${done ? v('Failed') : ''}</ExecutionResult><ErrorMessage>${v(errorMessage)}</ErrorMessage>${done ? `<ExecutionResultBreakdown><ResultBreakdown><CountPassed>1</CountPassed><CountNotExecuted>0</CountNotExecuted><CountFailed>1</CountFailed></ResultBreakdown></ExecutionResultBreakdown>` : ''}</TestRun></tns:GetTestRunResponse></soap:Body></soap:Envelope>`;
}

describe('a large result never leaves the job stuck (dynalite, assembled worker, local Slack)', () => {
  it('2,000 failed cases with 100-character messages: finished, told once, item under 100 KB', async () => {
    // Prepare
    const w = await workerOnSimulator();

    // Act
    const done = await runToEnd(w, 'checkout');

    // Assess
    expect(done.phase).toBe('done');
    expect(done.result?.breakdown).toEqual({ passed: 0, failed: 2_000, notExecuted: 0 });
    expect(done.result?.testCases.length).toBeGreaterThan(100);
    expect(outcomesInThread(w, done, 'Checkout regression')).toHaveLength(1);
    expect((await w.item(done.requestId)).bytes).toBeLessThan(ITEM_LIMIT_BYTES);
    await w.close();
  });

  it('a rerun of 600 cases with long names and messages in three-byte characters, half of them flaky: both finished, told once each, items under 100 KB', async () => {
    // Prepare
    const w = await workerOnSimulator();

    // Act
    const first = await runToEnd(w, 'localised');

    // Assess
    const rerun = await w.job(first.rerunRequestId ?? '');
    expect([first.phase, rerun.phase]).toEqual(['done', 'done']);
    expect(rerun.result?.breakdown).toEqual({ passed: 300, failed: 300, notExecuted: 0 });
    expect(rerun.result?.flakyCount).toBe(300);
    expect(rerun.result?.testCases.length).toBeGreaterThan(0);
    expect(outcomesInThread(w, first, 'Localised suite')).toHaveLength(1);
    expect(outcomesInThread(w, first, 'Localised suite · Rerun 1')).toHaveLength(1);
    expect((await w.item(first.requestId)).bytes).toBeLessThan(ITEM_LIMIT_BYTES);
    expect((await w.item(rerun.requestId)).bytes).toBeLessThan(ITEM_LIMIT_BYTES);
    await w.close();
  });

  it('an ATS ErrorMessage of 1 MB on a watched job: finished, told once, item under 100 KB', async () => {
    // Prepare: every answer says Done with ATS's 1 MB message.
    const w = await startAssembledWorker({
      db,
      atsBaseUrl: scripted.baseUrl,
      catalog: CATALOG,
      secrets: SECRETS,
    });
    scripted.answer({ kind: 'body', status: 200, body: statusAnswer('Done', 'E'.repeat(1 << 20)) });
    const job = await w.request('watch', 'ats-job-1mb-message');

    // Act
    await w.handle({ type: 'start', requestId: job.requestId });
    const report = await w.drain();

    // Assess
    const done = await w.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(done.result?.errorMessage?.length).toBeLessThanOrEqual(2_000);
    expect(outcomesInThread(w, done, 'ATS job ats-job-1mb-message')).toHaveLength(1);
    expect((await w.item(done.requestId)).bytes).toBeLessThan(ITEM_LIMIT_BYTES);
    await w.close();
  });

  it('an ExecutionStatus of 1 MB while the job runs: still followed, then finished and told once, item under 100 KB', async () => {
    // Prepare: ATS reports an unknown status 1 MB long for an hour, then Done.
    const w = await startAssembledWorker({
      db,
      atsBaseUrl: scripted.baseUrl,
      catalog: CATALOG,
      secrets: SECRETS,
    });
    scripted.answer({
      kind: 'body',
      status: 200,
      body: statusAnswer(`Running${'x'.repeat(1 << 20)}`),
    });
    const job = await w.request('watch', 'ats-job-1mb-status');
    await w.handle({ type: 'start', requestId: job.requestId });
    const hourLater = w.clock.now() + 3_600_000;

    // Act
    const running = await w.drain({ until: hourLater });
    const followed = await w.job(job.requestId);
    const polledWhileRunning = followed.pollCount;
    w.clock.advanceTo(hourLater);
    scripted.answer({ kind: 'body', status: 200, body: statusAnswer('Done') });
    const finishing = await w.drain();

    // Assess
    expect([...running.errors, ...finishing.errors]).toEqual([]);
    expect(isTerminal(followed.phase)).toBe(false);
    expect(followed.lastAtsStatus?.length).toBeLessThanOrEqual(100);
    expect(polledWhileRunning).toBeGreaterThan(3);
    const done = await w.job(job.requestId);
    expect(done.phase).toBe('done');
    expect(outcomesInThread(w, done, 'ATS job ats-job-1mb-status')).toHaveLength(1);
    expect((await w.item(done.requestId)).bytes).toBeLessThan(ITEM_LIMIT_BYTES);
    await w.close();
  });
});

describe('end to end: the largest results finish and fit (dynalite, strict simulator, local Slack)', () => {
  it(`20,000 failed cases with 1 KB messages (an answer over the ${DEFAULT_MAX_RESPONSE_BYTES / 1024 / 1024} MiB cap): finished with ATS's counts, told once in its thread, item under 100 KB`, async () => {
    // Prepare
    const w = await workerOnSimulator();

    // Act
    const done = await runToEnd(w, 'every');

    // Assess
    expect(done.phase).toBe('done');
    expect(done.result).toMatchObject({
      verdict: 'failed',
      breakdown: { passed: 0, failed: 20_000, notExecuted: 0 },
      testCasesOmitted: true,
    });
    const [outcome, ...others] = outcomesInThread(w, done, 'Every flow');
    expect(others).toEqual([]);
    expect(JSON.stringify(outcome?.blocks)).toContain('listed in ATS only');
    expect((await w.item(done.requestId)).bytes).toBeLessThan(ITEM_LIMIT_BYTES);
    await w.close();
  });

  it('8,000 failed cases with 1 KB messages (an answer under the cap): the first cases kept and shown, the rest counted as not shown, told once, item under 100 KB', async () => {
    // Prepare
    const w = await workerOnSimulator();

    // Act
    const done = await runToEnd(w, 'most');

    // Assess
    expect(done.phase).toBe('done');
    expect(done.result?.breakdown).toEqual({ passed: 0, failed: 8_000, notExecuted: 0 });
    const kept = done.result?.testCases ?? [];
    expect(kept.length).toBeGreaterThan(50);
    expect(kept[0]).toMatchObject({ name: 'Case 0', result: 'Failed' });
    const [outcome, ...others] = outcomesInThread(w, done, 'Most flows');
    expect(others).toEqual([]);
    const shown = JSON.stringify(outcome?.blocks);
    expect(shown).toContain('Did not pass (8,000)');
    expect(shown).toMatch(/…and [\d,]+ more test cases that did not pass/);
    expect((await w.item(done.requestId)).bytes).toBeLessThan(ITEM_LIMIT_BYTES);
    await w.close();
  });
});
