import { describe, expect, it } from 'vitest';
import { RECENT_JOBS } from '../../../../functions/core/home/app-home';
import { mergeRecentJobs, unrecordedJobs } from '../../../../functions/core/home/recent-jobs';
import type { Job, JobPhase, JobResult } from '../../../../functions/core/job';
import { testJob } from '../../../support/job-fixtures';
import { MemoryJobStore } from '../../../support/memory-job-store';
import { runRecord } from '../../../support/run-records';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const MINUTE = 60_000;
const ALICE = 'U0ALICE';

/** One of Alice's jobs under way, asked for `minutesAgo` minutes before NOW. */
function underWay(requestId: string, minutesAgo: number, overrides: Partial<Job> = {}): Job {
  return testJob(
    {
      requestId,
      phase: 'running',
      templateName: `Suite ${requestId}`,
      requester: { userId: ALICE },
      ...overrides,
    },
    NOW - minutesAgo * MINUTE,
  );
}

/** A result ATS finished with `verdict`. */
function aResult(verdict: JobResult['verdict']): JobResult {
  return {
    verdict,
    atsResult: 'Failed',
    breakdown: { passed: 1, failed: 1, notExecuted: 0 },
    flags: { canceled: false, warning: false },
    testCases: [],
    flaky: [],
    errorMessage: undefined,
  };
}

/** One of Alice's finished jobs, ended `minutesAgo` minutes before NOW. */
function finished(requestId: string, minutesAgo: number) {
  return runRecord({
    requestId,
    templateId: 'TPL-SMOKE',
    templateName: `Suite ${requestId}`,
    userId: ALICE,
    endedAt: NOW - minutesAgo * MINUTE,
    verdict: 'failed',
  });
}

