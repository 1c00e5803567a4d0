import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../functions/core/job';
import {
  type AccessPolicy,
  type Asker,
  decideAccess,
  type UserGroupDirectory,
} from '../../../../functions/core/requests/access';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import { testJob } from '../../../support/job-fixtures';

/*
 * The one access rule, with the cast of the findings it answers: channel A (public) and channel B
 * (private); Alice works in B, Mallory in A.
 */
const A = 'C0PUBLIC';
const B = 'G0PRIVATE';
const ALICE = 'U0ALICE';
const MALLORY = 'U0MALLORY';

const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
  { alias: 'release', templateId: 'TPL-REL', name: 'Release checks', allowedChannels: [B] },
]);

/** A directory answering from a fixed map, or failing as an unreachable Slack does. */
class FixedGroups implements UserGroupDirectory {
  lookups = 0;
  constructor(
    private readonly members: Record<string, string[]>,
    private readonly failing = false,
  ) {}
  async isMember(groupId: string, userId: string): Promise<boolean> {
    this.lookups += 1;
    if (this.failing) throw new Error('usergroups.users.list: ratelimited');
    return this.members[groupId]?.includes(userId) ?? false;
  }
}

function policy(overrides: Partial<AccessPolicy> = {}): AccessPolicy {
  return { catalog, admins: { users: [], userGroups: [] }, watchers: 'anyone', ...overrides };
}

/** A finished job of `B`'s channel started by Alice: a catalogued run unless overridden. */
function jobOfB(overrides: Partial<Job> = {}): Job {
  return testJob({
    requestId: 'req-b',
    atsJobId: 'ats-b',
    templateId: 'TPL-REL',
    templateAlias: 'release',
    templateName: 'Release checks',
    requester: { userId: ALICE },
    channelId: B,
    phase: 'done',
    ...overrides,
  });
}

/** A job started outside the bot (CI) and watched in `B`: no catalog entry. */
function watchedInB(): Job {
  return jobOfB({
    kind: 'watch',
    templateId: undefined,
    templateAlias: undefined,
    templateName: 'ATS job ats-b',
  });
}

const mallory: Asker = { userId: MALLORY, channelId: A };
const aliceInB: Asker = { userId: ALICE, channelId: B };

describe('decideAccess: a job belongs to its channel', () => {
  it.each([
    ['see', (job: Job) => ({ action: 'see' as const, job })],
    ['rerun', (job: Job) => ({ action: 'rerun' as const, job })],
  ])('answers %s of another channel\'s job as "not found"', async (_, request) => {
    // Act
    const verdict = await decideAccess(policy(), mallory, request(jobOfB()));

    // Assess
    expect(verdict).toEqual({ allowed: false, refusal: { reason: 'not_found' } });
  });

  it('still shows a job to its requester elsewhere, marked as seen from elsewhere', async () => {
    // Act
    const verdict = await decideAccess(
      policy(),
      { userId: ALICE, channelId: A },
      { action: 'see', job: jobOfB() },
    );

    // Assess
    expect(verdict).toEqual({ allowed: true, fromElsewhere: true });
  });

  it("sends the requester back to the job's channel to rerun it", async () => {
    // Act
    const verdict = await decideAccess(
      policy(),
      { userId: ALICE, channelId: A },
      { action: 'rerun', job: jobOfB() },
    );

    // Assess
    expect(verdict).toEqual({
      allowed: false,
      refusal: { reason: 'other_channel', action: 'rerun', channelId: B },
    });
  });

  it('lets anyone in the channel see the job', async () => {
    // Act
    const verdict = await decideAccess(
      policy(),
      { userId: MALLORY, channelId: B },
      { action: 'see', job: jobOfB() },
    );

    // Assess
    expect(verdict).toEqual({ allowed: true, fromElsewhere: false });
  });
});

