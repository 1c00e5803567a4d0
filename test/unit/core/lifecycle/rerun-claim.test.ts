import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../functions/core/job';
import { JobUpdateError } from '../../../../functions/core/job-writes';
import { claimRerun } from '../../../../functions/core/lifecycle/rerun-claim';
import { ContendedJobStore } from '../../../support/contended-job-store';
import { smokeTestsRun } from '../../../support/job-fixtures';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);

function finishedJob(): Job {
  return {
    ...smokeTestsRun('req-finished', NOW - 60_000),
    phase: 'done',
    atsJobId: 'ats-1',
  };
}

describe('claimRerun', () => {
  it('claims with a write conditional on the version the claim read', async () => {
    // Prepare
    const store = new ContendedJobStore();
    const finished = finishedJob();
    store.seed(finished);

    // Act
    const claim = await claimRerun(store, finished, { userId: 'U0BOB' }, 'req-rerun', NOW);

    // Assess
    expect(claim).toMatchObject({ claimed: true, rerun: { requestId: 'req-rerun' } });
    expect(await store.get('req-finished')).toMatchObject({
      rerunRequestId: 'req-rerun',
      rerunBy: 'U0BOB',
      version: finished.version + 1,
      updatedAt: NOW,
    });
  });

  it('gives up after five lost races without recording a rerun', async () => {
    // Prepare
    const store = new ContendedJobStore();
    const finished = finishedJob();
    store.seed(finished);
    store.contend(finished.requestId);

    // Act
    const claiming = claimRerun(store, finished, { userId: 'U0BOB' }, 'req-rerun', NOW);

    // Assess
    await expect(claiming).rejects.toBeInstanceOf(JobUpdateError);
    expect(store.attempts).toBe(5);
    expect(await store.get('req-rerun')).toBeUndefined();
    expect((await store.get('req-finished'))?.rerunRequestId).toBeUndefined();
  });
});
