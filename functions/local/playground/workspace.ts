import { LOCAL_BOT } from '../slack-api/slack-api-server';

/** A person of the playground workspace. */
export interface PlaygroundUser {
  id: string;
  name: string;
  /** Time zone of the person's profile, as `users.info` tells it (schedules without a zone). */
  tz: string;
}

/**
 * The pretend Slack workspace the playground plays: one team, one channel, the bot and two people
 * (two, so that a second person can click **Rerun not passed** and see the first one's rerun).
 * Ids follow Slack's shapes so the bot validates them as it would real ones.
 */
export const PLAYGROUND_WORKSPACE = {
  team: { id: LOCAL_BOT.teamId, domain: 'ats-playground' },
  appId: 'A0ATSBOT01',
  /** The bot as the local Slack Web API's `auth.test` reports it. */
  bot: { userId: LOCAL_BOT.userId, botId: LOCAL_BOT.botId, name: 'ATS bot' },
  channel: { id: 'C0PLAYGND', name: 'ats-playground' },
  users: [
    { id: 'U0ALICE001', name: 'alice', tz: 'Europe/Amsterdam' },
    { id: 'U0BOB00001', name: 'bob', tz: 'America/New_York' },
  ] as readonly PlaygroundUser[],
  /** The slash command the bot answers. */
  command: '/ats',
} as const;
