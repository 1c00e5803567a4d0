import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALICE,
  CHANNEL_A,
  CHANNEL_B,
  MALLORY,
  rerunButtonValue,
  TwoChannelWorkspace,
} from '../support/two-channel-workspace';
import { waitFor } from '../support/wait-for';

/*
 * The access findings of the review, replayed as they were found: a workspace with a public
 * channel A (Mallory) and a private channel B (Alice); the template `release` may run only in B.
 * Everything goes through the real ingress handler over HTTP, the real worker, dynalite, the ATS
 * simulator and the local Slack Web API.
 */

/** Words of B's job that must never reach A: template, failing case, ATS's message, requester. */
const B_DETAILS = /Open suite|Pay by card|private test card|U0ALICE00|G0PRIVATEB/;

let ws: TwoChannelWorkspace;
/** Alice's finished, failed run in B of `open`, a template anyone may run anywhere. */
let jobOfB: { requestId: string; atsJobId: string; cardTs: string; outcomeTs: string };

beforeAll(async () => {
  ws = await TwoChannelWorkspace.start();
  const ack = await ws.command(ALICE, CHANNEL_B, 'run open');
  expect(ack.text).toContain('Starting *Open suite*');
  const card = await ws.firstCard(CHANNEL_B);
  const outcome = await ws.outcomeOf(CHANNEL_B, card.ts);
  const requestId = rerunButtonValue(outcome) ?? '';
  const status = await ws.command(ALICE, CHANNEL_B, `status ${requestId}`);
  jobOfB = {
    requestId,
    atsJobId: /ATS job `([^`]+)`/.exec(status.text)?.[1] ?? '',
    cardTs: card.ts,
    outcomeTs: outcome.ts,
  };
  expect(jobOfB.atsJobId).not.toBe('');
}, 60_000);

afterAll(async () => {
  await ws?.close();
});

describe('Access list bypass through watch', () => {
  it('a member of A who watches a CI job of a template limited to B cannot rerun it from A', async () => {
    // Prepare: CI starts `release` outside the bot; Mallory follows it in A.
    const atsJobId = await ws.startByCi('tpl-release');
    const watched = await ws.command(MALLORY, CHANNEL_A, `watch ${atsJobId}`);
    const card = await ws.firstCard(CHANNEL_A);
    const outcome = await ws.outcomeOf(CHANNEL_A, card.ts);
    const rerunsBefore = ws.atsCalls('RerunNotPassed');

    // Act
    const rerun = await ws.command(MALLORY, CHANNEL_A, `rerun ${atsJobId}`);
    const click = await ws.click(MALLORY, CHANNEL_A, rerunButtonValue(outcome) ?? '', outcome.ts);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Assess
    expect(watched.text).toContain(`Looking up ATS job \`${atsJobId}\` before following it`);
    expect(rerun.text).toContain("Only the bot's admins may rerun this job");
    expect(rerun.text).not.toContain('Rerunning');
    expect(click.join('\n')).toContain("Only the bot's admins may rerun this job");
    expect(ws.atsCalls('RerunNotPassed')).toBe(rerunsBefore);
    const thread = ws.visibleIn(CHANNEL_A).filter((m) => m.thread_ts === card.ts);
    expect(thread.map((m) => m.text).join('\n')).not.toMatch(/Rerun 1/);
  }, 60_000);
});

