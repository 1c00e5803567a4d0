import type { WebClient } from '@slack/web-api';
import type { Clock } from '../core/ports';
import type { UserTimeZones } from '../core/schedules/ports';

/** How long a person's zone is trusted; people rarely move, a container lives hours at most. */
const DEFAULT_TTL_MS = 60 * 60_000;

/**
 * People's time zones over `users.info` (scope `users:read`): the `tz` Slack keeps for each
 * person, cached per person for an hour.
 */
export class SlackUserTimeZones implements UserTimeZones {
  private readonly cache = new Map<string, { tz: string | undefined; at: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly deps: { clock?: Clock; ttlMs?: number } = {},
  ) {}

  /**
   * The person's IANA zone, undefined when Slack has none.
   * @throws the Web API error when Slack refuses (`user_not_found`, `missing_scope`) or is
   *   unreachable.
   */
  async timeZoneOf(userId: string): Promise<string | undefined> {
    const now = this.deps.clock?.now() ?? Date.now();
    const cached = this.cache.get(userId);
    if (cached && now - cached.at < (this.deps.ttlMs ?? DEFAULT_TTL_MS)) return cached.tz;
    const answer = await this.client.users.info({ user: userId });
    const tz =
      typeof answer.user?.tz === 'string' && answer.user.tz !== '' ? answer.user.tz : undefined;
    this.cache.set(userId, { tz, at: now });
    return tz;
  }
}
