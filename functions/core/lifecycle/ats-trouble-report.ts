import { type AtsAction, needsAdmin, troubleInWords } from '../ats-trouble';
import type { AtsError } from '../errors';
import type { Job } from '../job';
import { describeError } from './card-posting';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Splits an ATS failure by audience: the technical detail goes to the log, and to the admins when
 * only they can fix it; the words for the person in Slack are returned.
 */
export async function reportAtsTrouble(
  ctx: LifecycleContext,
  job: Job,
  error: AtsError,
  action: AtsAction,
): Promise<string> {
  ctx.log.warn('ATS call failed', {
    requestId: job.requestId,
    action,
    code: error.code,
    error: error.message,
  });
  if (needsAdmin(error, action)) {
    try {
      await ctx.admin.alert({
        code: error.code,
        detail: error.message,
        action,
        requestId: job.requestId,
        ...(job.templateId ? { templateId: job.templateId } : {}),
        ...(job.atsJobId ? { atsJobId: job.atsJobId } : {}),
      });
    } catch (alertError) {
      ctx.log.error('Could not alert an admin', {
        requestId: job.requestId,
        error: describeError(alertError),
      });
    }
  }
  return troubleInWords(error, action, job.requestId);
}