describe('Private results readable from anywhere', () => {
  it("/ats status from A does not show B's private job, by our id or by the ATS id", async () => {
    // Act
    const byRequestId = await ws.command(MALLORY, CHANNEL_A, `status ${jobOfB.requestId}`);
    const byAtsId = await ws.command(MALLORY, CHANNEL_A, `status ${jobOfB.atsJobId}`);
    const unknown = await ws.command(MALLORY, CHANNEL_A, 'status ats-no-such-job');

    // Assess
    for (const answer of [byRequestId, byAtsId]) {
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(/^:warning: I know no job/);
      expect(answer.text).not.toMatch(B_DETAILS);
    }
    // Exactly the answer for a job that does not exist, but for the id echoed back.
    expect(byAtsId.text.replace(jobOfB.atsJobId, 'X')).toBe(
      unknown.text.replace('ats-no-such-job', 'X'),
    );
  });

  it('still shows the job to its requester outside B, to her alone', async () => {
    // Act
    const answer = await ws.command(ALICE, CHANNEL_A, `status ${jobOfB.atsJobId}`);

    // Assess
    expect(answer.text).toContain('Open suite');
    expect(answer.text).toContain('Only you see this');
  });

  it("/ats watch of B's ATS job from A copies nothing into A and names no channel", async () => {
    // Prepare
    const statusCallsBefore = ws.atsCalls('GetJobStatus');
    const inABefore = ws.visibleIn(CHANNEL_A).length;

    // Act
    const answer = await ws.command(MALLORY, CHANNEL_A, `watch ${jobOfB.atsJobId}`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Assess
    expect(answer.text).toContain('I already follow this ATS job in another channel');
    expect(answer.text).not.toMatch(B_DETAILS);
    expect(answer.text).not.toContain('<#');
    expect(ws.visibleIn(CHANNEL_A)).toHaveLength(inABefore);
    expect(ws.atsCalls('GetJobStatus')).toBe(statusCallsBefore);
  });

  it("/ats rerun and the button from A check the job's channel: nothing is started in B's thread", async () => {
    // Prepare
    const rerunsBefore = ws.atsCalls('RerunNotPassed');
    const threadBefore = ws.slack.messages({ channel: CHANNEL_B, thread_ts: jobOfB.cardTs });

    // Act
    const byCommand = await ws.command(MALLORY, CHANNEL_A, `rerun ${jobOfB.requestId}`);
    const byAtsId = await ws.command(MALLORY, CHANNEL_A, `rerun ${jobOfB.atsJobId}`);
    const byClick = await ws.click(MALLORY, CHANNEL_A, jobOfB.requestId, jobOfB.outcomeTs);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Assess
    for (const text of [byCommand.text, byAtsId.text, byClick.join('\n')]) {
      expect(text).toContain('I know no job');
      expect(text).not.toMatch(B_DETAILS);
    }
    expect(ws.atsCalls('RerunNotPassed')).toBe(rerunsBefore);
    const thread = ws.slack.messages({ channel: CHANNEL_B, thread_ts: jobOfB.cardTs });
    expect(thread).toEqual(threadBefore);
    expect(thread.map((m) => m.text).join('\n')).not.toMatch(/started by <@U0MALLORY>/i);
  });

  it("tells the requester to rerun from the job's channel, where it then works", async () => {
    // Prepare
    const rerunsBefore = ws.atsCalls('RerunNotPassed');

    // Act
    const elsewhere = await ws.command(ALICE, CHANNEL_A, `rerun ${jobOfB.atsJobId}`);
    const inB = await ws.command(ALICE, CHANNEL_B, `rerun ${jobOfB.atsJobId}`);
    await waitFor('RerunNotPassed', 30, () =>
      ws.atsCalls('RerunNotPassed') > rerunsBefore ? true : undefined,
    );
    const rerunOutcome = await waitFor('the rerun result in B', 30, () =>
      ws
        .visibleIn(CHANNEL_B)
        .find(
          (m) =>
            m.thread_ts === jobOfB.cardTs &&
            /Rerun 1/.test(m.text ?? '') &&
            /Failed/.test(m.text ?? ''),
        ),
    );

    // Assess
    expect(elsewhere.text).toContain(`This job belongs to <#${CHANNEL_B}>`);
    expect(inB.text).toContain('Rerunning the test cases');
    expect(rerunOutcome.channel).toBe(CHANNEL_B);
  }, 60_000);
});
