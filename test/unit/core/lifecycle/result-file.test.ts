import { describe, expect, it } from 'vitest';
import type { Job, JobResult } from '../../../../functions/core/job';
import { wantsResultFile } from '../../../../functions/core/lifecycle/result-file';
import { testJob } from '../../../support/job-fixtures';

const failed: JobResult = {
  verdict: 'failed',
  atsResult: 'Failed',
  errorMessage: undefined,
  breakdown: { passed: 300, failed: 2, notExecuted: 0 },
  flags: { canceled: false, warning: false },
  testCases: [],
  flaky: [],
};

/** A finished job whose outcome is in its thread. */
function finished(result: JobResult): Job {
  return testJob({ phase: 'done', atsJobId: 'ats-1', outcomeTs: '1.2', result });
}

describe('which finished jobs get the JUnit file', () => {
  it('one with cases that did not pass, told in its thread', () => {
    expect(wantsResultFile(finished(failed))).toBe(true);
  });

  it('none when ATS listed more cases than the bot reads: there is no whole list to give', () => {
    expect(wantsResultFile(finished({ ...failed, testCasesOmitted: true }))).toBe(false);
  });

  it('none for a pass, or before the outcome is in the thread', () => {
    const passed: JobResult = {
      ...failed,
      verdict: 'passed',
      breakdown: { passed: 302, failed: 0, notExecuted: 0 },
    };
    expect(wantsResultFile(finished(passed))).toBe(false);
    expect(wantsResultFile({ ...finished(failed), outcomeTs: undefined })).toBe(false);
  });
});
