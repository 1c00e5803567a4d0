import type { Logger } from '@slack/bolt';
import {
  createSlackIngress,
  type IngressDeps,
  type SlackIngress,
} from '../../../functions/slack/bolt-app';
import { SlackUserGroupDirectory } from '../../../functions/slack/user-group-directory';
import { createSlackWebClient } from '../../../functions/slack/web-client';
import { CapturingBoltLogger } from './quiet-bolt-logger';

/** The bot token the ingress tests give the local Slack Web API. */
export const TEST_BOT_TOKEN = 'xoxb-test';

/**
 * The Slack ingress as these tests drive it: the test bot token (for the local Slack Web API at
 * `slackApiUrl`), and Bolt's logs kept in a {@link CapturingBoltLogger} unless `logger` is given.
 */
export function localSlackIngress(
  deps: Omit<IngressDeps, 'botToken' | 'logger'> & { logger?: Logger },
): SlackIngress {
  return createSlackIngress({
    ...deps,
    botToken: TEST_BOT_TOKEN,
    logger: deps.logger ?? new CapturingBoltLogger(),
  });
}

/** Slack's user groups as the local Slack Web API at `slackApiUrl` answers them. */
export function localUserGroups(slackApiUrl: string): SlackUserGroupDirectory {
  return new SlackUserGroupDirectory(createSlackWebClient(TEST_BOT_TOKEN, { slackApiUrl }));
}
