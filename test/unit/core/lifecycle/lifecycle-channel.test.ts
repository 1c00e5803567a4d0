import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../../functions/core/errors';
import { claimRerun } from '../../../../functions/core/lifecycle/rerun-claim';
import { createHarness } from './lifecycle-harness';

/** What the Slack notifier throws when the bot is not a member of the channel. */
function notInChannel(requesterTold: boolean): UserFacingError {
  return Object.assign(
    new UserFacingError('BOT_NOT_IN_CHANNEL', 'Invite me with `/invite @ATS`, then try again.'),
    { requesterTold },
  );
}

describe('JobLifecycle: the channel refuses the bot', () => {
  it('starts nothing in ATS and tells only the requester when the card cannot be posted', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    h.notifier.postCard = async () => {
      throw notInChannel(false);
    };

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    const report = await h.drain();

    // Assess
    const ended = await h.job(job.requestId);
    expect(report.errors).toEqual([]);
    expect(ended.phase).toBe('failed_to_start');
    expect(ended.lastError).toContain('/invite @ATS');
    expect(h.ats.count('RunJob')).toBe(0);
    expect(h.notifier.outcomes()).toEqual([]);
    const told = h.notifier.of('tellRequester');
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('/invite @ATS');
  });

  it('does not tell the requester twice when the notifier already did', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    h.notifier.postCard = async () => {
      throw notInChannel(true);
    };

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    expect((await h.job(job.requestId)).phase).toBe('failed_to_start');
    expect(h.ats.count('RunJob')).toBe(0);
    expect(h.notifier.of('tellRequester')).toEqual([]);
    expect(h.notifier.outcomes()).toEqual([]);
  });

  it.each([
    ['a run', 'run', false],
    ['a run waiting for an ATS slot', 'run', true],
    ['a watch', 'watch', false],
  ] as const)(
    "ends %s with Slack's words and code when the channel refuses its card",
    async (_, kind, slotTaken) => {
      // Prepare: with one ATS slot, a first job takes it, so the job under test waits for it.
      const h = createHarness({ settings: { atsJobCap: 1 } });
      const { jobId } = await h.ats.runJob('tpl-ci');
      if (slotTaken) {
        h.ats.plan({ runningMs: 60 * 60_000 });
        const first = await h.request('run');
        await h.handle({ type: 'start', requestId: first.requestId });
      }
      const job = await h.request(kind, kind === 'watch' ? { atsJobId: jobId } : {});
      h.notifier.postCard = async () => {
        throw notInChannel(true);
      };

      // Act
      await h.handle({ type: kind === 'watch' ? 'watch' : 'start', requestId: job.requestId });

      // Assess
      const ended = await h.job(job.requestId);
      expect(ended).toMatchObject({
        phase: 'failed_to_start',
        lastError: 'Invite me with `/invite @ATS`, then try again.',
        lastErrorCode: 'BOT_NOT_IN_CHANNEL',
      });
      expect(ended.outcomeToldAt).toBeDefined();
      expect(h.ats.count('RunJob')).toBe(slotTaken ? 2 : 1);
      expect(h.notifier.of('tellRequester')).toEqual([]);
    },
  );

  it('still runs the job when Slack only has trouble posting the card', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    h.notifier.failNext('postCard');

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();

    // Assess
    expect(h.ats.count('RunJob')).toBe(1);
    expect((await h.job(job.requestId)).phase).toBe('done');
  });
});

describe('JobLifecycle: a rerun asked for by command', () => {
  it('replaces the Rerun not passed button on the earlier outcome once the rerun started', async () => {
    // Prepare
    const h = createHarness();
    h.ats.plan(
      {
        testCases: [
          { name: 'Login', result: 'Passed' },
          { name: 'Checkout', result: 'Failed' },
        ],
      },
      {},
    );
    const job = await h.request('run');
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain();
    const finished = await h.job(job.requestId);
    const claim = await claimRerun(
      h.store,
      finished,
      { userId: 'U0000ANN' },
      'cmd-1',
      h.clock.now(),
    );
    expect(claim.claimed).toBe(true);

    // Act
    await h.handle({ type: 'rerun', requestId: 'cmd-1' });

    // Assess
    const marked = h.notifier.of('updateOutcome');
    expect(marked).toHaveLength(1);
    expect(marked[0]?.job.requestId).toBe(job.requestId);
    expect(marked[0]?.job.rerunBy).toBe('U0000ANN');
  });
});

describe('JobLifecycle: the job-ended log line', () => {
  it('is written once per job, with phase and verdict, by the writer of the final state', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');

    // Act
    await h.handle({ type: 'start', requestId: job.requestId });
    await h.drain({ copies: 3 });

    // Assess
    const ended = h.infos.filter((l) => l.message === 'Job ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]?.extra).toMatchObject({
      requestId: job.requestId,
      phase: 'done',
      verdict: 'passed',
    });
  });
});
