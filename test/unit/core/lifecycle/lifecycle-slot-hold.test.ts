import { describe, expect, it } from 'vitest';
import { AtsError } from '../../../../functions/core/errors';
import { createHarness } from './lifecycle-harness';

/*
 * Regression (found by the reliability suite's strict-ATS scenario, seeds 431017218 and
 * 2465792424): a job the bot stopped following while its ATS job still ran (a start whose answer
 * was lost, a job timed out at the poll limit) gave its slot back at its end, so the bot started a
 * job beyond ATS's cap, which ATS canceled. The fake ATS here keeps the cap like ATS.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** RunJob sent, no answer: ATS may have started the job. */
const lostAnswer = () => new AtsError('ATS_TIMEOUT', 'ATS did not answer within 60 s.', true, true);

describe('JobLifecycle: the ATS slot of a job the bot stopped following', () => {
  it('is kept by a start ATS did not confirm for the hold, duplicates and all, then given on', async () => {
    // Prepare: one slot; ATS starts the first job (30 minutes) but its answer is lost.
    const h = createHarness({ settings: { atsJobCap: 1, slotHoldMs: 2 * HOUR } });
    h.ats.enforceCap(1);
    h.ats.plan({ runningMs: 30 * MINUTE }, { runningMs: 10 * MINUTE });
    h.ats.loseNextAnswer(lostAnswer());
    const first = await h.request('run');
    const second = await h.request('run');
    await h.handle({ type: 'start', requestId: first.requestId });
    await h.handle({ type: 'start', requestId: second.requestId });
    // Every later message about the ended job settles it again: none may give the slot back.
    const ended = await h.job(first.requestId);
    await h.handle({ type: 'start', requestId: first.requestId });
    await h.handle({ type: 'poll', requestId: first.requestId, seq: ended.pollCount });
    const heldAfterDuplicates = await h.store.getSlots('ats');

    // Act
    const report = await h.drain();

    // Assess
    const [a, b] = [await h.job(first.requestId), await h.job(second.requestId)];
    const runJobs = h.ats.calls.filter((c) => c.operation === 'RunJob');
    const holdEnd = (ended.finishedAt ?? 0) + 2 * HOUR;
    expect(report.errors).toEqual([]);
    expect(ended.phase).toBe('error');
    expect(h.ats.canceledByCap).toEqual([]);
    expect(heldAfterDuplicates).toMatchObject({
      holders: [first.requestId],
      waiting: [second.requestId],
    });
    expect(runJobs).toHaveLength(2);
    // No job id to ask about: the second starts when the hold ends, within one recheck.
    expect(runJobs[1]?.at).toBeGreaterThanOrEqual(holdEnd);
    expect(runJobs[1]?.at).toBeLessThanOrEqual(holdEnd + 6 * MINUTE);
    expect(ended.slotHeldUntil).toBe(holdEnd);
    expect([a.phase, b.phase, b.result?.verdict]).toEqual(['error', 'done', 'passed']);
    expect(h.notifier.outcomes(first.requestId)).toHaveLength(1);
    expect(h.notifier.outcomes(second.requestId)).toHaveLength(1);
    expect(await h.store.getSlots('ats')).toMatchObject({ holders: [], waiting: [] });
  });

  it('is kept by a job timed out at the poll limit until ATS reports it done; the first in line asks', async () => {
    // Prepare: one slot; the first job runs 3 h in ATS, the bot follows it for 1 h.
    const h = createHarness({
      settings: { atsJobCap: 1, pollLimitMs: HOUR, slotHoldMs: 6 * HOUR },
    });
    h.ats.enforceCap(1);
    h.ats.plan({ runningMs: 3 * HOUR }, { runningMs: 10 * MINUTE }, { runningMs: 10 * MINUTE });
    const jobs = [await h.request('run'), await h.request('run'), await h.request('run')];
    for (const job of jobs) await h.handle({ type: 'start', requestId: job.requestId });

    // Act
    const report = await h.drain({ maxDeliveries: 5_000 });

    // Assess
    const [a, b, c] = await Promise.all(jobs.map((j) => h.job(j.requestId)));
    const runJobs = h.ats.calls.filter((call) => call.operation === 'RunJob');
    const askedAfterEnd = h.ats.calls.filter(
      (call) =>
        call.operation === 'GetJobStatus' &&
        call.arg === a?.atsJobId &&
        call.at > (a?.finishedAt ?? 0),
    );
    const atsDoneAt = (runJobs[0]?.at ?? 0) + 3 * HOUR;
    expect(report.errors).toEqual([]);
    expect(a?.phase).toBe('timed_out');
    expect(h.ats.canceledByCap).toEqual([]);
    expect(runJobs).toHaveLength(3);
    expect(runJobs[1]?.at).toBeGreaterThanOrEqual(atsDoneAt);
    expect(runJobs[1]?.at).toBeLessThanOrEqual(atsDoneAt + 6 * MINUTE);
    expect(a?.slotHeldUntil).toBe((a?.finishedAt ?? 0) + 6 * HOUR);
    // About once per 5-minute recheck of the line over the 2 h, not once per waiting job.
    expect(askedAfterEnd.length).toBeGreaterThan(0);
    expect(askedAfterEnd.length).toBeLessThanOrEqual(2 * 12 + 3);
    expect([b?.result?.verdict, c?.result?.verdict]).toEqual(['passed', 'passed']);
    expect(await h.store.getSlots('ats')).toMatchObject({ holders: [], waiting: [] });
  });

  it('is given back when the hold ends even while ATS still reports the job running', async () => {
    // Prepare: the first job never finishes in ATS; the bot follows it 1 h and holds its slot 2 h.
    const h = createHarness({
      settings: { atsJobCap: 1, pollLimitMs: HOUR, slotHoldMs: 2 * HOUR },
    });
    h.ats.plan({ neverFinishes: true }, { runningMs: 10 * MINUTE });
    const first = await h.request('run');
    const second = await h.request('run');
    await h.handle({ type: 'start', requestId: first.requestId });
    await h.handle({ type: 'start', requestId: second.requestId });

    // Act
    const report = await h.drain({ maxDeliveries: 5_000 });

    // Assess: no slot is held for ever; the bound is the setting.
    const [a, b] = [await h.job(first.requestId), await h.job(second.requestId)];
    const runJobs = h.ats.calls.filter((call) => call.operation === 'RunJob');
    const holdEnd = (a.finishedAt ?? 0) + 2 * HOUR;
    expect(report.errors).toEqual([]);
    expect(a.phase).toBe('timed_out');
    expect(runJobs[1]?.at).toBeGreaterThanOrEqual(holdEnd);
    expect(runJobs[1]?.at).toBeLessThanOrEqual(holdEnd + 6 * MINUTE);
    expect(b.phase).toBe('done');
    expect(h.warnings.map((w) => w.message)).toContain(
      'ATS slot given back: the hold of a job the bot stopped following ended',
    );
  });

  it('is given back at once by jobs ATS finished or refused', async () => {
    // Prepare: a job that passes and one ATS refuses to start.
    const h = createHarness({ settings: { atsJobCap: 1 } });
    h.ats.failNext(
      'RunJob',
      new AtsError('ATS_NOT_STARTED', 'ATS did not start the job: no hub.', false, false),
    );
    const refused = await h.request('run');
    const passing = await h.request('run');
    await h.handle({ type: 'start', requestId: refused.requestId });
    await h.handle({ type: 'start', requestId: passing.requestId });

    // Act
    await h.drain();

    // Assess
    const [a, b] = [await h.job(refused.requestId), await h.job(passing.requestId)];
    expect([a.phase, b.phase]).toEqual(['failed_to_start', 'done']);
    expect([a.slotHeldUntil, b.slotHeldUntil]).toEqual([undefined, undefined]);
    expect(await h.store.getSlots('ats')).toMatchObject({ holders: [], waiting: [] });
  });
});
