/** A Web API call Slack would refuse: `code` is the `error` of its answer. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    /** Extra fields of the error answer (`needed` for `missing_scope`). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(code);
  }
}
