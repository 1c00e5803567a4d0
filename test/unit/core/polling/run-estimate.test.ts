import { describe, expect, it } from 'vitest';
import {
  estimateRunDuration,
  learnExpectedRun,
} from '../../../../functions/core/polling/run-estimate';
import { T0, testJob } from '../../../support/job-fixtures';

const MINUTE = 60_000;

const job = testJob;

describe('estimateRunDuration', () => {
  it('takes the middles of the began-running and finished brackets', () => {
    // Prepare: Queued at +0, Running at +2 min, unfinished at +20 min, Done at +22 min.
    const j = job({
      startedAt: T0,
      queuedSeenAt: T0,
      runningSeenAt: T0 + 2 * MINUTE,
      lastPolledAt: T0 + 20 * MINUTE,
    });

    // Act
    const ms = estimateRunDuration(j, T0 + 22 * MINUTE);

    // Assess
    expect(ms).toBe(20 * MINUTE);
  });

  it('takes half the last gap when Done came straight after Queued', () => {
    // Prepare
    const j = job({ startedAt: T0, queuedSeenAt: T0 + 4 * MINUTE });

    // Act
    const ms = estimateRunDuration(j, T0 + 6 * MINUTE);

    // Assess
    expect(ms).toBe(MINUTE);
  });

  it('knows nothing about a watched job first seen already running', () => {
    // Prepare
    const j = job({
      kind: 'watch',
      startedAt: T0,
      runningSeenAt: T0,
      lastPolledAt: T0 + 5 * MINUTE,
    });

    // Act
    const ms = estimateRunDuration(j, T0 + 6 * MINUTE);

    // Assess
    expect(ms).toBeUndefined();
  });

  it('knows nothing about a job that never started', () => {
    // Prepare / Act / Assess
    expect(estimateRunDuration(job(), T0 + MINUTE)).toBeUndefined();
  });
});

describe('learnExpectedRun', () => {
  it('spans the middle half of the recent running times plus a margin', () => {
    // Prepare: 10, 11, ..., 19 minutes, newest first.
    const finished = Array.from({ length: 10 }, (_, i) =>
      job({ runDurationMs: (19 - i) * MINUTE }),
    );

    // Act
    const run = learnExpectedRun(finished);

    // Assess: quartiles 12.25 and 16.75 min, margin 5 % of the 14.5 min median; the spread is
    // that of a normal distribution with the same quartiles, widened by √1.1 for ten samples.
    expect(run).toEqual({
      lowMs: 12.25 * MINUTE - 43_500,
      highMs: 16.75 * MINUTE + 43_500,
      medianMs: 14.5 * MINUTE,
      spreadMs: Math.round(((4.5 * MINUTE) / 1.349) * Math.sqrt(1.1)),
      samples: 10,
    });
  });

  it('keeps the case count of the newest run that reported one', () => {
    // Prepare
    const result = (passed: number) => ({
      verdict: 'passed' as const,
      atsResult: 'Passed',
      breakdown: { passed, failed: 1, notExecuted: 2 },
      flags: { canceled: false, warning: false },
      testCases: [],
      flaky: [],
      errorMessage: undefined,
    });
    const finished = [
      job({ runDurationMs: 20 * MINUTE }),
      job({ runDurationMs: 21 * MINUTE, result: result(30) }),
      job({ runDurationMs: 22 * MINUTE, result: result(500) }),
    ];

    // Act
    const run = learnExpectedRun(finished);

    // Assess
    expect(run?.cases).toBe(33);
  });

  it('widens the margin while there are few samples', () => {
    // Prepare
    const finished = [job({ runDurationMs: 20 * MINUTE })];

    // Act
    const run = learnExpectedRun(finished);

    // Assess: and a spread of at least 10 % of the median, widened by √2 for one sample.
    expect(run).toEqual({
      lowMs: 17 * MINUTE,
      highMs: 23 * MINUTE,
      medianMs: 20 * MINUTE,
      spreadMs: Math.round(2 * MINUTE * Math.SQRT2),
      samples: 1,
    });
  });

  it('leaves out canceled runs and runs without a measured time', () => {
    // Prepare
    const canceled = job({
      runDurationMs: MINUTE,
      result: {
        verdict: 'canceled',
        atsResult: undefined,
        breakdown: undefined,
        flags: { canceled: true, warning: false },
        testCases: [],
        flaky: [],
        errorMessage: undefined,
      },
    });

    // Act
    const none = learnExpectedRun([canceled, job()]);

    // Assess
    expect(none).toBeUndefined();
  });
});
