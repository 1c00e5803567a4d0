import type { Job } from '../job';
import type { TemplateEntry } from './catalog';
import { findTemplate } from './catalog-lookup';

/**
 * Membership of Slack user groups. Implemented over `usergroups.users.list` with a cache in
 * `functions/slack/user-group-directory.ts`; only asked when a rule names a group.
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

/**
 * The bot's admins: who may act on jobs no catalog entry covers (a watched job started outside
 * the bot), and manage any schedule. Empty by default: nobody.
 */
export interface BotAdmins {
  /** Slack user ids (U…, W…). */
  users: string[];
  /** Slack user group ids (S…). */
  userGroups: string[];
}

/** The `admins` setting (user and user group ids in one list) as {@link BotAdmins}. */
export function botAdmins(ids: readonly string[]): BotAdmins {
  return {
    users: ids.filter((id) => !id.startsWith('S')),
    userGroups: ids.filter((id) => id.startsWith('S')),
  };
}

/** Who may `/ats watch`: anyone (the default), or only the {@link BotAdmins}. */
export type Watchers = 'anyone' | 'admins';

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
 * Entry points do not call this directly: they ask {@link decideAccess}, which applies it.
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

/**
 * True for a listed admin or a member of a listed admin group (groups asked only when needed).
 * @throws whatever the directory throws when a group lookup fails.
 */
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

/** What the access rule decides with: the deployment's catalog, admins and watch setting. */
export interface AccessPolicy {
  catalog: readonly TemplateEntry[];
  admins: BotAdmins;
  watchers: Watchers;
  /** Membership of user groups, asked only when a rule names a group. */
  userGroups?: UserGroupDirectory;
}

/**
 * What a person asks to do, as the access rule sees it:
 * - `run`: start a catalogued template in the asker's channel (`/ats run`, a run picker, a
 *   schedule being set or firing).
 * - `see`: read a job's details (`/ats status <id>`, history, App Home).
 * - `rerun`: start a rerun of a finished job (`/ats rerun`, the **Rerun not passed** button).
 * - `watch`: follow an ATS job here; `followed` is the job the bot already keeps with that ATS id.
 * - `digest`: set, change or remove the asker's channel's digest, or (its owner) have it posted.
 */
export type AccessRequest =
  | { action: 'run'; template: TemplateEntry }
  | { action: 'see'; job: Job }
  | { action: 'rerun'; job: Job }
  | { action: 'watch'; followed?: Job }
  | { action: 'digest' };

/**
 * Why a request was refused, with what the refusal may say about who can help:
 * - `not_found`: the job belongs to another channel (or the person may not know of it); told
 *   exactly as a job that does not exist, so existence leaks nothing.
 * - `not_permitted`: the template's access lists leave the person out; `permitted` says who may.
 * - `admins_only`: only the bot's admins may do this (rerun a job no catalog entry covers, or watch
 *   when watching is for admins).
 * - `other_channel`: the job's requester asked for an action from outside the job's channel;
 *   `channelId` is theirs to know.
 * - `followed_elsewhere`: the ATS job is already followed in another channel; `channelId` only when
 *   the asker started that job (never naming a channel to someone who may not be in it).
 * - `runners_only`: only people who may run some template in the channel, and the bot's admins,
 *   may do this (a channel's digest).
 * - `check_failed`: Slack could not tell whether the person is in a group; nothing was decided.
 */
export type AccessRefusal =
  | { reason: 'not_found' }
  | {
      reason: 'not_permitted';
      action: 'run' | 'rerun';
      template: TemplateEntry;
      permitted: RunPermission;
      /** Who else can help: the bot's admins. */
      admins: BotAdmins;
    }
  | { reason: 'admins_only'; action: 'rerun' | 'watch'; admins: BotAdmins }
  | { reason: 'other_channel'; action: 'rerun'; channelId: string }
  | { reason: 'followed_elsewhere'; channelId?: string }
  | { reason: 'runners_only'; action: 'digest'; admins: BotAdmins }
  | { reason: 'check_failed'; action: AccessRequest['action']; subject?: string };

/**
 * Outcome of {@link decideAccess}. `fromElsewhere`: allowed only because the asker is the job's
 * requester, from outside its channel; answer them alone.
 */
export type AccessVerdict =
  | { allowed: true; fromElsewhere: boolean }
  | { allowed: false; refusal: AccessRefusal };

const ALLOWED: AccessVerdict = { allowed: true, fromElsewhere: false };

