import type { AtsError } from './errors';

/**
 * What the bot was doing with ATS when it failed, in the terms people use: starting a run,
 * starting a rerun, looking up a job to watch, or asking for a followed job's status.
 */
export type AtsAction = 'start' | 'rerun' | 'watch' | 'status';

/**
 * A problem only an admin can fix (the bot's ATS settings, a template set up wrong), with the
 * technical detail (SOAP fault, HTTP status, configuration hint) that people in the channel are
 * spared.
 */
export interface AdminProblem {
  /** The error's machine-readable code (`ATS_SOAP_FAULT`, `ATS_HTTP_ERROR`, …). */
  code: string;
  /** What went wrong, technically: the ATS client's message. Never holds secrets. */
  detail: string;
  action: AtsAction;
  requestId: string;
  templateId?: string;
  atsJobId?: string;
}

/**
 * Where problems for admins go. The lifecycle logs each one (`Needs an admin`, level error, so a
 * metric filter or alarm can pick them up); the worker also sends each to the bot's admins as a
 * direct message when there are any (`SlackAdminAlerts`).
 */
export interface AdminAlerts {
  /** Never throws: a failure to alert must not fail the job's step. */
  alert(problem: AdminProblem): Promise<void>;
}

/**
 * True when an ATS failure points at the bot's own setup rather than at the person's request or a
 * passing outage: ATS refused the call (SOAP fault, except when looking up a job id someone typed,
 * which is the person's mistake), refused access or answered with a client error (4xx other than
 * 408/429), sent something that is not a SOAP answer, or names a host that does not exist.
 */
export function needsAdmin(error: AtsError, action: AtsAction): boolean {
  switch (error.code) {
    case 'ATS_SOAP_FAULT':
      return action !== 'watch';
    case 'ATS_HTTP_ERROR':
    case 'ATS_BAD_RESPONSE':
      return !error.retryable;
    default:
      return false;
  }
}

/**
 * What happened and what to do, for the person in Slack: no SOAP, no HTTP status, no setting names.
 * `requestId` lets them (or the admin they ask) find the details in the bot's log.
 */
export function troubleInWords(error: AtsError, action: AtsAction, requestId: string): string {
  const ask = `Ask an admin to look at the bot's log for request \`${requestId}\`.`;
  const { refused, during } = ACTION_WORDS[action];
  switch (error.code) {
    case 'ATS_NOT_STARTED':
      // ATS's own reason (a busy Selenium hub, a disabled template): the person can act on it.
      return error.message;
    case 'ATS_SOAP_FAULT':
      return action === 'watch'
        ? 'ATS does not know this job id, or would not show that job to the bot. Check the id: copy it from the job in ATS.'
        : `ATS refused ${refused}. The template may be set up wrong in the bot. ${ask}`;
    default:
      if (needsAdmin(error, action)) {
        return `The bot could not talk to ATS while ${during}: its ATS settings may be wrong. ${ask}`;
      }
      if (error.outcomeUnknown && (action === 'start' || action === 'rerun')) {
        return `ATS did not answer in time while ${during}.`;
      }
      return action === 'status'
        ? `${outageInWords(error)}. The bot keeps trying.`
        : `${outageInWords(error)}. Try again in a few minutes.`;
  }
}

/**
 * What a passing failure looks like from outside, without its technical detail: ATS (or the
 * gateway in front of it) answering with errors, or not answering at all.
 */
export function outageInWords(error: AtsError): string {
  switch (error.code) {
    case 'ATS_HTTP_ERROR':
      return 'ATS seems to be down or restarting: it answers with errors';
    case 'ATS_SOAP_FAULT':
      return 'ATS answered with an error about this job';
    case 'ATS_TIMEOUT':
      return 'ATS did not answer in time';
    default:
      return 'ATS could not be reached';
  }
}

const ACTION_WORDS: Record<AtsAction, { refused: string; during: string }> = {
  start: { refused: 'to start the job', during: 'starting the job' },
  rerun: { refused: 'to start the rerun', during: 'starting the rerun' },
  watch: { refused: 'to show the job', during: 'looking the job up' },
  status: { refused: 'to give the job status', during: 'asking for the job status' },
};
