import { describe, expect, it } from 'vitest';
import { JOB_WORKER_MEMORY_MB } from '../../../lib/constructs/job-worker';
import { runWorkerSized } from '../../support/worker-sized-child';

const CHILD = 'test/support/digest/chart-memory-child.ts';

describe('the digest chart in a worker', () => {
  it(`renders five charts in a process far under the worker's ${JOB_WORKER_MEMORY_MB} MB`, async () => {
    // Act
    const { code, report, stderr } = await runWorkerSized<{ bytes: number; peakRssMb: number }>(
      CHILD,
      [],
      60_000,
    );

    // Assess
    expect(code, stderr).toBe(0);
    expect(report?.bytes).toBeGreaterThan(40_000);
    // The WebAssembly renderer, its font and five 1600 × 800 images, with tsx loaded too.
    expect(report?.peakRssMb).toBeLessThan(JOB_WORKER_MEMORY_MB / 2);
    console.log(
      `[digest chart memory] peak RSS ${report?.peakRssMb} MB of ${JOB_WORKER_MEMORY_MB}`,
    );
  });
});
