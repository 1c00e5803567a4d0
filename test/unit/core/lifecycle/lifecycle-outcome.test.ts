import { describe, expect, it } from 'vitest';
import { isTerminal, type Job } from '../../../../functions/core/job';
import { createHarness, type Harness, startedRun } from './lifecycle-harness';

const MINUTE = 60_000;

async function runUntilDoneIsSeen(h: Harness) {
  h.ats.plan({ runningMs: 3 * MINUTE });
  const job = await h.request('run');
  await h.handle({ type: 'start', requestId: job.requestId });
  return job.requestId;
}

describe('JobLifecycle: exactly-once outcome', () => {
  it('posts the outcome exactly once when the first post fails and Lambda retries', async () => {
    // Prepare
    const h = createHarness();
    const id = await runUntilDoneIsSeen(h);
    h.notifier.failNext('postOutcome', 1);

    // Act
    const report = await h.drain({ retries: 2 });

    // Assess
    const done = await h.job(id);
    expect(report.errors).toHaveLength(1);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(done.outcomeTs).toBe(h.notifier.outcomes(id)[0]?.ref.ts);
    expect(done.outcomeLeaseUntil).toBeUndefined();
    expect(done.outcomeAttempts).toBe(2);
  });

  it('lets a duplicate racing the posting worker post nothing', async () => {
    // Prepare: the finishing poll is delivered, and while its worker posts, a copy arrives.
    const h = createHarness();
    const id = await runUntilDoneIsSeen(h);
    let duplicate: Promise<void> | undefined;
    const post = h.notifier.postOutcome.bind(h.notifier);
    h.notifier.postOutcome = async (job) => {
      if (!duplicate) {
        duplicate = h.handle({ type: 'poll', requestId: id, seq: job.pollCount - 1 });
        await duplicate;
      }
      return post(job);
    };

    // Act
    await h.drain();

    // Assess
    expect(duplicate).toBeDefined();
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('takes over from a worker that died while posting, once its lease lapsed', async () => {
    // Prepare: the worker that finished the job dies inside postOutcome (never returns).
    const h = createHarness();
    const id = await runUntilDoneIsSeen(h);
    const post = h.notifier.postOutcome.bind(h.notifier);
    let died = false;
    h.notifier.postOutcome = async (job) => {
      if (!died) {
        died = true;
        throw new Error('Lambda timed out');
      }
      return post(job);
    };

    // Act: no Lambda retry at all; only the safety poll booked with the lease is left.
    const report = await h.drain({ retries: 0 });

    // Assess
    const done = await h.job(id);
    expect(report.errors).toHaveLength(1);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(done.outcomeTs).toBeDefined();
  });

  it('posts the outcome even after more workers than the refusal limit died holding its lease', async () => {
    // Prepare: each of the first five workers that take the outcome lease dies right after
    // (booking its safety poll fails, as a crash there would), before posting anything; each
    // one's retry books that poll.
    const h = createHarness({ settings: { maxOutcomeAttempts: 5 } });
    const id = await runUntilDoneIsSeen(h);
    const schedule = h.scheduler.schedulePoll.bind(h.scheduler);
    const died = new Set<number>();
    h.scheduler.schedulePoll = async (poll) => {
      const job = await h.store.get(id);
      const ended = job !== undefined && isTerminal(job.phase);
      if (poll.requestId === id && ended && !died.has(poll.seq) && died.size < 5) {
        died.add(poll.seq);
        throw new Error('worker died (injected)');
      }
      return schedule(poll);
    };

    // Act
    const report = await h.drain();

    // Assess
    const done = await h.job(id);
    expect(died.size).toBe(5);
    expect(report.errors).toHaveLength(5);
    expect(done.outcomeAttempts).toBe(6);
    expect(done.outcomeFailures).toBeUndefined();
    expect(done.outcomeTs).toBeDefined();
    expect(h.notifier.outcomes(id)).toHaveLength(1);
  });

  it('gives up after the configured number of attempts when Slack keeps refusing', async () => {
    // Prepare
    const h = createHarness({ settings: { maxOutcomeAttempts: 3 } });
    const id = await runUntilDoneIsSeen(h);
    h.notifier.failNext('postOutcome', 100);

    // Act
    const report = await h.drain({ retries: 2 });

    // Assess
    const ended = await h.job(id);
    expect(report.drained).toBe(true);
    expect(ended.outcomeAttempts).toBe(3);
    expect(ended.outcomeFailures).toBe(3);
    expect(ended.outcomeTs).toBeUndefined();
    expect(report.errors).toHaveLength(3);
    expect(h.warnings.some((w) => w.message === 'Gave up posting the outcome')).toBe(true);
  });

  it("leaves the card showing the end when a slower worker's earlier update lands after it", async () => {
    // Prepare: the poll that sees the job running is slow to update the card (Slack retries);
    // meanwhile the next polls see it done, post the outcome and update the card.
    const h = createHarness();
    h.ats.plan({ runningMs: 3 * MINUTE });
    const id = await startedRun(h);
    const update = h.notifier.updateCard.bind(h.notifier);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let hold = true;
    h.notifier.updateCard = async (job: Job) => {
      if (hold && job.phase === 'running') {
        hold = false;
        await gate;
      }
      return update(job);
    };
    const first = h.scheduler.pending(id)[0];
    h.clock.advanceTo(first?.at ?? 0);
    const slow = h.handle({ type: 'poll', requestId: id, seq: first?.seq ?? 0 });
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    const report = await h.drain();
    release();
    await slow;

    // Assess
    const done = await h.job(id);
    expect(report.errors).toEqual([]);
    expect(done.phase).toBe('done');
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    const shown = h.notifier.of('updateCard', id).map((c) => c.job.phase);
    expect(shown).toContain('running');
    expect(shown.at(-1)).toBe('done');
  });

  it('still posts the outcome when the card update fails', async () => {
    // Prepare
    const h = createHarness();
    const id = await runUntilDoneIsSeen(h);
    h.notifier.failNext('updateCard', 10);

    // Act
    const report = await h.drain();

    // Assess
    expect(report.errors).toEqual([]);
    expect(h.notifier.outcomes(id)).toHaveLength(1);
    expect(h.warnings.some((w) => w.message === 'Could not update the job card')).toBe(true);
  });

  it('posts nothing for a job the ingress ended when it could not hand it over', async () => {
    // Prepare: the invoke reported failure, the ingress marked the job error and told the person,
    // but the message reached the worker after all.
    const h = createHarness();
    const job = await h.request('run');
    await h.store.replace(
      { ...job, phase: 'error', lastError: 'not handed over', version: job.version + 1 },
      job.version,
    );

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });

    // Assess
    expect(h.notifier.calls).toEqual([]);
    expect(h.ats.calls).toEqual([]);
    expect((await h.job(job.requestId)).version).toBe(job.version + 1);
  });
});
