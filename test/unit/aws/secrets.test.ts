import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSecretsLoader,
  SECRETS_EXTENSION_PORT_VARIABLE,
  SecretsUnavailableError,
} from '../../../functions/aws/secrets';
import { ConfigError } from '../../../functions/config';
import {
  type ExtensionAnswer,
  type SecretsExtensionStandIn,
  startSecretsExtensionStandIn,
} from '../../support/secrets-extension-stand-in';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ats-bot-AbCdEf';
const SESSION_TOKEN = 'session-token-of-the-function';
/** The worker's secret as the stack creates it, filled in. */
const FILLED = {
  slackBotToken: 'xoxb-1111-2222-abcdefghijklmnop',
  atsAppApiToken: 'ats-token-9a8b7c6d',
  atsUsername: '',
  atsPassword: '',
};
const SIGNING_SECRET = '8f14e45fceea167a5a36dedd4bea2543';

let extension: SecretsExtensionStandIn;

beforeAll(async () => {
  extension = await startSecretsExtensionStandIn(SESSION_TOKEN);
});

afterAll(async () => {
  await extension.close();
});

beforeEach(() => {
  extension.requests.length = 0;
});

/** The extension answers these, in turn (the last one from then on). */
function extensionAnswers(...answers: (object | ExtensionAnswer)[]): void {
  extension.answer(
    ...answers.map((a) =>
      'status' in a || 'secretString' in a
        ? (a as ExtensionAnswer)
        : { secretString: JSON.stringify(a) },
    ),
  );
}

