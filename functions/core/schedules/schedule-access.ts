import {
  type AccessDecision,
  type Asker,
  type BotAdmins,
  decideAccess,
  isAdmin,
  type UserGroupDirectory,
} from '../requests/access';
import type { TemplateEntry } from '../requests/catalog';
import type { Schedule } from './schedule';

/**
 * The right to schedule a template in a channel: the right to run it there, as the bot's one
 * access rule ({@link decideAccess}) decides it. Every schedule entry point (setting one, a
 * firing, pausing or removing) asks through this one function.
 * @throws Error when Slack could not say whether the person is in a group the template names.
 */
export async function checkScheduleAccess(
  entry: TemplateEntry,
  asker: Asker,
  groups: UserGroupDirectory | undefined,
): Promise<AccessDecision> {
  const policy = {
    catalog: [entry],
    admins: { users: [], userGroups: [] },
    watchers: 'anyone' as const,
    ...(groups ? { userGroups: groups } : {}),
  };
  const verdict = await decideAccess(policy, asker, { action: 'run', template: entry });
  if (verdict.allowed) return { allowed: true };
  if (verdict.refusal.reason === 'not_permitted') {
    return { allowed: false, permitted: verdict.refusal.permitted };
  }
  throw new Error(`Could not check who may run ${entry.alias}: a user group lookup failed`);
}

/** Outcome of {@link checkManageAccess}. */
export type ManageDecision =
  | { allowed: true; as: 'runner' | 'admin' | 'owner' }
  | { allowed: false };

/**
 * Whether a person may pause, resume or remove a schedule: the right to run its template in the
 * schedule's channel (wherever they ask from), or being one of the bot's admins (listed, or in a
 * listed user group). When the template left the catalog there is no run right to check: its
 * owner keeps the right to tidy up their own schedule.
 * @throws whatever the directory throws when a group lookup fails.
 */
export async function checkManageAccess(
  schedule: Schedule,
  entry: TemplateEntry | undefined,
  userId: string,
  admins: BotAdmins,
  groups: UserGroupDirectory | undefined,
): Promise<ManageDecision> {
  if (entry) {
    const decision = await checkScheduleAccess(
      entry,
      { userId, channelId: schedule.channelId },
      groups,
    );
    if (decision.allowed) return { allowed: true, as: 'runner' };
  } else if (userId === schedule.ownerId) {
    return { allowed: true, as: 'owner' };
  }
  if (await isAdmin(userId, admins, groups)) return { allowed: true, as: 'admin' };
  return { allowed: false };
}

/**
 * Whether a person may set, change or remove the digest of `asker.channelId` (and whether a
 * digest's owner may still have it posted): the access rule's `digest` action, which allows anyone
 * who may run some catalogued template in that channel, and the bot's admins.
 * @throws Error when Slack could not say whether the person is in a group that would decide it.
 */
export async function checkDigestAccess(
  catalog: readonly TemplateEntry[],
  admins: BotAdmins,
  asker: Asker,
  groups: UserGroupDirectory | undefined,
): Promise<boolean> {
  const policy = {
    catalog,
    admins,
    watchers: 'anyone' as const,
    ...(groups ? { userGroups: groups } : {}),
  };
  const verdict = await decideAccess(policy, asker, { action: 'digest' });
  if (verdict.allowed) return true;
  if (verdict.refusal.reason === 'runners_only') return false;
  throw new Error('Could not check who may set the digest: a user group lookup failed');
}
