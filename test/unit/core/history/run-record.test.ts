import { describe, expect, it } from 'vitest';
import type { AtsTestCase } from '../../../../functions/core/ats';
import {
  buildRunRecord,
  MAX_FLAKY_BYTES,
  MAX_NOT_PASSED_BYTES,
  MAX_RECORD_NAMES,
  MAX_SLOWEST_BYTES,
  MAX_SLOWEST_CASES,
} from '../../../../functions/core/history/run-record';
import { buildJobResult } from '../../../../functions/core/job-result';
import { utf8Length } from '../../../../functions/core/text-size';
import { T0, testJob } from '../../../support/job-fixtures';

const MINUTE = 60_000;
const DONE = { status: 'Done', result: 'Passed', errorMessage: undefined } as const;

function cases(count: number, result: string, prefix = 'case'): AtsTestCase[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix} ${i} ${'é'.repeat(250)}`,
    result,
    durationSeconds: 1,
    errorMessage: 'x'.repeat(1_000),
  }));
}

describe('buildRunRecord', () => {
  it('keeps what history needs of a finished run: verdict, counts, times, who, where', () => {
    // Prepare
    const job = testJob({
      requestId: 'r7',
      rootRequestId: 'r7',
      templateAlias: 'smoke',
      phase: 'done',
      atsJobId: 'ats-9',
      cardTs: '1736154000.000100',
      threadTs: '1736154000.000100',
      startedAt: T0 + MINUTE,
      runDurationMs: 5 * MINUTE,
      finishedAt: T0 + 8 * MINUTE,
      scheduleId: 'sch-1',
      result: buildJobResult(
        {
          status: 'Done',
          result: 'Failed',
          errorMessage: undefined,
          testCases: [...cases(2, 'Passed'), ...cases(1, 'Failed', 'bad')],
        },
        { rerun: false },
      ),
    });

    // Act
    const record = buildRunRecord(job, 400);

    // Assess
    expect(record).toMatchObject({
      requestId: 'r7',
      rootRequestId: 'r7',
      attempt: 0,
      kind: 'run',
      templateId: 'tpl',
      templateAlias: 'smoke',
      templateName: 'Suite',
      verdict: 'failed',
      counts: { passed: 2, failed: 1, notExecuted: 0 },
      runMs: 5 * MINUTE,
      queueMs: 2 * MINUTE,
      startedAt: T0 + MINUTE,
      endedAt: T0 + 8 * MINUTE,
      userId: 'U0000ALICE',
      scheduleId: 'sch-1',
      channelId: 'C0000TESTS',
      threadTs: '1736154000.000100',
      messageTs: '1736154000.000100',
      atsJobId: 'ats-9',
      flaky: { names: [], count: 0 },
      expiresAt: Math.floor((T0 + 8 * MINUTE) / 1000) + 400 * 86_400,
    });
    expect(record?.notPassed.count).toBe(1);
    expect(record?.notPassed.names[0]?.startsWith('bad 0')).toBe(true);
  });

  it("keeps the job's slowest cases with their durations, passed ones included", () => {
    // Prepare
    const result = buildJobResult(
      {
        status: 'Done',
        result: 'Failed',
        errorMessage: undefined,
        testCases: [
          { name: 'Log in', result: 'Passed', durationSeconds: 4, errorMessage: undefined },
          { name: 'Checkout', result: 'Passed', durationSeconds: 97, errorMessage: undefined },
          { name: 'Refund', result: 'Failed', durationSeconds: 61, errorMessage: 'boom' },
        ],
      },
      { rerun: false },
    );

    // Act
    const record = buildRunRecord(testJob({ phase: 'done', finishedAt: T0, result }), 400);

    // Assess
    expect(record?.slowest).toEqual({
      cases: [
        { name: 'Checkout', seconds: 97 },
        { name: 'Refund', seconds: 61 },
        { name: 'Log in', seconds: 4 },
      ],
      count: 3,
    });
  });

  it('keeps no slowest cases when the job has none (no durations, no result, an older job)', () => {
    // Prepare: a result stored before results ranked their cases has no `slowest`.
    const result = buildJobResult(
      {
        status: 'Done',
        result: 'Failed',
        errorMessage: undefined,
        testCases: [{ name: 'A', result: 'Failed', durationSeconds: undefined, errorMessage: '' }],
      },
      { rerun: false },
    );

    // Act
    const withoutDurations = buildRunRecord(testJob({ phase: 'done', result }), 400);
    const timedOut = buildRunRecord(testJob({ phase: 'timed_out' }), 400);

    // Assess
    expect(withoutDurations).not.toHaveProperty('slowest');
    expect(timedOut).not.toHaveProperty('slowest');
  });

  it('bounds slowest cases from a stored result, whatever it holds', () => {
    // Prepare: a result holding more (and longer) slowest cases than a record keeps.
    const slowest = {
      cases: Array.from({ length: 30 }, (_, i) => ({ name: 'n'.repeat(900), seconds: 300 - i })),
      count: 30,
    };
    const job = testJob({
      phase: 'done',
      result: { ...buildJobResult(DONE, { rerun: false }), slowest },
    });

    // Act
    const record = buildRunRecord(job, 400);

    // Assess
    expect(record?.slowest?.count).toBe(30);
    expect(record?.slowest?.cases.length).toBe(MAX_SLOWEST_CASES);
    expect(record?.slowest?.cases.every((c) => c.name.length === 200)).toBe(true);
  });

  it('links a rerun to its run and keeps its flaky cases', () => {
    const job = testJob({
      requestId: 'r8',
      kind: 'rerun',
      attempt: 1,
      rootRequestId: 'r7',
      rerunOf: 'r7',
      phase: 'done',
      finishedAt: T0 + MINUTE,
      result: buildJobResult(
        {
          status: 'Done',
          result: 'Passed',
          errorMessage: undefined,
          testCases: cases(3, 'Passed'),
        },
        { rerun: true },
      ),
    });
    const record = buildRunRecord(job, 30);
    expect(record).toMatchObject({ rootRequestId: 'r7', attempt: 1, kind: 'rerun' });
    expect(record?.flaky.count).toBe(3);
    expect(record?.flaky.names).toHaveLength(3);
  });

  it('records jobs that ended without a verdict from ATS by their phase', () => {
    const ended = (phase: 'timed_out' | 'error' | 'failed_to_start') =>
      buildRunRecord(testJob({ phase, finishedAt: T0 + MINUTE }), 400);
    expect(ended('timed_out')?.verdict).toBe('timed_out');
    expect(ended('error')?.verdict).toBe('error');
    expect(ended('failed_to_start')).toMatchObject({ verdict: 'failed_to_start', startedAt: T0 });
    expect(ended('failed_to_start')?.counts).toBeUndefined();
  });

  it('keeps no record of unfinished jobs, nor of watches of an unknown template', () => {
    expect(buildRunRecord(testJob({ phase: 'running' }), 400)).toBeUndefined();
    expect(
      buildRunRecord(testJob({ kind: 'watch', templateId: undefined, phase: 'done' }), 400),
    ).toBeUndefined();
  });

  it('bounds a 20,000-case job: exact counts, the first names and slowest cases within the budgets', () => {
    const result = buildJobResult(
      {
        status: 'Done',
        result: 'Failed',
        errorMessage: undefined,
        breakdown: { passed: 0, failed: 19_000, notExecuted: 1_000 },
        testCases: cases(20_000, 'Failed'),
      },
      { rerun: true },
    );
    const job = testJob({
      phase: 'done',
      finishedAt: T0,
      result: { ...result, flaky: cases(300, 'x').map((c) => c.name), flakyCount: 12_000 },
    });

    const record = buildRunRecord(job, 400);

    expect(record?.notPassed.count).toBe(20_000);
    expect(record?.flaky.count).toBe(12_000);
    expect(record?.notPassed.names.length).toBeLessThanOrEqual(MAX_RECORD_NAMES);
    const bytes = (names: string[]) => names.reduce((n, s) => n + utf8Length(s) + 4, 0);
    expect(bytes(record?.notPassed.names ?? [])).toBeLessThanOrEqual(MAX_NOT_PASSED_BYTES);
    expect(bytes(record?.flaky.names ?? [])).toBeLessThanOrEqual(MAX_FLAKY_BYTES);
    expect(record?.notPassed.names.length).toBeGreaterThan(0);
    expect(record?.slowest?.count).toBe(20_000);
    expect(record?.slowest?.cases.length).toBeGreaterThan(0);
    const slowBytes = (record?.slowest?.cases ?? []).reduce(
      (n, c) => n + utf8Length(c.name) + 16,
      0,
    );
    expect(slowBytes).toBeLessThanOrEqual(MAX_SLOWEST_BYTES);
    // The stated bound: about 12 KB whatever the suite.
    expect(utf8Length(JSON.stringify(record))).toBeLessThan(12_500);
  });
});