describe('decideAccess: reruns follow the catalog, watched jobs the admins', () => {
  it("checks a catalogued job's rerun against the template's lists in the job's channel", async () => {
    // Prepare
    const job = jobOfB({ channelId: A, requester: { userId: MALLORY } });

    // Act
    const inA = await decideAccess(policy(), mallory, { action: 'rerun', job });
    const inB = await decideAccess(policy(), aliceInB, { action: 'rerun', job: jobOfB() });

    // Assess
    expect(inA).toMatchObject({
      allowed: false,
      refusal: { reason: 'not_permitted', action: 'rerun', permitted: { channels: [B] } },
    });
    expect(inB).toEqual({ allowed: true, fromElsewhere: false });
  });

  it('lets nobody rerun a watched job by default', async () => {
    // Act
    const verdict = await decideAccess(policy(), aliceInB, { action: 'rerun', job: watchedInB() });

    // Assess
    expect(verdict).toEqual({
      allowed: false,
      refusal: { reason: 'admins_only', action: 'rerun', admins: { users: [], userGroups: [] } },
    });
  });

  it('lets admins rerun a watched job, by name or by group', async () => {
    // Prepare
    const admins = { users: ['U0BOSS'], userGroups: ['S0OPS'] };
    const groups = new FixedGroups({ S0OPS: [ALICE] });

    // Act
    const byName = await decideAccess(
      policy({ admins, userGroups: groups }),
      { userId: 'U0BOSS', channelId: B },
      { action: 'rerun', job: watchedInB() },
    );
    const byGroup = await decideAccess(policy({ admins, userGroups: groups }), aliceInB, {
      action: 'rerun',
      job: watchedInB(),
    });

    // Assess
    expect(byName.allowed).toBe(true);
    expect(byGroup.allowed).toBe(true);
  });

  it('does not make admins of template lists: a catalogued job follows its template only', async () => {
    // Act
    const verdict = await decideAccess(
      policy({ admins: { users: [MALLORY], userGroups: [] } }),
      mallory,
      { action: 'rerun', job: jobOfB({ channelId: A }) },
    );

    // Assess
    expect(verdict).toMatchObject({ allowed: false, refusal: { reason: 'not_permitted' } });
  });
});

describe('decideAccess: watching', () => {
  it('lets anyone watch an ATS job the bot does not follow', async () => {
    // Act
    const verdict = await decideAccess(policy(), mallory, { action: 'watch' });

    // Assess
    expect(verdict).toEqual({ allowed: true, fromElsewhere: false });
  });

  it('refuses to copy a job followed in another channel, naming that channel only to its requester', async () => {
    // Act
    const stranger = await decideAccess(policy(), mallory, {
      action: 'watch',
      followed: jobOfB(),
    });
    const requester = await decideAccess(
      policy(),
      { userId: ALICE, channelId: A },
      { action: 'watch', followed: jobOfB() },
    );

    // Assess
    expect(stranger).toEqual({ allowed: false, refusal: { reason: 'followed_elsewhere' } });
    expect(requester).toEqual({
      allowed: false,
      refusal: { reason: 'followed_elsewhere', channelId: B },
    });
  });

  it('lets the channel that follows a job watch it again', async () => {
    // Act
    const verdict = await decideAccess(policy(), aliceInB, { action: 'watch', followed: jobOfB() });

    // Assess
    expect(verdict.allowed).toBe(true);
  });

  it('keeps watching to admins when watchers is admins', async () => {
    // Prepare
    const admins = { users: ['U0BOSS'], userGroups: [] };

    // Act
    const others = await decideAccess(policy({ admins, watchers: 'admins' }), mallory, {
      action: 'watch',
    });
    const admin = await decideAccess(
      policy({ admins, watchers: 'admins' }),
      { userId: 'U0BOSS', channelId: A },
      { action: 'watch' },
    );

    // Assess
    expect(others).toEqual({
      allowed: false,
      refusal: { reason: 'admins_only', action: 'watch', admins },
    });
    expect(admin.allowed).toBe(true);
  });
});

describe('decideAccess: runs and failures', () => {
  it("runs a template where its lists allow, and names who may when they don't", async () => {
    // Prepare
    const release = catalog[1]!;

    // Act
    const inB = await decideAccess(policy(), aliceInB, { action: 'run', template: release });
    const inA = await decideAccess(policy(), mallory, { action: 'run', template: release });

    // Assess
    expect(inB.allowed).toBe(true);
    expect(inA).toEqual({
      allowed: false,
      refusal: {
        reason: 'not_permitted',
        action: 'run',
        template: release,
        permitted: { users: [], userGroups: [], channels: [B] },
        admins: { users: [], userGroups: [] },
      },
    });
  });

  it('refuses, never throws, when Slack cannot say who is in a group', async () => {
    // Prepare
    const groups = new FixedGroups({}, true);
    const admins = { users: [], userGroups: ['S0OPS'] };

    // Act
    const verdict = await decideAccess(policy({ admins, userGroups: groups }), aliceInB, {
      action: 'rerun',
      job: watchedInB(),
    });

    // Assess
    expect(verdict).toEqual({
      allowed: false,
      refusal: { reason: 'check_failed', action: 'rerun', subject: 'ATS job ats-b' },
    });
    expect(groups.lookups).toBe(1);
  });
});
