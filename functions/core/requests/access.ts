import type { TemplateEntry } from './catalog';

/**
 * Membership of Slack user groups. Implemented over `usergroups.users.list` with a cache in
 * `functions/slack/user-group-directory.ts`; only asked when a template restricts by group.
 */
export interface UserGroupDirectory {
  /**
   * True when the user is a member of the group.
   * @throws when membership cannot be looked up (Slack unreachable, missing scope).
   */
  isMember(groupId: string, userId: string): Promise<boolean>;
}

/** Who asks, and where. */
export interface Asker {
  userId: string;
  channelId: string;
}

/** Who may run a restricted template: any of these. */
export interface RunPermission {
  users: string[];
  userGroups: string[];
  channels: string[];
}

/** Outcome of {@link checkRunAccess}. */
export type AccessDecision = { allowed: true } | { allowed: false; permitted: RunPermission };

/** True when the template names who may run it (otherwise everyone may). */
export function isRestricted(entry: TemplateEntry): boolean {
  return (
    entry.allowedUsers.length > 0 ||
    entry.allowedUserGroups.length > 0 ||
    entry.allowedChannels.length > 0
  );
}

/**
 * Decides whether a person may run a template: allowed when the template is unrestricted, or the
 * person is listed, or asks from a listed channel, or belongs to a listed user group. Groups are
 * looked up last and only when nothing else allowed it, so the Slack call happens only when it
 * decides something. Without a directory, group membership counts as "no".
 *
 * @throws whatever the directory throws when a group lookup fails.
 */
export async function checkRunAccess(
  entry: TemplateEntry,
  asker: Asker,
  groups: UserGroupDirectory | undefined,
): Promise<AccessDecision> {
  if (!isRestricted(entry)) return { allowed: true };
  if (entry.allowedUsers.includes(asker.userId)) return { allowed: true };
  if (entry.allowedChannels.includes(asker.channelId)) return { allowed: true };
  if (groups) {
    for (const groupId of entry.allowedUserGroups) {
      if (await groups.isMember(groupId, asker.userId)) return { allowed: true };
    }
  }
  return {
    allowed: false,
    permitted: {
      users: [...entry.allowedUsers],
      userGroups: [...entry.allowedUserGroups],
      channels: [...entry.allowedChannels],
    },
  };
}
