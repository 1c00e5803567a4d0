import type { SettingSpec } from '../setting-spec';
import { localOverride, localVariable, secret } from './rows';

// The rows of the settings table (`../settings.ts`) about reaching Slack: the app's secrets, the
// Web API address and Socket Mode's token. `SETTINGS` lists them with the others.

/** The Slack rows of `SETTINGS`. */
export const SLACK_SETTINGS = {
  slackSigningSecret: secret('SLACK_SIGNING_SECRET', ['ingress'], {
    required: ['ingress', 'local'],
    unsetMeans: 'locally: random at each start',
    meaning: "Slack's signing secret: every request must carry a valid signature.",
  }),
  slackBotToken: secret('SLACK_BOT_TOKEN', ['ingress', 'worker'], {
    required: ['ingress', 'worker', 'local'],
    unsetMeans: "locally: the playground's token (setting it turns the playground off)",
    meaning: 'Bot token (`xoxb-…`) for the Slack Web API.',
  }),
  slackApiUrl: localOverride('SLACK_API_URL', {
    rule: { kind: 'url' },
    unsetMeans: "Slack's own (`https://slack.com/api/`)",
    meaning:
      'Slack Web API base URL: the local stand-in in tests; in local mode setting it turns the playground off.',
  }),
  slackAppToken: localVariable('SLACK_APP_TOKEN', {
    rule: {
      kind: 'pattern',
      pattern: /^xapp-/,
      what: 'an app-level token starting with "xapp-"',
      hidden: true,
    },
    unsetMeans: 'no Socket Mode',
    meaning: 'App-level token: connect through Socket Mode instead of serving `/slack/events`.',
  }),
} as const satisfies Record<string, SettingSpec>;
