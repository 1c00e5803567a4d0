import type { AccessRefusal, BotAdmins } from './access';
import { echo } from './command';
import type { RequestAnswer } from './request-answer';

/**
 * The answer for a refusal of the access rule. `asked` is what the person typed or clicked (a job
 * id, an ATS job id, a template): a job of another channel is answered exactly as a job that does
 * not exist, so the answer tells nothing about it.
 */
export function accessRefusalAnswer(refusal: AccessRefusal, asked: string): RequestAnswer {
  switch (refusal.reason) {
    case 'not_found':
      return notFound(asked);
    case 'not_permitted':
      return {
        kind: 'not_allowed',
        template: refusal.template,
        permitted: refusal.permitted,
        ...(refusal.action === 'rerun' ? { action: 'rerun' as const } : {}),
        ...(hasAdmins(refusal.admins) ? { admins: refusal.admins } : {}),
      };
    case 'check_failed': {
      const what = refusal.subject ? `${refusal.action} ${refusal.subject}` : refusal.action;
      return {
        kind: 'refused',
        code: 'ACCESS_CHECK_FAILED',
        message: `I could not check with Slack whether you may ${what}. Nothing was done; please try again in a minute.`,
      };
    }
    default:
      return { kind: 'access_refused', refusal };
  }
}

function hasAdmins(admins: BotAdmins): boolean {
  return admins.users.length + admins.userGroups.length > 0;
}

/** "I know no job …": for a job that does not exist, and for one the person may not see. */
export function notFound(jobRef: string): RequestAnswer {
  return {
    kind: 'refused',
    code: 'JOB_NOT_FOUND',
    message: `I know no job \`${echo(jobRef).replaceAll('`', "'")}\`. Use the job id from a job card (our id or the ATS job id); \`/ats status\` lists this channel's active jobs.`,
  };
}
