import { describe, expect, it } from 'vitest';
import {
  completedCases,
  firstRunCases,
  jobResult,
  jobStatusAt,
  rerunCases,
  type SimJob,
} from '../../../../functions/ats/simulator/jobs';
import { DEMO_TEMPLATES, type SimTemplate } from '../../../../functions/ats/simulator/templates';

const template: SimTemplate = {
  templateId: 't',
  name: 'T',
  queuedSeconds: 2,
  runningSeconds: 10,
  testCases: [
    { name: 'a', result: 'Passed', durationSeconds: 1 },
    {
      name: 'b',
      result: 'Failed',
      durationSeconds: 2,
      errorMessage: 'boom',
      onRerun: ['Failed', 'Passed'],
    },
    { name: 'c', result: 'Not_Executed', durationSeconds: 0, onRerun: ['Passed'] },
    { name: 'd', result: 'Failed', durationSeconds: 4, errorMessage: 'always' },
  ],
};

function job(cases = firstRunCases(template), rerunNumber = 0): SimJob {
  return { jobId: 'j', templateId: 't', template, createdAt: 10_000, rerunNumber, cases };
}

describe('job lifecycle on the clock', () => {
  it.each([
    [10_000, 'Queued'],
    [11_999, 'Queued'],
    [12_000, 'Running'],
    [21_999, 'Running'],
    [22_000, 'Done'],
  ] as const)('at %i ms the job is %s', (now, status) => {
    // Act
    const at = jobStatusAt(job(), now);

    // Assess
    expect(at).toBe(status);
  });

  it('reports completed cases only: none queued, a growing share running, all done', () => {
    // Prepare
    const j = job();

    // Act
    const counts = [10_000, 12_000, 14_500, 17_000, 22_000].map((t) => completedCases(j, t).length);

    // Assess
    expect(counts).toEqual([0, 0, 1, 2, 4]);
  });

  it('a finished job passed only when every case passed', () => {
    // Prepare
    const allPassed = firstRunCases(DEMO_TEMPLATES.find((t) => t.templateId === 'tpl-smoke')!);

    // Act
    const results = [jobResult(job()), jobResult(job(allPassed))];

    // Assess
    expect(results).toEqual(['Failed', 'Passed']);
  });
});

describe('reruns', () => {
  it('rerun 1 runs only the not-passed cases, with their first rerun result', () => {
    // Act
    const cases = rerunCases(job(), 1);

    // Assess
    expect(cases.map((c) => [c.name, c.result, c.errorMessage])).toEqual([
      ['b', 'Failed', 'boom'],
      ['c', 'Passed', undefined],
      ['d', 'Failed', 'always'],
    ]);
  });

  it('rerun 2 of a rerun uses the second value; the last value repeats after that', () => {
    // Prepare
    const first = job(rerunCases(job(), 1), 1);

    // Act
    const second = rerunCases(first, 2);
    const third = rerunCases(job(rerunCases(first, 2), 2), 3);

    // Assess
    expect(second.map((c) => [c.name, c.result])).toEqual([
      ['b', 'Passed'],
      ['d', 'Failed'],
    ]);
    expect(third.map((c) => [c.name, c.result])).toEqual([['d', 'Failed']]);
  });
});
