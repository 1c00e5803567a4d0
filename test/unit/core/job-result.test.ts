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
  it('reads canceled from the flags, then Passed, and anything else as failed', () => {
    // Prepare / Act / Assess
    expect(verdictOf(done({ flags: { canceled: true, warning: false } }))).toBe('canceled');
    expect(verdictOf(done())).toBe('passed');
    expect(verdictOf(done({ result: 'Failed' }))).toBe('failed');
    expect(verdictOf(done({ result: undefined }))).toBe('failed');
  });
});

describe('findFlaky', () => {
  it('names cases that passed now after not passing in any earlier attempt', () => {
    // Prepare
    const first = buildJobResult(
      done({
        result: 'Failed',
        testCases: [tc('A', 'Failed'), tc('B', 'Passed'), tc('C', 'Not_Executed')],
      }),
    );
    const second = buildJobResult(
      done({ result: 'Failed', testCases: [tc('A', 'Failed'), tc('C', 'Failed')] }),
    );

    // Act
    const flaky = findFlaky(
      [tc('C', 'Passed'), tc('A', 'Passed'), tc('D', 'Passed')],
      [second, first],
    );

    // Assess
    expect(flaky).toEqual(['A', 'C']);
  });

  it('finds none without earlier attempts', () => {
    // Prepare / Act / Assess
    expect(findFlaky([tc('A', 'Passed')], [])).toEqual([]);
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
