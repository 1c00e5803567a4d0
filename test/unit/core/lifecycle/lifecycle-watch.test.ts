import { describe, expect, it } from 'vitest';
import { AtsError } from '../../../../functions/core/errors';
import type { Job } from '../../../../functions/core/job';
import { createHarness } from './lifecycle-harness';

const MINUTE = 60_000;

describe('JobLifecycle: watching a job started elsewhere', () => {
  it('follows a job a CI pipeline started, given its ATS job id', async () => {
    // Prepare: the pipeline started it through ATS directly.
    const h = createHarness();
    h.ats.plan({ runningMs: 8 * MINUTE });
    const { jobId } = await h.ats.runJob('tpl-ci');
    const job = await h.request('watch', { atsJobId: jobId });

    // Act
    await h.handle({ type: 'watch', requestId: job.requestId });
    await h.drain();

    // Assess
    const done = await h.job(job.requestId);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('passed');
    expect(h.notifier.of('postCard', job.requestId)).toHaveLength(1);
    // A clean pass is quiet: the card says it, no reply in the thread.
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(0);
    expect(h.notifier.of('announceOnCard', job.requestId)).toMatchObject([
      { tellRequester: false },
    ]);
    expect(done.outcomeOnCardAt).toBeDefined();
    expect(h.ats.count('RunJob')).toBe(1);
  });

  it('tells only the requester, clearly, when ATS does not know the job id', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('watch', { atsJobId: 'no-such-job' });

    // Act
    await h.handle({ type: 'watch', requestId: job.requestId });
    await h.handle({ type: 'watch', requestId: job.requestId });
    await h.drain();

    // Assess
    const ended = await h.job(job.requestId);
    expect(ended.phase).toBe('failed_to_start');
    expect(h.notifier.of('postCard')).toEqual([]);
    expect(h.notifier.outcomes()).toEqual([]);
    const told = h.notifier.of('tellRequester', job.requestId);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toMatch(
      /^Could not watch ATS job no-such-job\. ATS does not know this job id/,
    );
    expect(told[0]?.text).not.toMatch(/SOAP|HTTP|AppID|AppAPIToken|fault/i);
    // The fault itself is in the log; a mistyped id is the person's to fix, not an admin's.
    expect(h.warnings.map((w) => w.message)).toContain('ATS call failed');
    expect(h.warnings.map((w) => w.message)).not.toContain('Needs an admin');
    expect(ended.outcomeToldAt).toBeDefined();
  });

  it('reports a job that had already finished at once', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ runningMs: MINUTE, testCases: [{ name: 'Login', result: 'Failed' }] });
    const { jobId } = await h.ats.runJob('tpl-ci');
    h.clock.advance(30 * MINUTE);
    const job = await h.request('watch', { atsJobId: jobId });

    // Act
    await h.handle({ type: 'watch', requestId: job.requestId });

    // Assess
    const done = await h.job(job.requestId);
    expect(done.phase).toBe('done');
    expect(done.result?.verdict).toBe('failed');
    expect(h.notifier.outcomes(job.requestId)).toHaveLength(1);
    expect(h.ats.count('RerunNotPassed')).toBe(0);
  });

  it('tells the requester to try again when ATS cannot be reached to check the id', async () => {
    // Prepare
    const h = createHarness();
    h.ats.failNext(
      'GetJobStatus',
      new AtsError('ATS_CONNECTION', 'Could not connect to ATS (ECONNREFUSED).', true, false),
    );
    const job = await h.request('watch', { atsJobId: 'ats-job-9' });

    // Act
    await h.handle({ type: 'watch', requestId: job.requestId });

    // Assess
    expect((await h.job(job.requestId)).phase).toBe('failed_to_start');
    expect(h.notifier.of('tellRequester')[0]?.text).toMatch(
      /could not be reached.*Try again in a few minutes/,
    );
    expect(h.notifier.of('tellRequester')[0]?.text).not.toMatch(/ECONNREFUSED/);
  });

  it('finishes the card a worker posted before dying when the retry cannot check the job with ATS', async () => {
    // Prepare: the first check posts the card; its worker dies before recording it.
    const h = createHarness();
    h.ats.plan({ runningMs: 8 * MINUTE });
    const { jobId } = await h.ats.runJob('tpl-ci');
    const job = await h.request('watch', { atsJobId: jobId });
    const replace = h.store.replace.bind(h.store);
    let die = true;
    h.store.replace = async (next: Job, expectedVersion: number) => {
      if (die && next.cardTs !== undefined) {
        die = false;
        throw new Error('worker died (injected)');
      }
      return replace(next, expectedVersion);
    };
    const first = await h.handle({ type: 'watch', requestId: job.requestId }).then(
      () => 'ok',
      () => 'died',
    );
    const card = h.notifier.of('postCard', job.requestId)[0]?.ref;
    // Lambda retries the watch after the start watchdog's deadline; ATS times out on it.
    h.clock.advance(2 * MINUTE);
    h.ats.failNext(
      'GetJobStatus',
      new AtsError('ATS_TIMEOUT', 'ATS did not answer within 10 s.', true, true),
    );

    // Act
    await h.handle({ type: 'watch', requestId: job.requestId });
    const report = await h.drain();

    // Assess
    const ended = await h.job(job.requestId);
    expect(first).toBe('died');
    expect(report.errors).toEqual([]);
    expect(ended.phase).toBe('failed_to_start');
    expect(ended.cardTs).toBe(card?.ts);
    // The card shows the end and why; the requester hears it once; nobody is told twice.
    expect(h.notifier.of('updateCard', job.requestId).at(-1)?.job).toMatchObject({
      phase: 'failed_to_start',
      cardTs: card?.ts,
    });
    expect(h.notifier.outcomes(job.requestId)).toEqual([]);
    expect(h.notifier.of('announceOnCard', job.requestId)).toMatchObject([
      { tellRequester: true, job: { cardTs: card?.ts } },
    ]);
    expect(h.notifier.of('tellRequester', job.requestId)).toEqual([]);
    expect(h.notifier.of('postCard', job.requestId)).toHaveLength(1);
  });
});
