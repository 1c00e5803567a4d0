import {
  type AccessDecision,
  type Asker,
  checkRunAccess,
  type UserGroupDirectory,
} from '../requests/access';
import type { TemplateEntry } from '../requests/catalog';
import type { Schedule } from './schedule';
import type { BotAdmins } from './schedule-settings';

/**
 * The right to schedule a template in a channel: the right to run it there. Every schedule entry
 * point (setting one, a firing, pausing or removing) asks through this one function, so that the
 * schedules follow the run access rule wherever it goes.
 * @throws whatever the directory throws when a group lookup fails.
 */
export function checkScheduleAccess(
  entry: TemplateEntry,
  asker: Asker,
  groups: UserGroupDirectory | undefined,
): Promise<AccessDecision> {
  return checkRunAccess(entry, asker, groups);
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

/** True for a listed admin or a member of a listed admin group (asked only when needed). */
export async function isAdmin(
  userId: string,
  admins: BotAdmins,
  groups: UserGroupDirectory | undefined,
): Promise<boolean> {
  if (admins.users.includes(userId)) return true;
  if (!groups) return false;
  for (const groupId of admins.userGroups) {
    if (await groups.isMember(groupId, userId)) return true;
  }
  return false;
}
