import { describe, expect, it } from 'vitest';
import type { AtsTestCase } from '../../../../functions/core/ats';
import { slowestCasesOf } from '../../../../functions/core/history/case-durations';
import {
  boundedSlowest,
  MAX_RECORD_NAME_LENGTH,
  MAX_SLOWEST_BYTES,
  MAX_SLOWEST_CASES,
  SLOWEST_CASE_OVERHEAD_BYTES,
} from '../../../../functions/core/history/run-record';
import { buildJobResult } from '../../../../functions/core/job-result';
import { utf8Length } from '../../../../functions/core/text-size';

const tc = (name: string, durationSeconds: number | undefined, result = 'Passed'): AtsTestCase => ({
  name,
  result,
  durationSeconds,
  errorMessage: undefined,
});

describe('slowestCasesOf: the slowest cases of one job', () => {
  it('ranks every case ATS listed, passed or not, longest first, ties by name', () => {
    // Act
    const slowest = slowestCasesOf([
      tc('Log in', 4),
      tc('Export invoice', 61, 'Failed'),
      tc('Create order', 37),
      tc('Checkout', 97, 'Failed'),
      tc('Archive', 37),
    ]);

    // Assess
    expect(slowest).toEqual({
      cases: [
        { name: 'Checkout', seconds: 97 },
        { name: 'Export invoice', seconds: 61 },
        { name: 'Archive', seconds: 37 },
        { name: 'Create order', seconds: 37 },
        { name: 'Log in', seconds: 4 },
      ],
      count: 5,
    });
  });

  it('leaves out cases without a duration and not-executed ones (00:00:00)', () => {
    // Act
    const slowest = slowestCasesOf([
      tc('Ran', 12),
      tc('No duration', undefined),
      tc('Refund order', 0, 'Not_Executed'),
    ]);
    const none = slowestCasesOf([tc('No duration', undefined), tc('Skipped', 0, 'Not_Executed')]);

    // Assess
    expect(slowest).toEqual({ cases: [{ name: 'Ran', seconds: 12 }], count: 1 });
    expect(none).toBeUndefined();
    expect(slowestCasesOf([])).toBeUndefined();
  });

  it(`keeps the ${MAX_SLOWEST_CASES} slowest of a 20,000-case suite wherever ATS lists them`, () => {
    // Prepare: 12 s each, but for a dozen spread through the list (the slowest last).
    const cases = Array.from({ length: 20_000 }, (_, i) =>
      tc(`TC_${String(i).padStart(5, '0')}`, i % 1_700 === 0 ? 60 + i / 100 : 12),
    );

    // Act
    const slowest = slowestCasesOf(cases);

    // Assess
    expect(slowest?.count).toBe(20_000);
    expect(slowest?.cases.map((c) => [c.name, c.seconds])).toEqual([
      ['TC_18700', 247],
      ['TC_17000', 230],
      ['TC_15300', 213],
      ['TC_13600', 196],
      ['TC_11900', 179],
      ['TC_10200', 162],
      ['TC_08500', 145],
      ['TC_06800', 128],
      ['TC_05100', 111],
      ['TC_03400', 94],
    ]);
  });

  it('cuts long names and keeps as many as the byte budget allows, with the full count', () => {
    // Prepare: 300 three-byte characters each, cut to 200 (about 600 bytes).
    const cases = Array.from({ length: 50 }, (_, i) => tc(`${i} ${'€'.repeat(300)}`, 100 + i));

    // Act
    const slowest = slowestCasesOf(cases);

    // Assess
    const kept = slowest?.cases ?? [];
    expect(slowest?.count).toBe(50);
    expect(kept.map((c) => c.seconds)).toEqual([149, 148, 147]);
    expect(
      kept.every((c) => c.name.length === MAX_RECORD_NAME_LENGTH && c.name.endsWith('…')),
    ).toBe(true);
    const bytes = kept.reduce((n, c) => n + utf8Length(c.name) + SLOWEST_CASE_OVERHEAD_BYTES, 0);
    expect(bytes).toBeLessThanOrEqual(MAX_SLOWEST_BYTES);
  });

  it(`fits ${MAX_SLOWEST_CASES} ASCII names of full length`, () => {
    // Act
    const slowest = boundedSlowest({
      cases: Array.from({ length: 12 }, (_, i) => ({ name: `${i}`.repeat(300), seconds: 99 - i })),
      count: 12,
    });

    // Assess
    expect(slowest.cases).toHaveLength(MAX_SLOWEST_CASES);
    expect(slowest.count).toBe(12);
  });

  it('is part of the result built from ATS final answer (the stored job keeps it)', () => {
    // Act
    const result = buildJobResult(
      {
        status: 'Done',
        result: 'Passed',
        errorMessage: undefined,
        testCases: [tc('Fast', 2), tc('Slow', 300)],
      },
      { rerun: false },
    );

    // Assess: the passed cases are not kept as cases, but their durations rank.
    expect(result.testCases).toEqual([]);
    expect(result.slowest).toEqual({
      cases: [
        { name: 'Slow', seconds: 300 },
        { name: 'Fast', seconds: 2 },
      ],
      count: 2,
    });
  });
});
