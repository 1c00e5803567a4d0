import type { RunRecord } from '../../functions/core/history/run-record';

/** Day in ms, for hand-made histories. */
export const DAY = 86_400_000;

let counter = 0;

/**
 * A hand-made run record: an original run (attempt 0) of template `tpl-smoke` unless told
 * otherwise, ended at `endedAt`, its own chain, no cases that did not pass.
 */
export function aRecord(overrides: Partial<RunRecord> & { endedAt: number }): RunRecord {
  counter += 1;
  const requestId = overrides.requestId ?? `req-${counter}`;
  return {
    requestId,
    rootRequestId: requestId,
    attempt: 0,
    kind: 'run',
    templateId: 'tpl-smoke',
    templateAlias: 'smoke',
    templateName: 'Smoke suite',
    verdict: 'passed',
    counts: { passed: 10, failed: 0, notExecuted: 0 },
    startedAt: overrides.endedAt - 60_000,
    userId: 'U0000ALICE',
    channelId: 'C0000TEAM',
    threadTs: `${Math.floor(overrides.endedAt / 1000)}.000100`,
    messageTs: `${Math.floor(overrides.endedAt / 1000)}.000100`,
    notPassed: { names: [], count: 0 },
    flaky: { names: [], count: 0 },
    expiresAt: Math.floor(overrides.endedAt / 1000) + 400 * 86_400,
    ...overrides,
  };
}

/** A rerun of `original`: attempt `attempt`, in its thread, ended `afterMs` after it. */
export function aRerun(
  original: RunRecord,
  overrides: Partial<RunRecord> & { attempt: number; afterMs?: number },
): RunRecord {
  const { afterMs = 120_000, ...rest } = overrides;
  return aRecord({
    kind: 'rerun',
    rootRequestId: original.rootRequestId,
    templateId: original.templateId,
    templateName: original.templateName,
    channelId: original.channelId,
    threadTs: original.threadTs,
    messageTs: `${Math.floor((original.endedAt + afterMs) / 1000)}.000200`,
    userId: original.userId,
    ...rest,
    endedAt: original.endedAt + afterMs,
  });
}
