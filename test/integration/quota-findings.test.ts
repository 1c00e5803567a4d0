import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_A, MALLORY, TwoChannelWorkspace } from '../support/two-channel-workspace';
import { waitFor } from '../support/wait-for';

/*
 * The quota finding of the review, replayed through the real ingress handler over HTTP, the real
 * worker, dynalite (its quotas table included), the ATS simulator and the local Slack Web API,
 * with the default quotas: 10 starts per person in 10 minutes, 10 active jobs per channel.
 */

let ws: TwoChannelWorkspace;

beforeAll(async () => {
  ws = await TwoChannelWorkspace.start();
}, 30_000);

afterAll(async () => {
  await ws?.close();
});

/** Top-level messages of a channel everyone sees: the job cards. */
function cardsIn(channel: string) {
  return ws.visibleIn(channel).filter((m) => !m.thread_ts);
}

describe('No quotas', () => {
  it('60 /ats run in 5 s, each delivered twice, start 10 ATS jobs and 10 cards; the rest are told when to try again', async () => {
    // Prepare
    const runJobsBefore = ws.atsCalls('RunJob');

    // Act: 60 commands at once (well within 5 s), and Slack delivering every one a second time.
    const triggers = Array.from({ length: 60 }, (_, i) => `flood-trigger-${i}`);
    const acks = await Promise.all(
      [...triggers, ...triggers].map((trigger) =>
        ws.command(MALLORY, CHANNEL_A, 'run open', trigger),
      ),
    );
    await waitFor('10 outcomes', 60, () =>
      ws.visibleIn(CHANNEL_A).filter((m) => m.thread_ts && /Failed/.test(m.text ?? '')).length >= 10
        ? true
        : undefined,
    );
    // Time for anything else that might have started to show.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    // Assess
    expect(acks.every((ack) => ack.status === 200)).toBe(true);
    const startedTriggers = new Set(
      triggers.filter((_, i) => /Starting \*Open suite\*/.test(acks[i]?.text ?? '')),
    );
    const copiesStarted = new Set(
      triggers.filter((_, i) => /Starting \*Open suite\*/.test(acks[60 + i]?.text ?? '')),
    );
    expect(startedTriggers.size).toBe(10);
    expect(copiesStarted).toEqual(startedTriggers);
    const refusals = acks.filter((ack) => !/Starting/.test(ack.text));
    expect(refusals).toHaveLength(100);
    for (const refusal of refusals) {
      expect(refusal.text).toContain('You have started 10 jobs in the last 10 minutes');
      expect(refusal.text).toMatch(/Try again <!date\^\d+\^/);
    }
    expect(ws.atsCalls('RunJob') - runJobsBefore).toBe(10);
    expect(cardsIn(CHANNEL_A)).toHaveLength(10);
  }, 120_000);

  it('12 people starting at once in one channel get 10 active jobs; the others are told to wait for one to finish', async () => {
    // Prepare
    const channel = 'C0BUSYCHAN';
    const people = Array.from({ length: 12 }, (_, i) => `U0PERSON${String(i).padStart(2, '0')}`);

    // Act
    const acks = await Promise.all(people.map((person) => ws.command(person, channel, 'run slow')));
    await waitFor('10 cards', 20, () => (cardsIn(channel).length >= 10 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Assess
    expect(acks.filter((ack) => /Starting \*Slow suite\*/.test(ack.text))).toHaveLength(10);
    const refused = acks.filter((ack) => !/Starting/.test(ack.text));
    expect(refused).toHaveLength(2);
    for (const ack of refused) {
      expect(ack.text).toContain('This channel already has 10 active jobs');
      expect(ack.text).toContain('Try again when one of them finishes');
    }
    expect(cardsIn(channel)).toHaveLength(10);
  }, 60_000);
});
