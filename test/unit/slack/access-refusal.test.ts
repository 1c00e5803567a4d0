import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { renderAnswer } from '../../../functions/slack/blocks/answer';
import { renderJobStatus } from '../../../functions/slack/blocks/job-status';
import { failingCases, finished } from './blocks-support';
import { expectWithinSlackLimits } from './slack-limits-check';

const [release] = parseCatalog([
  { alias: 'release', templateId: 'TPL-REL', name: 'Release checks', allowedChannels: ['G0B'] },
]);
const NOBODY = { users: [], userGroups: [] };

describe('refusals of the access rule and the quotas', () => {
  it('say why a rerun is refused and who may, admins included', () => {
    // Prepare / Act
    const message = renderAnswer({
      kind: 'not_allowed',
      action: 'rerun',
      template: release!,
      permitted: { users: [], userGroups: [], channels: ['G0B'] },
      admins: { users: ['U0BOSS'], userGroups: ['S0OPS'] },
    });

    // Assess
    expect(message.text).toContain('You may not rerun jobs of *Release checks* here');
    expect(message.text).toContain('anyone in <#G0B>');
    expect(message.text).toContain("the bot's admins (<@U0BOSS>, members of <!subteam^S0OPS>)");
    expectWithinSlackLimits(message);
  });

  it("send a watched job's rerun to the admins, or say that none is set", () => {
    // Prepare / Act
    const none = renderAnswer({
      kind: 'access_refused',
      refusal: { reason: 'admins_only', action: 'rerun', admins: NOBODY },
    });
    const some = renderAnswer({
      kind: 'access_refused',
      refusal: {
        reason: 'admins_only',
        action: 'watch',
        admins: { users: ['U0BOSS'], userGroups: [] },
      },
    });

    // Assess
    expect(none.text).toContain("Only the bot's admins may rerun this job");
    expect(none.text).toContain('No admin is set');
    expect(some.text).toContain("Only the bot's admins may watch");
    expect(some.text).toContain('Ask one of them: <@U0BOSS>');
  });

  it('name no channel to a stranger when a job is followed elsewhere, and its own to a requester', () => {
    // Prepare / Act
    const stranger = renderAnswer({
      kind: 'access_refused',
      refusal: { reason: 'followed_elsewhere' },
    });
    const requester = renderAnswer({
      kind: 'access_refused',
      refusal: { reason: 'followed_elsewhere', channelId: 'G0B' },
    });

    // Assess
    expect(stranger.text).toContain('already follow this ATS job in another channel');
    expect(JSON.stringify(stranger)).not.toMatch(/<#/);
    expect(requester.text).toContain('<#G0B>');
  });

  it("send a requester back to the job's channel", () => {
    // Prepare / Act
    const message = renderAnswer({
      kind: 'access_refused',
      refusal: { reason: 'other_channel', action: 'rerun', channelId: 'G0B' },
    });

    // Assess
    expect(message.text).toContain('This job belongs to <#G0B>');
    expect(message.text).toContain('Rerun it from that channel');
  });

  it("say when to try again after too many starts, in each reader's time zone", () => {
    // Prepare
    const retryAt = Date.UTC(2025, 0, 6, 9, 10);

    // Act
    const message = renderAnswer({
      kind: 'quota_exceeded',
      refusal: { quota: 'starts_per_user', limit: 10, windowMinutes: 10, retryAt, waitMinutes: 4 },
    });

    // Assess
    expect(message.text).toContain('You have started 10 jobs in the last 10 minutes');
    expect(message.text).toContain(`Try again <!date^${retryAt / 1000}^`);
    expect(message.text).toContain('(in 4 minutes)');
  });

  it('say to try again when a job of a full channel finishes', () => {
    // Prepare / Act
    const message = renderAnswer({
      kind: 'quota_exceeded',
      refusal: { quota: 'active_jobs_per_channel', limit: 10, channelId: 'C0A' },
    });

    // Assess
    expect(message.text).toContain('This channel already has 10 active jobs');
    expect(message.text).toContain('Try again when one of them finishes');
  });

  it("mark a status shown to its requester outside the job's channel", () => {
    // Prepare
    const job = finished(failingCases(1));

    // Act
    const status = renderJobStatus(job, true);

    // Assess
    expect(JSON.stringify(status.blocks)).toContain('Only you see this');
  });
});
