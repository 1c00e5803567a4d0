import { describe, expect, it } from 'vitest';
import type { AtsJobStatus, AtsTestCase } from '../../../functions/core/ats';
import {
  buildJobResult,
  findFlaky,
  MAX_KEPT_CASES,
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
    expect(result.testCases).toHaveLength(MAX_KEPT_CASES);
    expect(result.testCases.every((t) => t.result === 'Failed')).toBe(true);
    expect(result.flaky).toHaveLength(MAX_KEPT_CASES);
    expect(result.flakyCount).toBe(18_500);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(200_000);
  });
});
