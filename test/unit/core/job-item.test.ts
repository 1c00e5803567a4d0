import { describe, expect, it } from 'vitest';
import type { Job } from '../../../functions/core/job';
import { compactJob, STORED_TEXT_LIMITS, withBoundedTexts } from '../../../functions/core/job-item';
import { writeJob } from '../../../functions/core/job-writes';
import { cutText, utf8Length } from '../../../functions/core/text-size';
import { testJob } from '../../support/job-fixtures';
import { MemoryJobStore } from '../../support/memory-job-store';

const failedResult = (cases: number): Job['result'] => ({
  verdict: 'failed',
  atsResult: 'Failed',
  breakdown: { passed: 5, failed: cases, notExecuted: 0 },
  flags: { canceled: false, warning: false },
  testCases: Array.from({ length: cases }, (_, i) => ({
    name: `Case ${i}`,
    result: 'Failed',
    durationSeconds: 3,
    errorMessage: 'x'.repeat(300),
  })),
  flaky: ['Case A', 'Case B'],
  errorMessage: 'y'.repeat(1_000),
});

describe('sizes of texts', () => {
  it('counts UTF-8 bytes as DynamoDB does', () => {
    // Prepare / Act / Assess
    for (const text of ['plain', 'é', '名前', '😀', 'a😀名é', '']) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  it('cuts a text with an ellipsis and never splits a surrogate pair', () => {
    // Prepare / Act / Assess
    expect(cutText('short', 10)).toBe('short');
    expect(cutText('abcdefghij', 5)).toBe('abcd…');
    expect(cutText('a😀😀', 3)).toBe('a…');
    expect(cutText('ab😀', 4)).toBe('ab😀');
  });
});

describe('a job as one store item', () => {
  it('cuts the ATS and error texts it keeps: a huge ExecutionStatus, fault or warning', () => {
    // Prepare
    const job = testJob({
      phase: 'running',
      lastAtsStatus: 'R'.repeat(1_000_000),
      lastError: 'E'.repeat(1_000_000),
      startWarning: 'W'.repeat(1_000_000),
    });

    // Act
    const bounded = withBoundedTexts(job);

    // Assess
    expect(bounded.lastAtsStatus).toHaveLength(STORED_TEXT_LIMITS.lastAtsStatus);
    expect(bounded.lastError).toHaveLength(STORED_TEXT_LIMITS.lastError);
    expect(bounded.startWarning).toHaveLength(STORED_TEXT_LIMITS.startWarning);
    expect(withBoundedTexts(testJob())).toEqual(testJob());
  });

  it('compacts a result to its verdict, counts and flags, marked as not stored in full', () => {
    // Prepare
    const job = testJob({
      phase: 'done',
      result: failedResult(50),
      rerunScope: { count: 50, names: ['Case 0'] },
    });

    // Act
    const compact = compactJob(job);

    // Assess
    expect(compact.result).toMatchObject({
      verdict: 'failed',
      breakdown: { passed: 5, failed: 50, notExecuted: 0 },
      testCases: [],
      flaky: [],
      flakyCount: 2,
      casesNotStored: true,
    });
    expect(compact.result?.errorMessage?.length).toBeLessThanOrEqual(200);
    expect(compact.rerunScope).toEqual({ count: 50, names: [] });
  });

  it('writes the compact job when the store refuses the item, and the full one when it fits', async () => {
    // Prepare
    const store = new MemoryJobStore();
    const small = testJob({ requestId: 'small', phase: 'running' });
    const large = testJob({ requestId: 'large', phase: 'running' });
    await store.create(small);
    await store.create(large);
    store.maxItemBytes = 8_000;

    // Act
    const fits = await writeJob(store, small, { phase: 'done', result: failedResult(2) }, 1);
    const refused = await writeJob(store, large, { phase: 'done', result: failedResult(100) }, 1);

    // Assess
    expect(fits?.result?.testCases).toHaveLength(2);
    expect(fits?.result?.casesNotStored).toBeUndefined();
    expect(refused?.result?.casesNotStored).toBe(true);
    expect(await store.get('large')).toEqual(refused);
  });
});
