import { type AccessPolicy, decideAccess } from '../requests/access';
import type { TemplateEntry } from '../requests/catalog';

/**
 * Where a person may run a template, as far as the bot can tell outside any channel: `anywhere`
 * (the template is open to everyone, names the person, or names a group they are in), or only in
 * the listed channels (the template's `allowedChannels`).
 */
export type RunnableWhere = { anywhere: true } | { anywhere: false; channels: string[] };

/** A template a person may run in at least one channel, and where. */
export interface RunnableTemplate {
  template: TemplateEntry;
  where: RunnableWhere;
}

/**
 * The templates a person may run from a place that is no channel (their App Home, its run
 * picker): those the one access rule (`decideAccess`, action `run`) allows in at least one
 * channel the bot knows. The rule is asked in the person's App Home conversation (`homeChannelId`,
 * which no template lists: what holds there holds in every channel) and in each channel the
 * template lists in `allowedChannels`. A template whose check failed (Slack could not say who is
 * in a group) is left out: the person can still type `/ats run` in a channel and be told why.
 * Starting a run asks the rule again in the channel chosen, so nothing here grants anything.
 * Never throws.
 */
export async function runnableTemplates(
  policy: AccessPolicy,
  userId: string,
  homeChannelId: string,
): Promise<RunnableTemplate[]> {
  const runnable: RunnableTemplate[] = [];
  for (const template of policy.catalog) {
    const where = await whereRunnable(policy, userId, homeChannelId, template);
    if (where) runnable.push({ template, where });
  }
  return runnable;
}

async function whereRunnable(
  policy: AccessPolicy,
  userId: string,
  homeChannelId: string,
  template: TemplateEntry,
): Promise<RunnableWhere | undefined> {
  const run = { action: 'run', template } as const;
  if ((await decideAccess(policy, { userId, channelId: homeChannelId }, run)).allowed) {
    return { anywhere: true };
  }
  const channels: string[] = [];
  for (const channelId of template.allowedChannels) {
    if ((await decideAccess(policy, { userId, channelId }, run)).allowed) channels.push(channelId);
  }
  return channels.length > 0 ? { anywhere: false, channels } : undefined;
}
