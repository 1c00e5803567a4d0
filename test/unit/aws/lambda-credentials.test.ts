import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider, LambdaCredentialsError } from '../../../functions/aws/lambda-credentials';

// What Lambda puts in every execution environment for the function's execution role.
const LAMBDA_ENV = {
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEKEYID',
  AWS_SECRET_ACCESS_KEY: 'example/secret+key',
  AWS_SESSION_TOKEN: 'example-session-token',
};

/** Replaces the AWS variables of the environment for one test (the SDK reads process.env). */
function useEnv(env: Record<string, string>): void {
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_CREDENTIAL_EXPIRATION',
    'AWS_CREDENTIAL_SCOPE',
    'AWS_ACCOUNT_ID',
  ]) {
    vi.stubEnv(name, env[name] ?? '');
  }
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('defaultProvider (the Lambda bundles’ credential source)', () => {
  it("reads the execution role's credentials from the environment", async () => {
    // Prepare
    useEnv(LAMBDA_ENV);
    const provider = defaultProvider();

    // Act
    const credentials = await provider();

    // Assess
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAEXAMPLEKEYID',
      secretAccessKey: 'example/secret+key',
      sessionToken: 'example-session-token',
    });
  });

  it('carries expiry, scope and account id when set, as the SDK’s fromEnv does', async () => {
    // Prepare
    const env = {
      ...LAMBDA_ENV,
      AWS_CREDENTIAL_EXPIRATION: '2030-01-02T03:04:05Z',
      AWS_CREDENTIAL_SCOPE: 'eu-west-1',
      AWS_ACCOUNT_ID: '123456789012',
    };

    // Act
    useEnv(env);
    const credentials = await defaultProvider()();

    // Assess
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAEXAMPLEKEYID',
      secretAccessKey: 'example/secret+key',
      sessionToken: 'example-session-token',
      expiration: new Date('2030-01-02T03:04:05Z'),
      credentialScope: 'eu-west-1',
      accountId: '123456789012',
    });
  });

  it.each([
    ['no key id', { AWS_SECRET_ACCESS_KEY: 'secret' }],
    ['no secret key', { AWS_ACCESS_KEY_ID: 'ASIAKEY' }],
    ['empty values', { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }],
  ])('refuses %s with a coded error that names the variables', async (_case, env) => {
    // Prepare
    useEnv(env);
    const provider = defaultProvider();

    // Act
    const error = await provider().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(LambdaCredentialsError);
    expect(error).toMatchObject({ code: 'LAMBDA_CREDENTIALS_MISSING' });
    expect((error as Error).message).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  });

  it('is what an SDK client resolves its credentials with, as the bundles wire it', async () => {
    // Prepare
    // The bundles alias the package the clients import their default provider from; handing it
    // over as `credentialDefaultProvider` exercises the same call the SDK makes.
    useEnv(LAMBDA_ENV);
    const client = new LambdaClient({
      region: 'eu-west-1',
      credentialDefaultProvider: defaultProvider,
    });

    // Act
    const credentials = await client.config.credentials();

    // Assess
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAEXAMPLEKEYID',
      secretAccessKey: 'example/secret+key',
      sessionToken: 'example-session-token',
    });
    client.destroy();
  });
});
