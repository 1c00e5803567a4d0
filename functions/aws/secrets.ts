import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError, parseBotSecrets } from '../config';
import type { BotSecrets } from '../env';

/** Options of {@link createSecretsLoader}. */
export interface SecretsLoaderOptions {
  /** Client to read with (tests, custom region); Powertools creates one when absent. */
  client?: SecretsManagerClient;
  /** How long a read value is reused before Secrets Manager is asked again (default 300 s). */
  maxAgeSeconds?: number;
}

/** The secret could not be read at all (missing, access denied, network). */
export class SecretsUnavailableError extends Error {
  /** Machine-readable error code. */
  readonly code = 'SECRETS_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretsUnavailableError';
  }
}

const DEFAULT_MAX_AGE_SECONDS = 300;

/**
 * Returns a function that reads the bot's JSON secret through Powertools Parameters (cached for
 * `maxAgeSeconds`, so warm invocations make no call) and validates it.
 *
 * A secret that fails validation is dropped from the cache, so filling it in takes effect on
 * the next invocation instead of after the cache expires.
 *
 * The returned function throws:
 * - ConfigError (`CONFIG_INVALID`) when the value is not JSON, a required key is missing, empty
 *   or still `REPLACE_ME`; the message names keys, never values;
 * - SecretsUnavailableError (`SECRETS_UNAVAILABLE`) when Secrets Manager cannot be read.
 */
export function createSecretsLoader(
  secretArn: string,
  opts: SecretsLoaderOptions = {},
): () => Promise<BotSecrets> {
  const provider = new SecretsProvider(opts.client ? { awsSdkV3Client: opts.client } : {});
  const maxAge = opts.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  const source = `secret ${secretArn}`;
  return async () => {
    let value: unknown;
    try {
      value = await provider.get(secretArn, { transform: 'json', maxAge });
    } catch (error) {
      if (error instanceof Error && error.name === 'TransformParameterError') {
        // The parser's message quotes the start of the value: never pass it on.
        throw new ConfigError(['the value is not a JSON object'], `secrets from ${source}`);
      }
      throw new SecretsUnavailableError(
        `Cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    try {
      return parseBotSecrets(value, source);
    } catch (error) {
      provider.clearCache();
      throw error;
    }
  };
}
