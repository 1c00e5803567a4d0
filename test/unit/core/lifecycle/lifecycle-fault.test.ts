import { describe, expect, it } from 'vitest';
import { AtsSoapFaultError } from '../../../../functions/ats/errors';
import { AtsError } from '../../../../functions/core/errors';
import { decidePoll } from '../../../../functions/core/polling/poll-decision';
import { T0, testJob } from '../../../support/job-fixtures';
import { atsDown, createHarness, startedRun } from './lifecycle-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What ATS answers for a job it cannot find (HTTP 500 + SOAP Fault). */
const fault = () =>
  new AtsSoapFaultError(
    'GetJobStatus',
    'soap:Server',
    'Object reference not set to an instance of an object.',
    500,
  );

describe('JobLifecycle: SOAP faults while polling a job ATS named', () => {
  it('ends a job ATS keeps faulting about in error after 5 faults over 10 minutes, the fault text in the log and for admins only', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan({ neverFinishes: true });
    const id = await startedRun(h);
    h.ats.failNext('GetJobStatus', fault(), 100);

    // Act
    const report = await h.drain();

    // Assess
    const ended = await h.job(id);
    expect(report.errors).toEqual([]);
    expect(ended.phase).toBe('error');
    expect(ended.lastError).toMatch(/seems to have lost the job/);
    expect(ended.lastError).not.toMatch(/Object reference not set|SOAP|HTTP/);
    const admin = h.warnings.find((w) => w.message === 'Needs an admin');
    expect(admin?.extra).toMatchObject({
      code: 'ATS_SOAP_FAULT',
      action: 'status',
      requestId: id,
      detail: expect.stringMatching(/Object reference not set/),
    });
    expect(ended.consecutiveFaults).toBe(5);
    expect(h.ats.count('GetJobStatus')).toBe(5);
    expect((ended.finishedAt ?? 0) - (ended.faultingSince ?? 0)).toBeGreaterThanOrEqual(
      10 * MINUTE,
    );
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('tells the person once when faults last past the unreachable stretch, then reports the result', async () => {
    // Prepare: six faults (about 22 minutes at the failure backoff), then ATS answers again.
    const h = createHarness({ settings: { forgottenJobAfterMs: HOUR } });
    h.ats.plan({ runningMs: 40 * MINUTE });
    const id = await startedRun(h);
    h.ats.failNext('GetJobStatus', fault(), 6);

    // Act
    await h.drain();

    // Assess
    const done = await h.job(id);
    expect(done.phase).toBe('done');
    expect(done.consecutiveFailures).toBe(0);
    expect(done.consecutiveFaults).toBeUndefined();
    expect(h.notifier.notices('ats_unreachable', id)).toHaveLength(1);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('counts faults anew after an answer that was not a fault', async () => {
    // Prepare: four faults, a connection error, four faults: never five faults in a row.
    const h = createHarness();
    h.ats.plan({ runningMs: 10 * MINUTE });
    const id = await startedRun(h);
    h.ats.failNext('GetJobStatus', fault(), 4);
    h.ats.failNext('GetJobStatus', atsDown(), 1);
    h.ats.failNext('GetJobStatus', fault(), 4);
    const streaks: (number | undefined)[] = [];

    // Act
    await h.drain({
      beforeDelivery: () => {
        streaks.push(h.store.all().find((j) => j.requestId === id)?.consecutiveFaults);
      },
    });

    // Assess
    const done = await h.job(id);
    expect(done.phase).toBe('done');
    // Nine failed polls, the one that found the job done, and its details.
    expect(h.ats.count('GetJobStatus')).toBe(11);
    expect(Math.max(...streaks.map((n) => n ?? 0))).toBe(4);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('stops at the wall-clock limit when ATS faults for ever but never long enough to give up', async () => {
    // Prepare
    const h = createHarness({ settings: { pollLimitMs: HOUR, forgottenJobFaults: 1_000 } });
    h.ats.plan({ neverFinishes: true });
    const id = await startedRun(h);
    h.ats.failNext('GetJobStatus', fault(), 1_000);

    // Act
    await h.drain();

    // Assess
    const ended = await h.job(id);
    expect(ended.phase).toBe('timed_out');
    expect(ended.lastError).toMatch(/could not be reached/);
    expect(h.notifier.notices('ats_unreachable', id)).toHaveLength(1);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });
});

describe('decidePoll: SOAP faults', () => {
  const limits = { pollLimitMs: 6 * HOUR, unreachableAfterMs: 15 * MINUTE };
  const job = (consecutiveFaults: number, faultingSince: number) => ({
    ...testJob({ templateId: undefined }),
    phase: 'running' as const,
    atsJobId: 'ats-1',
    startedAt: T0,
    consecutiveFailures: consecutiveFaults,
    failingSince: faultingSince,
    consecutiveFaults,
    faultingSince,
  });

  it('keeps polling after the fifth fault when the faults lasted less than 10 minutes', () => {
    // Prepare
    const observation = { ok: false, error: fault() } as const;

    // Act
    const decision = decidePoll(job(4, T0), observation, T0 + 9 * MINUTE, limits);

    // Assess
    expect(decision.kind).toBe('continue');
    expect(decision.patch).toMatchObject({ consecutiveFaults: 5, faultingSince: T0 });
  });

  it('ends after the fifth fault once they lasted 10 minutes, and not after the fourth', () => {
    // Prepare
    const observation = { ok: false, error: fault() } as const;

    // Act
    const fourth = decidePoll(job(3, T0), observation, T0 + 20 * MINUTE, limits);
    const fifth = decidePoll(job(4, T0), observation, T0 + 10 * MINUTE, limits);

    // Assess
    expect(fourth.kind).toBe('continue');
    expect(fifth).toMatchObject({ kind: 'ended', patch: { phase: 'error' } });
  });

  it('still ends at once on any other error that will not go away', () => {
    // Prepare
    const observation = {
      ok: false,
      error: new AtsError('ATS_BAD_RESPONSE', 'ATS sent an unreadable answer.', false, false),
    } as const;

    // Act
    const decision = decidePoll(job(0, T0), observation, T0 + MINUTE, limits);

    // Assess
    expect(decision).toMatchObject({ kind: 'ended', patch: { phase: 'error' } });
  });
});
