/** Machine-readable codes of {@link LocalModeError}. */
export type LocalModeErrorCode =
  | 'LOCAL_CONFIG_INVALID'
  | 'INVOKER_CLOSED'
  | 'SCHEDULER_CLOSED'
  | 'EMBEDDED_DYNAMO_FAILED'
  | 'LOCAL_SERVER_FAILED';

/**
 * Anything local mode refuses or cannot do. The message is written for the person who ran
 * `npm start`: what is wrong and, for configuration, which variable.
 */
export class LocalModeError extends Error {
  constructor(
    readonly code: LocalModeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LocalModeError';
  }
}
