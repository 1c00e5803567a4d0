import { describe, expect, it } from 'vitest';
import {
  checkRunAccess,
  type UserGroupDirectory,
} from '../../../../functions/core/requests/access';
import { parseCatalog } from '../../../../functions/core/requests/catalog';

/** A directory answering from a fixed map and counting lookups. */
class FixedGroups implements UserGroupDirectory {
  lookups = 0;
  constructor(private readonly members: Record<string, string[]>) {}
  async isMember(groupId: string, userId: string): Promise<boolean> {
    this.lookups += 1;
    return this.members[groupId]?.includes(userId) ?? false;
  }
}

const [open, restricted] = parseCatalog([
  { alias: 'smoke', templateId: 'T-1', name: 'Smoke' },
  {
    alias: 'prod',
    templateId: 'T-2',
    name: 'Production checks',
    allowedUsers: ['U0ALICE'],
    allowedUserGroups: ['S0QA'],
    allowedChannels: ['C0RELEASE'],
  },
]);

describe('checkRunAccess', () => {
  it('lets everyone run an unrestricted template without asking Slack', async () => {
    // Prepare
    const groups = new FixedGroups({});

    // Act
    const decision = await checkRunAccess(
      open!,
      { userId: 'U0ANYONE', channelId: 'C0ANY' },
      groups,
    );

    // Assess
    expect(decision).toEqual({ allowed: true });
    expect(groups.lookups).toBe(0);
  });

  it.each([
    ['a listed user', { userId: 'U0ALICE', channelId: 'C0ANY' }],
    ['anyone in a listed channel', { userId: 'U0BOB', channelId: 'C0RELEASE' }],
    ['a member of a listed group', { userId: 'U0CAROL', channelId: 'C0ANY' }],
  ])('allows %s', async (_, asker) => {
    // Prepare
    const groups = new FixedGroups({ S0QA: ['U0CAROL'] });

    // Act
    const decision = await checkRunAccess(restricted!, asker, groups);

    // Assess
    expect(decision.allowed).toBe(true);
  });

  it('asks for groups only when users and channels did not decide', async () => {
    // Prepare
    const groups = new FixedGroups({ S0QA: [] });

    // Act
    await checkRunAccess(restricted!, { userId: 'U0ALICE', channelId: 'C0ANY' }, groups);

    // Assess
    expect(groups.lookups).toBe(0);
  });

  it('refuses anyone else, naming who may', async () => {
    // Prepare
    const groups = new FixedGroups({ S0QA: ['U0CAROL'] });

    // Act
    const decision = await checkRunAccess(
      restricted!,
      { userId: 'U0MALLORY', channelId: 'C0ANY' },
      groups,
    );

    // Assess
    expect(decision).toEqual({
      allowed: false,
      permitted: { users: ['U0ALICE'], userGroups: ['S0QA'], channels: ['C0RELEASE'] },
    });
  });

  it('counts group membership as no without a directory', async () => {
    // Prepare / Act
    const decision = await checkRunAccess(
      restricted!,
      { userId: 'U0CAROL', channelId: 'C0ANY' },
      undefined,
    );

    // Assess
    expect(decision.allowed).toBe(false);
  });
});
