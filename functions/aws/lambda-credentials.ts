/**
 * The AWS SDK's default credential provider as the Lambda bundles use it: the credentials of the
 * function's execution role, which Lambda puts in the environment of every execution environment
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`).
 *
 * The SDK's own default (`@aws-sdk/credential-provider-node`) tries the environment first too,
 * which is where it stops on Lambda, but it carries every other source with it: profiles and
 * `~/.aws` files, SSO and sign-in with their STS/SSO/OIDC clients, credential processes, web
 * identity tokens, the container and EC2 metadata services. That is about 120 KB of each bundle
 * and ~20 ms of its cold start, never run. esbuild `alias`es the package to this module in every
 * Lambda bundle (`BOT_BUNDLING` in lib/constructs/bot-function.ts); tests, local mode and the CDK
 * app run unbundled, with the SDK's full chain.
 */

/** The part of the SDK's `AwsCredentialIdentity` the environment can give. */
export interface EnvironmentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  credentialScope?: string;
  accountId?: string;
}

/** No credentials in the environment: this code runs somewhere that is not Lambda. */
export class LambdaCredentialsError extends Error {
  /** Machine-readable error code. */
  readonly code = 'LAMBDA_CREDENTIALS_MISSING';

  constructor() {
    super(
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). ' +
        "The Lambda bundles read only the execution role's credentials Lambda sets there; " +
        'see functions/aws/lambda-credentials.ts.',
    );
    this.name = 'LambdaCredentialsError';
  }
}

/**
 * Stands in for `@aws-sdk/credential-provider-node`'s `defaultProvider` (same name, as the SDK
 * clients import it): returns a provider reading the credentials from the environment on each
 * call, exactly as the SDK's `fromEnv` does (session token, expiry, scope and account id when
 * set). The SDK memoizes it and calls it again only once the credentials have expired.
 *
 * The provider throws {@link LambdaCredentialsError} when the key id or the secret key is unset
 * or empty.
 */
export function defaultProvider(
  _init: unknown = {},
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<EnvironmentCredentials> {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw new LambdaCredentialsError();
    const sessionToken = env.AWS_SESSION_TOKEN;
    const expiry = env.AWS_CREDENTIAL_EXPIRATION;
    const credentialScope = env.AWS_CREDENTIAL_SCOPE;
    const accountId = env.AWS_ACCOUNT_ID;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiry ? { expiration: new Date(expiry) } : {}),
      ...(credentialScope ? { credentialScope } : {}),
      ...(accountId ? { accountId } : {}),
    };
  };
}
