import { describe, expect, it } from 'vitest';
import type { AtsJobStatus, AtsTestCase } from '../../../functions/core/ats';
import { buildJobResult, findFlaky, verdictOf } from '../../../functions/core/job-result';

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
  it("names the cases a rerun passed that the chain's original did not pass", () => {
    // Prepare
    const original = buildJobResult(
      done({
        result: 'Failed',
        testCases: [tc('A', 'Failed'), tc('B', 'Passed'), tc('C', 'Not_Executed')],
      }),
    );

    // Act
    const flaky = findFlaky([tc('C', 'Passed'), tc('A', 'Passed'), tc('D', 'Passed')], original);

    // Assess
    expect(flaky).toEqual(['A', 'C']);
  });

  it('finds none without an original to compare with', () => {
    // Prepare / Act / Assess
    expect(findFlaky([tc('A', 'Passed')], undefined)).toEqual([]);
  });
});

describe('buildJobResult', () => {
  it('keeps what ATS sent and fills in absent flags', () => {
    // Prepare
    const status = done({
      result: 'Failed',
      breakdown: { passed: 1, failed: 1, notExecuted: 0 },
      testCases: [tc('A', 'Failed')],
      errorMessage: 'boom',
    });

    // Act
    const result = buildJobResult(status);

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
});
