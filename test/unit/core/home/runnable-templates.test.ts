import { describe, expect, it } from 'vitest';
import { runnableTemplates } from '../../../../functions/core/home/runnable-templates';
import type { AccessPolicy } from '../../../../functions/core/requests/access';
import { parseCatalog } from '../../../../functions/core/requests/catalog';

const HOME = 'D0ALICEHOME';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';

const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
  {
    alias: 'release',
    templateId: 'TPL-REL',
    name: 'Release',
    allowedChannels: ['C0RELEASE', 'G0OPS'],
  },
  { alias: 'secret', templateId: 'TPL-SEC', name: 'Secret', allowedUsers: [ALICE] },
  { alias: 'qa', templateId: 'TPL-QA', name: 'QA only', allowedUserGroups: ['S0QA'] },
]);

function policy(groups: Record<string, string[]> | 'broken' = {}): AccessPolicy {
  return {
    catalog,
    admins: { users: [], userGroups: [] },
    watchers: 'anyone',
    userGroups: {
      isMember: async (groupId, userId) => {
        if (groups === 'broken') throw new Error('usergroups.users.list failed');
        return (groups[groupId] ?? []).includes(userId);
      },
    },
  };
}

describe('runnableTemplates: what a person may run from their App Home', () => {
  it('lists templates open to everyone or to the person anywhere, and channel-bound ones with their channels', async () => {
    // Act
    const alice = await runnableTemplates(policy({ S0QA: [ALICE] }), ALICE, HOME);

    // Assess
    expect(alice.map((r) => [r.template.alias, r.where])).toEqual([
      ['smoke', { anywhere: true }],
      ['release', { anywhere: false, channels: ['C0RELEASE', 'G0OPS'] }],
      ['secret', { anywhere: true }],
      ['qa', { anywhere: true }],
    ]);
  });

  it('leaves out templates that name other people and groups the person is not in', async () => {
    // Act
    const bob = await runnableTemplates(policy({ S0QA: [ALICE] }), BOB, 'D0BOBHOME');

    // Assess
    expect(bob.map((r) => r.template.alias)).toEqual(['smoke', 'release']);
  });

  it('leaves out a group-restricted template when Slack cannot say who is in the group', async () => {
    // Act
    const alice = await runnableTemplates(policy('broken'), ALICE, HOME);

    // Assess
    expect(alice.map((r) => r.template.alias)).toEqual(['smoke', 'release', 'secret']);
  });
});
