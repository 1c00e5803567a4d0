import { describe, expect, it } from 'vitest';
import { groupRuns } from '../../../../functions/core/history/history-stats';
import type { RunRecord } from '../../../../functions/core/history/run-record';
import { slowestCases } from '../../../../functions/core/history/slowest-case-stats';
import type { CaseDuration } from '../../../../functions/core/history/slowest-cases';
import { aRecord, aRerun, DAY } from '../../../support/hand-made-runs';

const NOW = Date.UTC(2026, 11, 5, 12);

/** A run on day `day` before NOW whose record kept `cases` (slowest first) of `count` timed. */
function timed(
  day: number,
  cases: ReadonlyArray<readonly [string, number]>,
  count = cases.length,
  overrides: Partial<RunRecord> = {},
): RunRecord {
  return aRecord({
    endedAt: NOW - day * DAY,
    slowest: { cases: cases.map(([name, seconds]): CaseDuration => ({ name, seconds })), count },
    ...overrides,
  });
}

const figures = (records: RunRecord[], limit = 5) =>
  slowestCases(groupRuns(records), limit).map((c) => [
    c.name,
    c.medianSeconds,
    c.runs,
    c.timedRuns,
  ]);

describe('slowestCases: the slowest test cases of a period', () => {
  it('ranks cases by the median of their durations, slowest first', () => {
    // Prepare: three runs of a suite of three timed cases, each run keeping all three.
    const records = [
      timed(1, [
        ['Checkout', 100],
        ['Search', 40],
        ['Log in', 5],
      ]),
      timed(2, [
        ['Search', 90],
        ['Checkout', 80],
        ['Log in', 7],
      ]),
      timed(3, [
        ['Checkout', 120],
        ['Search', 30],
        ['Log in', 6],
      ]),
    ];

    // Act
    const ranked = figures(records);

    // Assess: Search was the slowest once, but its median (40) is below Checkout's (100).
    expect(ranked).toEqual([
      ['Checkout', 100, 3, 3],
      ['Search', 40, 3, 3],
      ['Log in', 6, 3, 3],
    ]);
  });

  it('counts a run that kept only its slowest cases as "at most its shortest kept" for the others', () => {
    // Prepare: runs of a large suite keep 2 of 50 timed cases. Export hung once (600 s); Import
    // is slow in every run.
    const records = [
      timed(
        1,
        [
          ['Export', 600],
          ['Import', 300],
        ],
        50,
      ),
      timed(
        2,
        [
          ['Import', 310],
          ['Report', 200],
        ],
        50,
      ),
      timed(
        3,
        [
          ['Import', 290],
          ['Report', 210],
        ],
        50,
      ),
    ];

    // Act
    const ranked = figures(records);

    // Assess: Export took at most 200 and 210 in the other runs: median 210, below Import's 300,
    // and tied with Report, which was among the slowest in more runs.
    expect(ranked).toEqual([
      ['Import', 300, 3, 3],
      ['Report', 210, 2, 3],
      ['Export', 210, 1, 3],
    ]);
  });

  it('leaves out of a case the runs that kept every timed case but not this one', () => {
    // Prepare: the second run timed only Log in (Upload did not run); both runs kept everything.
    const records = [
      timed(1, [
        ['Upload', 80],
        ['Log in', 5],
      ]),
      timed(2, [['Log in', 7]]),
    ];

    // Act
    const ranked = figures(records);

    // Assess
    expect(ranked).toEqual([
      ['Upload', 80, 1, 2],
      ['Log in', 6, 2, 2],
    ]);
  });

  it('breaks ties by the runs a case was among the slowest in, then by name, then by template', () => {
    // Prepare: every case takes 60 s; A is timed in two runs, the others in one.
    const records = [
      timed(1, [
        ['B', 60],
        ['A', 60],
      ]),
      timed(2, [['A', 60]]),
      timed(1, [['A', 60]], 1, { templateId: 'tpl-z', templateName: 'Zeta suite' }),
      timed(1, [['C', 60]], 1, { templateId: 'tpl-a', templateName: 'Alpha suite' }),
    ];

    // Act
    const ranked = slowestCases(groupRuns(records), 5).map((c) => [c.name, c.templateName, c.runs]);

    // Assess
    expect(ranked).toEqual([
      ['A', 'Smoke suite', 2],
      ['A', 'Zeta suite', 1],
      ['B', 'Smoke suite', 1],
      ['C', 'Alpha suite', 1],
    ]);
  });

  it("takes durations from each run's original only, and keeps each case to its template", () => {
    // Prepare: a rerun timed only the case it ran again; another template has a case of the
    // same name.
    const original = timed(1, [
      ['Checkout', 100],
      ['Log in', 5],
    ]);
    const rerun = aRerun(original, {
      attempt: 1,
      slowest: { cases: [{ name: 'Log in', seconds: 400 }], count: 1 },
    });
    const other = timed(1, [['Log in', 50]], 1, { templateId: 'tpl-b', templateName: 'B suite' });

    // Act
    const ranked = slowestCases(groupRuns([original, rerun, other]), 5).map((c) => [
      c.templateName,
      c.name,
      c.medianSeconds,
    ]);

    // Assess
    expect(ranked).toEqual([
      ['Smoke suite', 'Checkout', 100],
      ['B suite', 'Log in', 50],
      ['Smoke suite', 'Log in', 5],
    ]);
  });

  it('counts only runs that kept durations; none gives an empty list', () => {
    // Prepare: two older records without durations, and a run that timed nothing.
    const withDurations = timed(1, [['Checkout', 100]]);
    const older = [aRecord({ endedAt: NOW - DAY }), aRecord({ endedAt: NOW - 2 * DAY })];
    const untimed = aRecord({ endedAt: NOW - 3 * DAY, slowest: { cases: [], count: 0 } });

    // Act
    const ranked = figures([withDurations, ...older, untimed]);
    const none = figures([...older, untimed]);

    // Assess
    expect(ranked).toEqual([['Checkout', 100, 1, 1]]);
    expect(none).toEqual([]);
    expect(slowestCases([], 5)).toEqual([]);
  });

  it('lists at most `limit` cases', () => {
    // Prepare
    const records = [
      timed(
        1,
        Array.from({ length: 10 }, (_, i) => [`Case ${i}`, 100 - i] as const),
        10,
      ),
    ];

    // Act
    const ranked = figures(records, 3);

    // Assess
    expect(ranked.map(([name]) => name)).toEqual(['Case 0', 'Case 1', 'Case 2']);
  });
});