describe('mergeRecentJobs: one line per job, under way first, newest first', () => {
  it('puts the jobs under way (latest asked first) before the finished ones (latest ended first)', () => {
    // Prepare: given out of order, as two reads of different indexes could
    const active = [underWay('a-old', 90), underWay('a-new', 5, { phase: 'queued' })];
    const done = [finished('f-older', 60), finished('f-newer', 1)];

    // Act
    const lines = mergeRecentJobs(active, done, RECENT_JOBS);

    // Assess
    expect(lines.map((l) => [l.requestId, l.state])).toEqual([
      ['a-new', 'active'],
      ['a-old', 'active'],
      ['f-newer', 'finished'],
      ['f-older', 'finished'],
    ]);
    expect(lines[0]).toEqual({
      requestId: 'a-new',
      userId: ALICE,
      templateName: 'Suite a-new',
      attempt: 0,
      channelId: 'C0000TESTS',
      state: 'active',
      phase: 'queued',
      createdAt: NOW - 5 * MINUTE,
    });
    expect(lines[2]).toMatchObject({
      state: 'finished',
      verdict: 'failed',
      endedAt: NOW - MINUTE,
      userId: ALICE,
    });
  });

  it('shows a job found in both lists once, as finished', () => {
    // Prepare: "j1" ended; the index of jobs under way still had it (eventually consistent)
    const active = [underWay('j1', 30), underWay('j2', 20)];
    const done = [finished('j1', 1)];

    // Act
    const lines = mergeRecentJobs(active, done, RECENT_JOBS);

    // Assess
    expect(lines.map((l) => [l.requestId, l.state])).toEqual([
      ['j2', 'active'],
      ['j1', 'finished'],
    ]);
  });

  it.each<[JobPhase, Partial<Job>, string]>([
    ['done', { result: aResult('failed') }, 'failed'],
    ['done', {}, 'error'],
    ['failed_to_start', {}, 'failed_to_start'],
    ['timed_out', {}, 'timed_out'],
    ['error', {}, 'error'],
  ])(
    'shows a job that is %s without a record yet as finished, as its record will say, among the finished ones',
    (phase, fields, verdict) => {
      // Prepare
      const ended = underWay('ended', 30, { phase, finishedAt: NOW - 2 * MINUTE, ...fields });
      const done = [finished('f-newer', 1), finished('f-older', 3)];

      // Act
      const lines = mergeRecentJobs([ended, underWay('on', 40)], done, 8);

      // Assess
      expect(lines.map((l) => [l.requestId, l.state])).toEqual([
        ['on', 'active'],
        ['f-newer', 'finished'],
        ['ended', 'finished'],
        ['f-older', 'finished'],
      ]);
      expect(lines[2]).toMatchObject({ verdict, endedAt: NOW - 2 * MINUTE, userId: ALICE });
    },
  );

  it('keeps to the bound: jobs under way first, then as many finished ones as fit', () => {
    // Prepare
    const active = Array.from({ length: 3 }, (_, i) => underWay(`a${i}`, i));
    const done = Array.from({ length: RECENT_JOBS }, (_, i) => finished(`f${i}`, 100 + i));

    // Act
    const lines = mergeRecentJobs(active, done, RECENT_JOBS);
    const crowded = mergeRecentJobs(
      Array.from({ length: RECENT_JOBS + 2 }, (_, i) => underWay(`b${i}`, i)),
      done,
      RECENT_JOBS,
    );

    // Assess
    expect(lines).toHaveLength(RECENT_JOBS);
    expect(lines.map((l) => l.requestId)).toEqual([
      'a0',
      'a1',
      'a2',
      ...done.slice(0, RECENT_JOBS - 3).map((r) => r.requestId),
    ]);
    expect(crowded).toHaveLength(RECENT_JOBS);
    expect(crowded.every((l) => l.state === 'active')).toBe(true);
    expect(mergeRecentJobs(active, done, 0)).toEqual([]);
    expect(mergeRecentJobs([], [], RECENT_JOBS)).toEqual([]);
  });

  it('breaks ties of time by request id, so every publish lists the same order', () => {
    // Prepare
    const active = [underWay('a-b', 10), underWay('a-a', 10)];
    const done = [finished('f-b', 20), finished('f-a', 20)];

    // Act
    const lines = mergeRecentJobs(active, [...done].reverse(), RECENT_JOBS);
    const again = mergeRecentJobs([...active].reverse(), done, RECENT_JOBS);

    // Assess
    expect(lines.map((l) => l.requestId)).toEqual(['a-a', 'a-b', 'f-a', 'f-b']);
    expect(again).toEqual(lines);
  });

  it("links each line to the job's thread, else its own card", () => {
    // Prepare
    const rerun = underWay('rerun', 1, { attempt: 1, threadTs: '100.1', cardTs: '200.2' });
    const first = underWay('first', 2, { cardTs: '300.3' });
    const asked = underWay('asked', 3);
    const oldRecord = { ...finished('old', 5), threadTs: undefined, messageTs: '400.4' };

    // Act
    const lines = mergeRecentJobs([rerun, first, asked], [oldRecord], RECENT_JOBS);

    // Assess
    expect(lines.map((l) => [l.requestId, l.threadTs, l.attempt])).toEqual([
      ['rerun', '100.1', 1],
      ['first', '300.3', 0],
      ['asked', undefined, 0],
      ['old', '400.4', 0],
    ]);
    expect(lines[2]).not.toHaveProperty('threadTs');
  });
});

describe('unrecordedJobs: the latest jobs history does not have', () => {
  it('reads only the jobs without a record, and leaves out those gone from the table', async () => {
    // Prepare
    const store = new MemoryJobStore();
    store.seed(underWay('on', 1));
    store.seed(underWay('queued', 2, { phase: 'queued' }));
    store.seed(underWay('ended-unrecorded', 3, { phase: 'timed_out' }));
    store.seed(underWay('recorded', 4, { phase: 'done' }));
    const latest = ['on', 'queued', 'ended-unrecorded', 'recorded', 'gone'];

    // Act
    const jobs = await unrecordedJobs(store, latest, [finished('recorded', 1)]);

    // Assess: 'gone' (expired from the table) is no job; 'recorded' is not read at all
    expect(jobs.map((j) => [j.requestId, j.phase])).toEqual([
      ['on', 'running'],
      ['queued', 'queued'],
      ['ended-unrecorded', 'timed_out'],
    ]);
    expect(store.stats.gets).toBe(4);
    expect(await unrecordedJobs(store, [], [])).toEqual([]);
  });
});
