/**
 * The CloudWatch metrics the functions emit (embedded metric format, `./emf-bot-metrics.ts`) and
 * the stack's dashboard draws (`lib/constructs/bot-dashboard.ts`): one list, so a renamed metric
 * cannot leave an empty graph behind. Every metric also carries Powertools' `service` dimension
 * (the function's `POWERTOOLS_SERVICE_NAME`); the namespace is the stage's
 * (`POWERTOOLS_METRICS_NAMESPACE`). Imports nothing, so the CDK app can read it.
 */
export const BOT_METRICS = {
  /** Worker: ATS accepted a run or rerun the bot ordered; dimension `Kind` = run | rerun. */
  jobsStarted: { name: 'JobsStarted', unit: 'Count', dimension: 'Kind' },
  /** Worker: a job reached its final phase; dimension `Verdict` = one of `JOB_ENDINGS`. */
  jobsFinished: { name: 'JobsFinished', unit: 'Count', dimension: 'Verdict' },
  /** Worker: scheduled polls one job used (about one GetJobStatus each), once per job at its end. */
  pollsPerJob: { name: 'PollsPerJob', unit: 'Count' },
  /** Worker: an ATS call failed; dimension `Kind` = the ATS error code (`ATS_TIMEOUT`, …). */
  atsErrors: { name: 'AtsErrors', unit: 'Count', dimension: 'Kind' },
  /** Ingress: from the request reaching the handler to the answer Slack gets. */
  acknowledgementTime: { name: 'AcknowledgementTime', unit: 'Milliseconds' },
  /** Worker: from ATS finishing a job (estimated) to its outcome message in the thread. */
  atsDoneToMessage: { name: 'AtsDoneToMessage', unit: 'Milliseconds' },
} as const;
