import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS_EXTENSION_PORT_VARIABLE } from '../../functions/aws/secrets';
import { localLambdaContext } from '../../functions/local/lambda-context';
import { loadLocalConfig } from '../../functions/local/local-config';
import { type RunningLocalMode, startLocalMode } from '../../functions/local/local-mode';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../functions/local/slack-api/slack-api-server';
import { createLogger } from '../../functions/logger';
import {
  type SecretsExtensionStandIn,
  startSecretsExtensionStandIn,
} from '../support/secrets-extension-stand-in';
import { signedSlashCommand } from '../support/slack-requests';

const SIGNING_SECRET = 'assembly-signing-secret';
const BOT_TOKEN = 'xoxb-assembly-token';
const SESSION_TOKEN = 'assembly-session-token';
const GROUP = 'S0QATEAM';
/** A template only members of one user group may run: asking needs `usergroups.users.list`. */
const CATALOG = [
  {
    alias: 'guarded',
    templateId: 'tpl-guarded',
    name: 'Guarded suite',
    allowedUserGroups: [GROUP],
  },
];
const SECRET = {
  slackSigningSecret: SIGNING_SECRET,
  slackBotToken: BOT_TOKEN,
  atsAppApiToken: 'assembly-ats-token',
};

/** What the person saw and how often the ingress asked Slack for the group's members. */
interface Attempt {
  answer: string;
  groupLookups: number;
}

/**
 * The Lambda entry (`functions/slack-events.ts`) and local mode both build their ingress with
 * `assembleIngress`: driven the same way, they must ask Slack the same way. Slack fails every
 * `usergroups.users.list` with a 500, so the count of calls is the user group client's retries.
 */
describe('one ingress assembly for the Lambda entry and local mode', () => {
  let slack: SlackApiServer;
  let extension: SecretsExtensionStandIn;
  let local: RunningLocalMode | undefined;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    slack = await startSlackApiServer({
      userGroups: { [GROUP]: ['U0MEMBER'] },
      faultInjector: ({ method }) =>
        method === 'usergroups.users.list' ? { kind: 'server_error', status: 500 } : undefined,
    });
    extension = await startSecretsExtensionStandIn(SESSION_TOKEN, {
      secretString: JSON.stringify(SECRET),
    });
  });

  afterAll(async () => {
    process.env = savedEnv;
    await local?.close();
    await extension?.close();
    await slack?.close();
  });

  function groupLookupsSince(before: number): number {
    return slack.calls.slice(before).filter((c) => c.method === 'usergroups.users.list').length;
  }

  function command(): APIGatewayProxyEventV2 {
    return signedSlashCommand(
      { text: 'run guarded', userId: 'U0OUTSIDER', channelId: 'C0ASSEMBLY' },
      { signingSecret: SIGNING_SECRET },
    );
  }

  async function throughLambdaEntry(): Promise<Attempt> {
    process.env = {
      ...savedEnv,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'ASIAASSEMBLY',
      AWS_SECRET_ACCESS_KEY: 'assembly-secret-key',
      AWS_SESSION_TOKEN: SESSION_TOKEN,
      [SECRETS_EXTENSION_PORT_VARIABLE]: String(extension.port),
      JOBS_TABLE_NAME: 'assembly-jobs',
      QUOTAS_TABLE_NAME: 'assembly-quotas',
      WORKER_FUNCTION_NAME: 'assembly-worker',
      SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:assembly-AbCdEf',
      ATS_APP_ID: 'assembly-app',
      ATS_TEMPLATES: JSON.stringify(CATALOG),
      SLACK_API_URL: slack.url,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    };
    // The entry reads its configuration when it loads, as on Lambda.
    const { handler } = await import('../../functions/slack-events');
    const before = slack.calls.length;
    const response = await handler(
      command() as unknown as Parameters<typeof handler>[0],
      localLambdaContext('slack-events'),
    );
    return { answer: String(response.body), groupLookups: groupLookupsSince(before) };
  }

  async function throughLocalMode(): Promise<Attempt> {
    local = await startLocalMode(
      loadLocalConfig({
        PORT: '0',
        SLACK_API_URL: slack.url,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        ATS_TEMPLATES: JSON.stringify(CATALOG),
      }),
      { logger: createLogger('ingress-assembly-test', 'SILENT') },
    );
    const event = command();
    const before = slack.calls.length;
    const response = await fetch(`${local.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': event.headers['x-slack-request-timestamp'] ?? '',
        'x-slack-signature': event.headers['x-slack-signature'] ?? '',
      },
      body: Buffer.from(event.body ?? '', 'base64'),
    });
    return { answer: await response.text(), groupLookups: groupLookupsSince(before) };
  }

  it('asks Slack for group members with the same retries on both paths', async () => {
    // Act
    const lambda = await throughLambdaEntry();
    const localMode = await throughLocalMode();

    // Assess
    // One call and one retry: the lookup must fit in the 3 s Slack waits for the answer.
    expect(lambda.groupLookups).toBe(2);
    expect(localMode.groupLookups).toBe(lambda.groupLookups);
    for (const { answer } of [lambda, localMode]) {
      expect(answer).toContain('could not check with Slack whether you may run Guarded suite');
    }
  });
});
