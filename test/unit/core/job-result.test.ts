import { describe, expect, it } from 'vitest';
import type { AtsJobStatus, AtsTestCase } from '../../../functions/core/ats';
import {
  buildJobResult,
  findFlaky,
  KEPT_CASES_BYTES,
  KEPT_FLAKY_BYTES,
  MAX_KEPT_CASES,
  notExecutedIn,
  verdictOf,
} from '../../../functions/core/job-result';

const tc = (name: string, result: string): AtsTestCase => ({
  name,
  result,
  durationSeconds: 3,
  errorMessage: undefined,
});

const done = (overrides: Partial<AtsJobStatus> = {}): AtsJobStatus => ({
  status: 'Done',
  result: 'Passed',
  errorMessage: undefined,
  ...overrides,
});

describe('verdictOf', () => {
  it('reads Passed as passed even when flagged canceled, then canceled from the flags, anything else as failed', () => {
    // Prepare / Act / Assess
    const canceled = { flags: { canceled: true, warning: false } };
    expect(verdictOf(done(canceled))).toBe('passed');
    expect(verdictOf(done({ ...canceled, result: 'Failed' }))).toBe('canceled');
    expect(verdictOf(done())).toBe('passed');
    expect(verdictOf(done({ result: 'Failed' }))).toBe('failed');
    expect(verdictOf(done({ result: undefined }))).toBe('failed');
  });
});

describe('findFlaky', () => {
  it('names the cases a rerun passed: every case a rerun ran is one the original did not pass', () => {
    // Act
    const flaky = findFlaky([tc('C', 'Passed'), tc('A', 'Passed'), tc('D', 'Failed')]);

    // Assess
    expect(flaky).toEqual(['A', 'C']);
  });

  it('does not call a case flaky that never ran before and passes now', () => {
    // Prepare: ATS stopped before "Refund"; the rerun ran it for the first time.
    const first = buildJobResult(
      done({
        result: 'Failed',
        testCases: [tc('Checkout', 'Failed'), tc('Refund', 'Not_Executed')],
      }),
      { rerun: false },
    );

    // Act
    const flaky = findFlaky(
      [tc('Checkout', 'Passed'), tc('Refund', 'Passed')],
      notExecutedIn(first),
    );

    // Assess
    expect(flaky).toEqual(['Checkout']);
  });
});

describe('buildJobResult', () => {
  it('keeps what ATS sent and fills in absent flags', () => {
    // Prepare
    const status = done({
      result: 'Failed',
      breakdown: { passed: 1, failed: 1, notExecuted: 0 },
      testCases: [tc('A', 'Failed'), tc('B', 'Passed')],
      errorMessage: 'boom',
    });

    // Act
    const result = buildJobResult(status, { rerun: false });

    // Assess
    expect(result).toEqual({
      verdict: 'failed',
      atsResult: 'Failed',
      breakdown: { passed: 1, failed: 1, notExecuted: 0 },
      flags: { canceled: false, warning: false },
      testCases: [tc('A', 'Failed')],
      flaky: [],
      // ATS's own account of the time, passed cases included: 3 s each.
      caseSeconds: 6,
      // Ranked from every case, passed ones included; a tie goes by name.
      slowest: {
        cases: [
          { name: 'A', seconds: 3 },
          { name: 'B', seconds: 3 },
        ],
        count: 2,
      },
      errorMessage: 'boom',
    });
  });

  it('keeps a result small enough for one job item, however large the suite', () => {
    // Prepare: 20,000 cases, 1,500 of them failed with long messages; ATS sent no breakdown.
    const cases = Array.from({ length: 20_000 }, (_, i) =>
      i % 40 < 3
        ? { ...tc(`Case ${i} ${'n'.repeat(500)}`, 'Failed'), errorMessage: 'e'.repeat(5_000) }
        : tc(`Case ${i}`, 'Passed'),
    );

    // Act
    const result = buildJobResult(done({ result: 'Failed', testCases: cases }), { rerun: true });

    // Assess
    expect(result.breakdown).toEqual({ passed: 18_500, failed: 1_500, notExecuted: 0 });
    // Full-length names (200) and messages (400): as many as the bytes allow, in ATS's order.
    expect(result.testCases.length).toBeGreaterThan(60);
    expect(result.testCases.length).toBeLessThan(MAX_KEPT_CASES);
    expect(result.testCases[0]?.name.startsWith('Case 0 ')).toBe(true);
    expect(result.testCases.every((t) => t.result === 'Failed')).toBe(true);
    expect(result.flaky).toHaveLength(MAX_KEPT_CASES);
    expect(result.flakyCount).toBe(18_500);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(
      KEPT_CASES_BYTES + KEPT_FLAKY_BYTES,
    );
  });

  // Finding: a large result left the job stuck forever (an item over DynamoDB's 400 KB).
  it('a large result never outgrows a job item: three-byte names and messages, a rerun with flaky and still-failing cases, a huge ATS message', () => {
    // Prepare: 4,000 cases of a rerun, half passed (flaky), half failed again; every name and
    // message in three-byte characters, far longer than shown; ATS's own message 1 MB.
    const name = (i: number) => `${i} ${'名'.repeat(1_000)}`;
    const cases = Array.from({ length: 4_000 }, (_, i) =>
      i % 2 === 0
        ? tc(name(i), 'Passed')
        : { ...tc(name(i), 'Failed'), errorMessage: '失'.repeat(10_000) },
    );
    const status = done({
      result: 'Failed',
      errorMessage: 'エ'.repeat(1_000_000),
      testCases: cases,
    });

    // Act
    const result = buildJobResult(status, { rerun: true });

    // Assess: counts exact, the first cases kept, all of it within the budgets.
    expect(result.breakdown).toEqual({ passed: 2_000, failed: 2_000, notExecuted: 0 });
    expect(result.flakyCount).toBe(2_000);
    expect(result.testCases.length).toBeGreaterThan(0);
    expect(result.testCases[0]?.name.startsWith('1 名')).toBe(true);
    expect(result.flaky.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(
      KEPT_CASES_BYTES + KEPT_FLAKY_BYTES + 8_000,
    );
  });

  it('cuts names and messages without splitting a character, and keeps short ones whole', () => {
    // Prepare
    const emoji = '😀'.repeat(300);
    const status = done({
      result: 'Failed',
      testCases: [
        { ...tc(emoji, 'Failed'), errorMessage: emoji },
        { ...tc('Short', 'Not_Executed'), errorMessage: 'Skipped' },
      ],
    });

    // Act
    const [long, short] = buildJobResult(status, { rerun: false }).testCases;

    // Assess
    expect(long?.name.length).toBeLessThanOrEqual(200);
    expect(long?.name.endsWith('😀…')).toBe(true);
    expect(long?.errorMessage?.endsWith('😀…')).toBe(true);
    expect(short).toEqual({ ...tc('Short', 'Not_Executed'), errorMessage: 'Skipped' });
  });
});