/**
 * The one access rule of the bot. Every entry point (command, button, modal, event, schedule
 * firing, App Home) asks it before it shows or does anything, and renders a refusal with
 * `functions/slack/blocks/access-refusal.ts`:
 *
 * 1. A job's details and actions belong to the job's channel. From any other channel the job is
 *    `not_found`; only its requester may still see it (answered to them alone), and is told to act
 *    from the job's channel.
 * 2. Running or rerunning a catalogued template follows the template's `allowedUsers`,
 *    `allowedUserGroups` and `allowedChannels`, checked in the job's channel (for a run: where
 *    the person asks).
 * 3. A job no catalog entry covers (a watched job started outside the bot) may be rerun only by
 *    the bot's admins: nothing else says who may run its template.
 * 4. Anyone may watch an ATS job the bot does not follow yet (only admins when `watchers` is
 *    `admins`); one already followed in another channel is refused without naming that channel.
 * 5. A channel's digest (which summarises the runs posted there) may be set, changed or removed by
 *    anyone who may run at least one catalogued template in that channel, and by the bot's admins.
 *
 * Usage: `const verdict = await decideAccess(policy, { userId, channelId }, { action: 'see', job })`.
 * Never throws: a failed user group lookup is the refusal `check_failed`.
 */
export async function decideAccess(
  policy: AccessPolicy,
  asker: Asker,
  request: AccessRequest,
): Promise<AccessVerdict> {
  try {
    switch (request.action) {
      case 'run':
        return await runVerdict(policy, asker, request.template, 'run');
      case 'see':
        return seeVerdict(asker, request.job);
      case 'rerun':
        return await rerunVerdict(policy, asker, request.job);
      case 'watch':
        return await watchVerdict(policy, asker, request.followed);
      case 'digest':
        return await digestVerdict(policy, asker);
    }
  } catch {
    const subject = subjectOf(request);
    return {
      allowed: false,
      refusal: { reason: 'check_failed', action: request.action, ...(subject ? { subject } : {}) },
    };
  }
}

/** What a request is about, by name: the template to run, the job to see or rerun. */
function subjectOf(request: AccessRequest): string | undefined {
  if (request.action === 'run') return request.template.name;
  if (request.action === 'watch' || request.action === 'digest') return undefined;
  return request.job.templateName;
}

function seeVerdict(asker: Asker, job: Job): AccessVerdict {
  if (job.channelId === asker.channelId) return ALLOWED;
  if (job.requester.userId === asker.userId) return { allowed: true, fromElsewhere: true };
  return { allowed: false, refusal: { reason: 'not_found' } };
}

async function rerunVerdict(policy: AccessPolicy, asker: Asker, job: Job): Promise<AccessVerdict> {
  if (job.channelId !== asker.channelId) {
    return job.requester.userId === asker.userId
      ? {
          allowed: false,
          refusal: { reason: 'other_channel', action: 'rerun', channelId: job.channelId },
        }
      : { allowed: false, refusal: { reason: 'not_found' } };
  }
  const entry = findTemplate(policy.catalog, job);
  if (entry) return runVerdict(policy, asker, entry, 'rerun');
  return adminsOnly(policy, asker, 'rerun');
}

async function watchVerdict(
  policy: AccessPolicy,
  asker: Asker,
  followed: Job | undefined,
): Promise<AccessVerdict> {
  if (followed && followed.channelId !== asker.channelId) {
    const own = followed.requester.userId === asker.userId;
    return {
      allowed: false,
      refusal: { reason: 'followed_elsewhere', ...(own ? { channelId: followed.channelId } : {}) },
    };
  }
  if (policy.watchers === 'anyone') return ALLOWED;
  return adminsOnly(policy, asker, 'watch');
}

/** What only the bot's admins may do: anyone else is told whom to ask. */
async function adminsOnly(
  policy: AccessPolicy,
  asker: Asker,
  action: 'rerun' | 'watch',
): Promise<AccessVerdict> {
  if (await isAdmin(asker.userId, policy.admins, policy.userGroups)) return ALLOWED;
  return { allowed: false, refusal: { reason: 'admins_only', action, admins: policy.admins } };
}

async function digestVerdict(policy: AccessPolicy, asker: Asker): Promise<AccessVerdict> {
  // What needs no Slack call first: a template open to the person or the channel, a listed admin.
  for (const entry of policy.catalog) {
    if ((await checkRunAccess(entry, asker, undefined)).allowed) return ALLOWED;
  }
  if (await isAdmin(asker.userId, policy.admins, policy.userGroups)) return ALLOWED;
  if (policy.userGroups) {
    for (const entry of policy.catalog) {
      if (entry.allowedUserGroups.length === 0) continue;
      if ((await checkRunAccess(entry, asker, policy.userGroups)).allowed) return ALLOWED;
    }
  }
  return {
    allowed: false,
    refusal: { reason: 'runners_only', action: 'digest', admins: policy.admins },
  };
}

async function runVerdict(
  policy: AccessPolicy,
  asker: Asker,
  template: TemplateEntry,
  action: 'run' | 'rerun',
): Promise<AccessVerdict> {
  const decision = await checkRunAccess(template, asker, policy.userGroups);
  return decision.allowed
    ? ALLOWED
    : {
        allowed: false,
        refusal: {
          reason: 'not_permitted',
          action,
          template,
          permitted: decision.permitted,
          admins: policy.admins,
        },
      };
}
