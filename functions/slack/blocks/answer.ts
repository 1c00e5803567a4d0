import { hasNotPassed } from '../../core/job';
import type { RequestAnswer } from '../../core/requests/request-answer';
import { renderRefusal } from './access-refusal';
import { renderDigestAnswer } from './digest-answers';
import { renderHelp } from './help';
import { renderHistory } from './history';
import type { SlackMessage } from './job-card';
import { jobRefOf, jobTitle, statusLabel } from './job-labels';
import { renderChannelStatus, renderJobStatus } from './job-status';
import { channelMention, codeSpan, escapeMrkdwn, userMention } from './mrkdwn';
import { renderPlain } from './notice';
import { renderPickerAsMessage } from './run-picker';
import { renderScheduleAnswer } from './schedules';
import { renderTemplateList } from './template-list';

/**
 * What the person who typed `/ats …` or clicked a button sees (ephemeral), for every answer the
 * ingress use cases give.
 */
export function renderAnswer(answer: RequestAnswer, command = '/ats'): SlackMessage {
  switch (answer.kind) {
    case 'accepted': {
      const { job } = answer;
      const title = `*${escapeMrkdwn(jobTitle(job))}*`;
      const again = answer.duplicate ? ' (I already had this request.)' : '';
      const request = codeSpan(job.requestId);
      // Only what is already true: whether ATS takes the job, or the bot may post in this channel,
      // is not known yet. Either way the person hears back.
      if (job.kind === 'watch') {
        return renderPlain(
          `:eyes: Looking up ATS job ${codeSpan(job.atsJobId ?? '')} before following it (request ${request}). You will hear from me if it cannot be followed.${again}`,
        );
      }
      return renderPlain(
        `:rocket: Starting ${title} (request ${request}). You will hear from me if it cannot start; \`${command} status ${job.requestId}\` shows where it stands.${again}`,
      );
    }
    case 'rerun_accepted':
      return renderPlain(
        `:repeat: Rerunning the test cases of *${escapeMrkdwn(jobTitle(answer.of))}* (ATS job ${codeSpan(jobRefOf(answer.of))}) that did not pass; follow it in the job's thread.`,
      );
    case 'already_rerunning': {
      const who = answer.by ? `${userMention(answer.by)} already started` : 'There already is';
      const rerunRef = answer.rerun ? jobRefOf(answer.rerun) : answer.rerunRequestId;
      return renderPlain(
        `:repeat: Already rerunning: ${who} a rerun of *${escapeMrkdwn(jobTitle(answer.of))}* (ATS job ${codeSpan(jobRefOf(answer.of))}), job ${codeSpan(rerunRef)}.`,
      );
    }
    case 'already_rerun': {
      const { of, latest } = answer;
      const who = answer.by ? ` by ${userMention(answer.by)}` : '';
      const again =
        latest.phase === 'done' && latest.atsJobId && hasNotPassed(latest) && !latest.rerunRequestId
          ? ` To rerun what still did not pass: ${codeSpan(`${command} rerun ${latest.atsJobId}`)}.`
          : '';
      return renderPlain(
        `:repeat: *${escapeMrkdwn(jobTitle(of))}* (ATS job ${codeSpan(jobRefOf(of))}) was already rerun${who}: *${escapeMrkdwn(jobTitle(latest))}* ended ${statusLabel(latest)}.${again}`,
      );
    }
    case 'already_following':
      return renderPlain(
        `:eyes: I already follow ATS job ${codeSpan(jobRefOf(answer.job))} in ${channelMention(answer.job.channelId)} (request ${codeSpan(answer.job.requestId)}).`,
      );
    case 'job_status':
      return renderJobStatus(answer.job, answer.fromElsewhere === true);
    case 'channel_status':
      return renderChannelStatus(answer.channelId, answer.jobs);
    case 'history':
      return renderHistory(answer);
    case 'catalog':
      return renderTemplateList(answer.templates, command);
    case 'help':
      return renderHelp(answer.templates, answer.problem, command);
    case 'not_allowed':
    case 'access_refused':
    case 'quota_exceeded':
      return renderRefusal(answer);
    case 'run_picker':
      return renderPickerAsMessage(answer, command);
    case 'refused':
      return renderPlain(`:warning: ${escapeMrkdwn(answer.message)}`);
    case 'schedules':
      return renderScheduleAnswer(answer.answer, command);
    case 'digest':
      return renderDigestAnswer(answer.answer, command);
  }
}
