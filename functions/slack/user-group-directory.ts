import type { WebClient } from '@slack/web-api';
import type { Clock } from '../core/ports';
import type { UserGroupDirectory } from '../core/requests/access';

/** How long a group's member list is trusted; a Lambda container lives minutes to hours. */
const DEFAULT_TTL_MS = 5 * 60_000;

/**
 * User group membership over `usergroups.users.list` (scope `usergroups:read`), cached per group
 * for a few minutes so that a busy channel does not ask Slack at every command.
 */
export class SlackUserGroupDirectory implements UserGroupDirectory {
  private readonly cache = new Map<string, { members: ReadonlySet<string>; at: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly deps: { clock?: Clock; ttlMs?: number } = {},
  ) {}

  /**
   * True when the user is in the group.
   * @throws the Web API error when Slack refuses (`no_such_subteam`, `missing_scope`) or is unreachable.
   */
  async isMember(groupId: string, userId: string): Promise<boolean> {
    const now = this.deps.clock?.now() ?? Date.now();
    const cached = this.cache.get(groupId);
    if (cached && now - cached.at < (this.deps.ttlMs ?? DEFAULT_TTL_MS))
      return cached.members.has(userId);
    const answer = await this.client.usergroups.users.list({ usergroup: groupId });
    const members = new Set(answer.users ?? []);
    this.cache.set(groupId, { members, at: now });
    return members.has(userId);
  }
}
