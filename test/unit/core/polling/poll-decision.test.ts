import { describe, expect, it } from 'vitest';
import type { AtsJobStatus } from '../../../../functions/core/ats';
import { AtsError } from '../../../../functions/core/errors';
import type { Job } from '../../../../functions/core/job';
import { decidePoll, phaseForStatus } from '../../../../functions/core/polling/poll-decision';
import { T0, testJob } from '../../../support/job-fixtures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIMITS = { pollLimitMs: 6 * HOUR, unreachableAfterMs: 15 * MINUTE };

function running(overrides: Partial<Job> = {}): Job {
  return {
    ...testJob(),
    phase: 'running',
    atsJobId: 'ats-1',
    startedAt: T0,
    lastAtsStatus: 'Running',
    runningSeenAt: T0 + MINUTE,
    ...overrides,
  };
}

const status = (s: string, extra: Partial<AtsJobStatus> = {}) =>
  ({
    ok: true,
    status: { status: s, result: undefined, errorMessage: undefined, ...extra },
  }) as const;
const failure = (retryable: boolean) =>
  ({
    ok: false,
    error: new AtsError('ATS_HTTP_ERROR', 'ATS answered HTTP 503.', retryable, false),
  }) as const;

describe('phaseForStatus', () => {
  it('maps Queued and Running forward only, and keeps unknown values', () => {
    // Prepare / Act / Assess
    expect(phaseForStatus('Queued', 'starting')).toBe('queued');
    expect(phaseForStatus('Running', 'queued')).toBe('running');
    expect(phaseForStatus('Queued', 'running')).toBe('running');
    expect(phaseForStatus('Paused', 'running')).toBe('running');
    expect(phaseForStatus('Paused', 'starting')).toBe('queued');
  });
});

describe('decidePoll', () => {
  it('finishes on Done, recording when it finished and how long it ran', () => {
    // Prepare
    const job = running({ lastPolledAt: T0 + 20 * MINUTE });

    // Act
    const decision = decidePoll(
      job,
      status('Done', { result: 'Passed' }),
      T0 + 22 * MINUTE,
      LIMITS,
    );

    // Assess
    expect(decision.kind).toBe('finished');
    expect(decision.patch).toMatchObject({
      phase: 'done',
      finishedAt: T0 + 22 * MINUTE,
      lastAtsStatus: 'Done',
    });
    // Began running between +0 and +1 min, finished between +20 and +22 min.
    expect(decision.patch.runDurationMs).toBe(20.5 * MINUTE);
  });

  it('finishes on Done even after the limit', () => {
    // Prepare / Act
    const decision = decidePoll(running(), status('Done'), T0 + 7 * HOUR, LIMITS);

    // Assess
    expect(decision.kind).toBe('finished');
  });

  it('times out at the limit while ATS still says Running', () => {
    // Prepare / Act
    const decision = decidePoll(running(), status('Running'), T0 + 6 * HOUR, LIMITS);

    // Assess
    expect(decision.kind).toBe('ended');
    expect(decision.patch.phase).toBe('timed_out');
    expect(decision.patch.lastError).toMatch(/Running after 6 h/);
  });

  it('asks for a card update only when the shown status changes', () => {
    // Prepare
    const queued = running({ phase: 'queued', lastAtsStatus: 'Queued', runningSeenAt: undefined });

    // Act
    const same = decidePoll(running(), status('Running'), T0 + 5 * MINUTE, LIMITS);
    const changed = decidePoll(queued, status('Running'), T0 + 5 * MINUTE, LIMITS);

    // Assess
    expect(same).toMatchObject({ kind: 'continue', cardChanged: false });
    expect(changed).toMatchObject({ kind: 'continue', cardChanged: true });
    expect(changed.patch).toMatchObject({ phase: 'running', runningSeenAt: T0 + 5 * MINUTE });
  });

  it('counts retryable failures and tells once after 15 minutes of them', () => {
    // Prepare
    const failing = running({ failingSince: T0 + 10 * MINUTE, consecutiveFailures: 4 });

    // Act
    const early = decidePoll(failing, failure(true), T0 + 24 * MINUTE, LIMITS);
    const due = decidePoll(failing, failure(true), T0 + 25 * MINUTE, LIMITS);
    const told = decidePoll(
      { ...failing, unreachableNotified: true },
      failure(true),
      T0 + 30 * MINUTE,
      LIMITS,
    );

    // Assess
    expect(early).toMatchObject({ kind: 'continue', tellUnreachable: false });
    expect(early.patch).toMatchObject({ consecutiveFailures: 5, failingSince: T0 + 10 * MINUTE });
    expect(due).toMatchObject({ kind: 'continue', tellUnreachable: true });
    expect(due.patch.unreachableNotified).toBe(true);
    expect(told).toMatchObject({ kind: 'continue', tellUnreachable: false });
  });

  it('forgets the outage once ATS answers again', () => {
    // Prepare
    const failing = running({
      failingSince: T0,
      consecutiveFailures: 9,
      unreachableNotified: true,
      lastError: 'x',
    });

    // Act
    const decision = decidePoll(failing, status('Running'), T0 + 30 * MINUTE, LIMITS);

    // Assess
    expect(decision.patch).toMatchObject({
      consecutiveFailures: 0,
      failingSince: undefined,
      unreachableNotified: false,
      lastError: undefined,
    });
  });

  it('ends the job in error on a failure that will not pass', () => {
    // Prepare / Act
    const decision = decidePoll(running(), failure(false), T0 + 5 * MINUTE, LIMITS);

    // Assess
    expect(decision.kind).toBe('ended');
    expect(decision.patch.phase).toBe('error');
    // In the person's words: no HTTP status, and where to look for the detail.
    expect(decision.patch.lastError).toMatch(/could not talk to ATS/);
    expect(decision.patch.lastError).toContain(`\`${running().requestId}\``);
    expect(decision.patch.lastError).not.toMatch(/HTTP|503/);
  });
});
