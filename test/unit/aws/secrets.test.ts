import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretsLoader, SecretsUnavailableError } from '../../../functions/aws/secrets';
import { ConfigError } from '../../../functions/config';

const secretsMock = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ats-bot-AbCdEf';
const FILLED = {
  slackSigningSecret: '8f14e45fceea167a5a36dedd4bea2543',
  slackBotToken: 'xoxb-1111-2222-abcdefghijklmnop',
  atsAppApiToken: 'ats-token-9a8b7c6d',
  atsUsername: '',
  atsPassword: '',
};

afterEach(() => {
  secretsMock.reset();
});

function aLoader() {
  return createSecretsLoader(ARN, { client: new SecretsManagerClient({ region: 'eu-west-1' }) });
}

/** Runs `load` and returns what it rejected with (fails the test if it resolved). */
async function rejection(load: () => Promise<unknown>): Promise<Error> {
  const error = await load().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('createSecretsLoader', () => {
  it('reads the secret by ARN and returns the validated values', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(FILLED) });

    // Act
    const secrets = await aLoader()();

    // Assess
    expect(secrets).toStrictEqual({
      slackSigningSecret: FILLED.slackSigningSecret,
      slackBotToken: FILLED.slackBotToken,
      atsAppApiToken: FILLED.atsAppApiToken,
    });
    expect(secretsMock.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toStrictEqual({
      SecretId: ARN,
    });
  });

  it('keeps the ATS username and password when both are set, and trims token blanks', async () => {
    // Prepare
    const value = {
      ...FILLED,
      slackBotToken: `${FILLED.slackBotToken}\n`,
      atsUsername: 'ci-user',
      atsPassword: ' p@ss word ',
    };
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(value) });

    // Act
    const secrets = await aLoader()();

    // Assess
    expect(secrets.slackBotToken).toBe(FILLED.slackBotToken);
    expect(secrets.atsUsername).toBe('ci-user');
    expect(secrets.atsPassword).toBe(' p@ss word ');
  });

  it('reuses the value within its max age instead of calling Secrets Manager again', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(FILLED) });
    const load = aLoader();

    // Act
    await load();
    await load();

    // Assess
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('names every placeholder key, and reads again once the secret is filled', async () => {
    // Prepare: the document the stack creates
    const placeholder = {
      slackSigningSecret: 'REPLACE_ME',
      slackBotToken: 'REPLACE_ME',
      atsAppApiToken: 'REPLACE_ME',
      atsUsername: '',
      atsPassword: '',
    };
    secretsMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify(placeholder) })
      .resolves({ SecretString: JSON.stringify(FILLED) });
    const load = aLoader();

    // Act
    const error = await rejection(load);
    const filled = await load();

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message).toContain('slackSigningSecret still holds the placeholder REPLACE_ME');
    expect(error.message).toContain('slackBotToken still holds the placeholder REPLACE_ME');
    expect(error.message).toContain('atsAppApiToken still holds the placeholder REPLACE_ME');
    expect(error.message).toContain(ARN);
    expect(filled.slackBotToken).toBe(FILLED.slackBotToken);
  });

  it('names missing and mistyped keys without revealing any value', async () => {
    // Prepare
    const value = { slackBotToken: 98765, atsAppApiToken: FILLED.atsAppApiToken };
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(value) });

    // Act
    const error = await rejection(aLoader());

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('slackSigningSecret is missing');
    expect(error.message).toContain('slackBotToken must be text');
    expect(error.message).not.toContain(FILLED.atsAppApiToken);
    expect(error.message).not.toContain('98765');
  });

  it('requires the ATS username and password together', async () => {
    // Prepare
    const value = { ...FILLED, atsPassword: 'hunter2-secret' };
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(value) });

    // Act
    const error = await rejection(aLoader());

    // Assess
    expect(error.message).toContain(
      'atsUsername and atsPassword must be set together or not at all',
    );
    expect(error.message).not.toContain('hunter2-secret');
  });

  it.each([
    ['plain text', 'xoxb-1111-2222-not-json'],
    ['a JSON array', '["xoxb-1111-2222-in-array"]'],
    ['JSON null', 'null'],
  ])('refuses a value that is %s without quoting it', async (_, secretString) => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: secretString });

    // Act
    const error = await rejection(aLoader());

    // Assess
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message).not.toContain('xoxb');
    expect(JSON.stringify(error)).not.toContain('xoxb');
  });

  it('reports an unreadable secret as SECRETS_UNAVAILABLE', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).rejects(
      new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret.",
        $metadata: {},
      }),
    );

    // Act
    const error = await rejection(aLoader());

    // Assess
    expect(error).toBeInstanceOf(SecretsUnavailableError);
    expect(error).toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
    expect(error.message).toContain(ARN);
  });
});
