import type { AdminProblem, AtsAction } from '../../core/ats-trouble';
import type { SlackMessage } from './job-card';
import { codeSpan, escapeMrkdwn } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

const DOING: Record<AtsAction, string> = {
  start: 'starting a run',
  rerun: 'starting a rerun',
  watch: 'looking up a job to watch',
  status: "asking for a followed job's status",
};

/**
 * A problem only an admin can fix, for the bot's admins (a direct message): what the bot was doing,
 * the request, template and ATS job, and the technical detail people in the channel are spared
 * (the ATS client's message: SOAP fault, HTTP status, configuration hint). Escaped, within limits.
 */
export function renderAdminAlert(problem: AdminProblem): SlackMessage {
  const where = [
    `request ${codeSpan(problem.requestId)}`,
    ...(problem.templateId ? [`template ${codeSpan(problem.templateId)}`] : []),
    ...(problem.atsJobId ? [`ATS job ${codeSpan(problem.atsJobId)}`] : []),
  ].join(', ');
  const text = truncate(
    `:warning: *Needs an admin*: ATS failed while the bot was ${DOING[problem.action]} (${where}). ` +
      `The person who asked was told to ask an admin.\n${codeSpan(problem.code)} ${escapeMrkdwn(problem.detail)}`,
    SLACK_LIMITS.sectionText,
  );
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
