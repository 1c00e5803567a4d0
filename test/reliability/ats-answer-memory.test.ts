import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../functions/ats/answer-budget';
import { JOB_WORKER_MEMORY_MB } from '../../lib/constructs/job-worker';
import { HOSTILE_ANSWERS } from '../support/reliability/hostile-answers';
import { runWorkerSized } from '../support/worker-sized-child';

/*
 * Finding: an ATS answer under the size cap exhausted the worker (10 MB of character references
 * or of empty elements ran a 256 MB heap out of memory in about 13 s). Each hostile answer of
 * (almost) the cap's size is read by the real client in a process of its own, with the worker's
 * NODE_OPTIONS and a heap limited to the worker's memory: it must finish, with the cases or a
 * typed refusal, and its peak resident memory (what Lambda counts) must stay under the worker's.
 */

const CHILD = 'test/support/reliability/answer-memory-child.ts';
/** Per answer: generous for a shared 2-core machine; a child past it is killed and fails. */
const CHILD_DEADLINE_MS = 90_000;

interface ChildReport {
  shape: string;
  bytes: number;
  outcome: string;
  ms: number;
  peakRssMb: number;
}

describe(`an ATS answer under the ${DEFAULT_MAX_RESPONSE_BYTES / 1024 / 1024} MiB cap never exhausts the ${JOB_WORKER_MEMORY_MB} MB worker`, () => {
  for (const [shape, answer] of Object.entries(HOSTILE_ANSWERS)) {
    it(`${shape}: ${answer.expect}, under the worker's memory`, async () => {
      // Act
      const { code, report, stderr } = await runWorkerSized<ChildReport>(
        CHILD,
        [shape],
        CHILD_DEADLINE_MS,
      );

      // Assess
      expect(code, stderr).toBe(0);
      expect(report?.bytes).toBeLessThanOrEqual(DEFAULT_MAX_RESPONSE_BYTES);
      expect(report?.outcome).toMatch(
        answer.expect === 'parsed' ? /^parsed: / : /^refused: too_large /,
      );
      expect(report?.peakRssMb).toBeLessThan(JOB_WORKER_MEMORY_MB);
      const line = `${shape}: ${((report?.bytes ?? 0) / 1e6).toFixed(1)} MB, ${report?.outcome}, ${report?.ms} ms, peak RSS ${report?.peakRssMb} MB of ${JOB_WORKER_MEMORY_MB}`;
      console.log(`[reliability] ATS answer memory: ${line}`);
    });
  }
});