function aLoader(options: { maxAgeSeconds?: number } = {}) {
  return createSecretsLoader(ARN, 'worker', {
    endpoint: extension.url,
    sessionToken: SESSION_TOKEN,
    ...options,
  });
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
    extensionAnswers(FILLED);

    // Act
    const secrets = await aLoader()();

    // Assess
    expect(secrets).toStrictEqual({
      slackBotToken: FILLED.slackBotToken,
      atsAppApiToken: FILLED.atsAppApiToken,
    });
    expect(extension.requests).toHaveLength(1);
    expect(extension.requests[0]).toMatchObject({
      path: '/secretsmanager/get',
      secretId: ARN,
      headers: { 'x-aws-parameters-secrets-token': SESSION_TOKEN },
    });
  });

  it("reads only its own function's keys: the ingress never the ATS credentials, the worker never the signing secret", async () => {
    // Prepare: one document with every key, as a secret shared by both functions would be.
    extensionAnswers({
      ...FILLED,
      slackSigningSecret: SIGNING_SECRET,
      atsPassword: 'pw',
      atsUsername: 'u',
    });
    const options = { endpoint: extension.url, sessionToken: SESSION_TOKEN };

    // Act
    const ingress = await createSecretsLoader(ARN, 'ingress', options)();
    const worker = await createSecretsLoader(ARN, 'worker', options)();

    // Assess
    expect(ingress).toStrictEqual({
      slackSigningSecret: SIGNING_SECRET,
      slackBotToken: FILLED.slackBotToken,
    });
    expect(worker).toStrictEqual({
      slackBotToken: FILLED.slackBotToken,
      atsAppApiToken: FILLED.atsAppApiToken,
      atsUsername: 'u',
      atsPassword: 'pw',
    });
  });

  it("needs only its own function's keys: an ingress secret without ATS keys, a worker secret without the signing secret", async () => {
    // Prepare
    const options = { endpoint: extension.url, sessionToken: SESSION_TOKEN };
    extensionAnswers({ slackSigningSecret: SIGNING_SECRET, slackBotToken: 'xoxb-ingress' });
    const ingress = await createSecretsLoader(ARN, 'ingress', options)();
    extensionAnswers({ slackBotToken: 'xoxb-worker', atsAppApiToken: 'tok' });

    // Act
    const worker = await createSecretsLoader(ARN, 'worker', options)();
    const missing = await rejection(createSecretsLoader(ARN, 'ingress', options));

    // Assess
    expect(ingress.slackBotToken).toBe('xoxb-ingress');
    expect(worker.atsAppApiToken).toBe('tok');
    expect((missing as ConfigError).problems).toEqual(['slackSigningSecret is missing']);
  });

  it('keeps the ATS username and password when both are set, and trims token blanks', async () => {
    // Prepare
    const value = {
      ...FILLED,
      slackBotToken: `${FILLED.slackBotToken}\n`,
      atsUsername: 'ci-user',
      atsPassword: ' p@ss word ',
    };
    extensionAnswers(value);

    // Act
    const secrets = await aLoader()();

    // Assess
    expect(secrets.slackBotToken).toBe(FILLED.slackBotToken);
    expect(secrets.atsUsername).toBe('ci-user');
    expect(secrets.atsPassword).toBe(' p@ss word ');
  });

  it('reuses the value within its max age instead of asking the extension again', async () => {
    // Prepare
    extensionAnswers(FILLED);
    const load = aLoader();
    const uncached = aLoader({ maxAgeSeconds: 0 });

    // Act
    await load();
    await load();
    await uncached();
    await uncached();

    // Assess
    expect(extension.requests).toHaveLength(3);
  });

  it('names every placeholder key, and reads again once the secret is filled', async () => {
    // Prepare: the document the stack creates for the worker
    const placeholder = {
      slackBotToken: 'REPLACE_ME',
      atsAppApiToken: 'REPLACE_ME',
      atsUsername: '',
      atsPassword: '',
    };
    extensionAnswers(placeholder, FILLED);
    const load = aLoader();

    // Act
    const error = await rejection(load);
    const filled = await load();

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message).toContain('slackBotToken still holds the placeholder REPLACE_ME');
    expect(error.message).toContain('atsAppApiToken still holds the placeholder REPLACE_ME');
    expect(error.message).toContain(ARN);
    expect(filled.slackBotToken).toBe(FILLED.slackBotToken);
  });

  it('names missing and mistyped keys without revealing any value', async () => {
    // Prepare
    const value = { slackBotToken: 98765, atsUsername: 'ci-user' };
    extensionAnswers(value);

    // Act
    const error = await rejection(aLoader());

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('atsAppApiToken is missing');
    expect(error.message).toContain('slackBotToken must be text');
    expect(error.message).toContain('atsUsername and atsPassword must be set together');
    expect(error.message).not.toContain(FILLED.atsAppApiToken);
    expect(error.message).not.toContain('98765');
  });

  it('requires the ATS username and password together', async () => {
    // Prepare
    const value = { ...FILLED, atsPassword: 'hunter2-secret' };
    extensionAnswers(value);

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
    extensionAnswers({ secretString });

    // Act
    const error = await rejection(aLoader());

    // Assess
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message).not.toContain('xoxb');
    expect(JSON.stringify(error)).not.toContain('xoxb');
  });

  it('reports an error answer of the extension as SECRETS_UNAVAILABLE, with its text', async () => {
    // Prepare
    extensionAnswers({
      status: 400,
      body: "ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    });

    // Act
    const error = await rejection(aLoader());

    // Assess
    expect(error).toBeInstanceOf(SecretsUnavailableError);
    expect(error).toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
    expect(error.message).toContain(ARN);
    expect(error.message).toContain('HTTP 400');
    expect(error.message).toContain("can't find the specified secret");
  });

  it('sends the function session token: a wrong one is refused by the extension', async () => {
    // Prepare
    extensionAnswers(FILLED);
    const load = createSecretsLoader(ARN, 'worker', {
      endpoint: extension.url,
      sessionToken: 'stale',
    });

    // Act
    const error = await rejection(load);

    // Assess
    expect(error).toBeInstanceOf(SecretsUnavailableError);
    expect(error.message).toContain('HTTP 401');
  });

  it('refuses a binary secret and an answer that is not JSON, quoting neither', async () => {
    // Prepare
    extensionAnswers({ status: 200, body: '{"SecretBinary":"eG94Yi0xMTEx"}' });
    const binary = await rejection(aLoader());
    extensionAnswers({ status: 200, body: 'xoxb-not-json' });

    // Act
    const garbled = await rejection(aLoader());

    // Assess
    expect(binary).toBeInstanceOf(ConfigError);
    expect(binary.message).toContain('no text value');
    expect(garbled).toBeInstanceOf(SecretsUnavailableError);
    expect(`${binary.message} ${garbled.message}`).not.toMatch(/xoxb|eG94/);
  });

  it('retries a refused connection (extension still starting), then names the missing layer', async () => {
    // Prepare: a port nothing listens on
    const closed = await startSecretsExtensionStandIn(SESSION_TOKEN);
    const endpoint = closed.url;
    await closed.close();
    const load = createSecretsLoader(ARN, 'worker', {
      endpoint,
      sessionToken: SESSION_TOKEN,
      retryDelayMs: 1,
    });

    // Act
    const error = await rejection(load);

    // Assess
    expect(error).toBeInstanceOf(SecretsUnavailableError);
    expect(error.message).toContain('Parameters and Secrets Lambda Extension layer attached');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('finds the extension on localhost at the port the stack sets', async () => {
    // Prepare
    extensionAnswers(FILLED);
    const saved = process.env[SECRETS_EXTENSION_PORT_VARIABLE];
    process.env[SECRETS_EXTENSION_PORT_VARIABLE] = String(extension.port);

    // Act
    const secrets = await createSecretsLoader(ARN, 'worker', {
      sessionToken: SESSION_TOKEN,
    })().finally(() => {
      if (saved === undefined) delete process.env[SECRETS_EXTENSION_PORT_VARIABLE];
      else process.env[SECRETS_EXTENSION_PORT_VARIABLE] = saved;
    });

    // Assess
    expect(secrets.slackBotToken).toBe(FILLED.slackBotToken);
    expect(extension.requests[0]?.headers.host).toBe(`localhost:${extension.port}`);
  });
});
