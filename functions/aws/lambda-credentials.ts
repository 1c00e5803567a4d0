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

import type { FromEnvInit } from '@aws-sdk/credential-provider-env';
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** No credentials in the environment: this code runs somewhere that is not Lambda. */
export class LambdaCredentialsError extends Error {
  /** Machine-readable error code. */
  readonly code = 'LAMBDA_CREDENTIALS_MISSING';

  constructor(options?: { cause?: unknown }) {
    super(
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). ' +
        "The Lambda bundles read only the execution role's credentials Lambda sets there; " +
        'see functions/aws/lambda-credentials.ts.',
      options,
    );
    this.name = 'LambdaCredentialsError';
  }
}

/**
 * Stands in for `@aws-sdk/credential-provider-node`'s `defaultProvider` (same name, as the SDK
 * clients import it): the SDK's own environment provider (`fromEnv`, which reads the session
 * token, expiry, scope and account id too). The SDK memoizes it and calls it again only once the
 * credentials have expired.
 *
 * The provider rejects with {@link LambdaCredentialsError} when the environment has no
 * credentials.
 */
export function defaultProvider(init: FromEnvInit = {}): ReturnType<typeof fromEnv> {
  const provider = fromEnv(init);
  return async (options) => {
    try {
      return await provider(options);
    } catch (error) {
      throw new LambdaCredentialsError({ cause: error });
    }
  };
}
