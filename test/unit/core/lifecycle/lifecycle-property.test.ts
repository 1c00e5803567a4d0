import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtsError } from '../../../../functions/core/errors';
import { isTerminal } from '../../../../functions/core/job';
import { createHarness } from './lifecycle-harness';

const MINUTE = 60_000;

const world = fc.record({
  queuedMs: fc.integer({ min: 0, max: 90 * MINUTE }),
  runningMs: fc.integer({ min: 10_000, max: 3 * 60 * MINUTE }),
  failing: fc.boolean(),
  alias: fc.constantFrom('smoke', 'regression'),
  copies: fc.integer({ min: 1, max: 3 }),
  concurrent: fc.boolean(),
  startCopies: fc.integer({ min: 1, max: 3 }),
  outcomeFailures: fc.integer({ min: 0, max: 2 }),
  cardFailures: fc.integer({ min: 0, max: 3 }),
  schedulerFailures: fc.integer({ min: 0, max: 2 }),
  atsFailures: fc.integer({ min: 0, max: 40 }),
});

describe('JobLifecycle under arbitrary duplicates and failures', () => {
  it('starts each job once, posts one outcome per job, and never leaves a job without a next poll', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        // Prepare
        const h = createHarness();
        const testCases = w.failing
          ? [
              { name: 'A', result: 'Failed' as const },
              { name: 'B', result: 'Passed' as const },
            ]
          : undefined;
        h.ats.plan(
          { queuedMs: w.queuedMs, runningMs: w.runningMs, testCases },
          { runningMs: w.runningMs / 4, testCases },
          { runningMs: w.runningMs / 4 },
        );
        h.ats.failNext(
          'GetJobStatus',
          new AtsError('ATS_HTTP_ERROR', 'ATS answered HTTP 503.', true, false),
          w.atsFailures,
        );
        h.notifier.failNext('postOutcome', w.outcomeFailures);
        h.notifier.failNext('updateCard', w.cardFailures);
        // Never the same poll twice in a row, so Lambda's two retries always get through.
        let lastFailed = -1;
        h.scheduler.failNext(w.schedulerFailures, (p) => {
          if (p.seq === lastFailed) return false;
          lastFailed = p.seq;
          return p.seq > 0;
        });
        const job = await h.request('run', { alias: w.alias });

        // Act
        const starts = Array.from({ length: w.startCopies }, () =>
          h
            .handle({ type: 'start', requestId: job.requestId })
            .catch(() => h.handle({ type: 'start', requestId: job.requestId })),
        );
        await Promise.all(starts);
        const stuck: string[] = [];
        const report = await h.drain({
          copies: w.copies,
          concurrent: w.concurrent,
          retries: 2,
          // Between deliveries, every job still owing something has its next poll booked.
          beforeDelivery: (due) => {
            for (const j of h.store.all()) {
              const owes = !isTerminal(j.phase) || (!j.outcomeTs && (j.outcomeAttempts ?? 0) < 5);
              const booked = [due, ...h.scheduler.pending()].some(
                (p) => p.requestId === j.requestId && p.seq === j.pollCount,
              );
              if (owes && !booked && j.phase !== 'requested')
                stuck.push(`${j.requestId}@${j.phase}`);
            }
          },
        });

        // Assess
        expect(report.drained).toBe(true);
        expect(stuck).toEqual([]);
        expect(h.ats.count('RunJob')).toBe(1);
        for (const j of h.store.all()) {
          expect(isTerminal(j.phase)).toBe(true);
          expect(h.notifier.outcomes(j.requestId)).toHaveLength(1);
          expect(j.outcomeTs).toBe(h.notifier.outcomes(j.requestId)[0]?.ref.ts);
        }
        const reruns = h.store.all().filter((j) => j.kind === 'rerun');
        expect(h.ats.count('RerunNotPassed')).toBe(reruns.length);
        expect(reruns.length).toBeLessThanOrEqual(w.alias === 'regression' && w.failing ? 2 : 0);
        // Metrics count each job once, whatever was duplicated or retried.
        const jobs = h.store.all();
        expect(h.metrics.ended).toHaveLength(jobs.length);
        expect(h.metrics.started).toHaveLength(jobs.filter((j) => j.atsJobId).length);
        expect(h.metrics.outcomeDelaysMs).toHaveLength(
          jobs.filter((j) => j.phase === 'done' && j.outcomeTs).length,
        );
      }),
      { numRuns: 60 },
    );
  });
});
