import type { DigestAnswer } from '../digest/digest-answer';
import type { TemplateTrend } from '../history/history-stats';
import type { Job } from '../job';
import type { ScheduleAnswer } from '../schedules/schedule-answer';
import type { AccessRefusal, BotAdmins, RunPermission } from './access';
import type { TemplateEntry } from './catalog';
import type { CommandProblemCode } from './command';
import type { QuotaRefusal } from './quotas';

/** Who asked, where, and the one-off handles Slack gave with the request. */
export interface RequestContext {
  userId: string;
  channelId: string;
  /**
   * Slack's `trigger_id` of the command or click. Unique per person action and repeated when
   * Slack redelivers the same request, so request ids derived from it make recording idempotent.
   */
  triggerId: string;
  /** Slack `response_url`, kept on the job so the worker can answer the person later. */
  responseUrl?: string;
  /** The schedule whose firing asks (its owner is `userId`); shown on the job's card. */
  scheduleId?: string;
}

/** What to tell the person who asked; rendered to Slack messages in `functions/slack/blocks`. */
export type RequestAnswer =
  /** A run or watch was recorded and handed to the worker (`duplicate`: Slack sent it again). */
  | { kind: 'accepted'; job: Job; duplicate: boolean }
  /** A rerun of a finished job was claimed, recorded and handed to the worker. */
  | { kind: 'rerun_accepted'; job: Job; of: Job; duplicate: boolean }
  /** Someone already reran this finished job. */
  | {
      kind: 'already_rerunning';
      of: Job;
      rerun: Job | undefined;
      rerunRequestId: string;
      by?: string;
    }
  /**
   * Someone already reran this finished job and that rerun (or the last rerun of the chain it
   * started) has ended: `latest` is where the chain stands now.
   */
  | { kind: 'already_rerun'; of: Job; latest: Job; by?: string }
  /** `watch` of an ATS job the bot already follows. */
  | { kind: 'already_following'; job: Job }
  /** `fromElsewhere`: shown to its requester alone, outside the job's channel. */
  | { kind: 'job_status'; job: Job; fromElsewhere?: boolean }
  | { kind: 'channel_status'; channelId: string; jobs: Job[] }
  | { kind: 'catalog'; templates: TemplateEntry[] }
  /**
   * `/ats history`: the template's trend over `days` days. `capped`: the period had more records
   * than one answer reads ({@link TemplateTrend} is of the newest `recordsRead`).
   */
  | {
      kind: 'history';
      template: TemplateEntry;
      days: number;
      trend: TemplateTrend;
      recordsRead: number;
      capped: boolean;
    }
  | { kind: 'help'; templates: TemplateEntry[]; problem?: CommandProblem }
  | {
      kind: 'not_allowed';
      template: TemplateEntry;
      permitted: RunPermission;
      /** What was refused; a run when absent. */
      action?: 'run' | 'rerun';
      /** The bot's admins, who can help besides those permitted. */
      admins?: BotAdmins;
    }
  /** The access rule refused for another reason than the template's lists (see the refusal). */
  | {
      kind: 'access_refused';
      refusal: Exclude<AccessRefusal, { reason: 'not_found' | 'not_permitted' | 'check_failed' }>;
    }
  /** A start quota is used up; the refusal says when to try again. */
  | { kind: 'quota_exceeded'; refusal: QuotaRefusal }
  /** What a schedule command answered. */
  | { kind: 'schedules'; answer: ScheduleAnswer }
  /**
   * `/ats` or `/ats run` without a template: the templates this person may run here, each with
   * its last finished run (newest first within the catalog's order), for the run picker. From the
   * App Home (`chooseChannel`), those they may run in at least one channel, and the picker asks
   * for the channel (`channelId` is then their App Home conversation).
   */
  | {
      kind: 'run_picker';
      channelId: string;
      choices: PickerChoice[];
      now: number;
      chooseChannel?: boolean;
    }
  /** What `/ats digest` answered. */
  | { kind: 'digest'; answer: DigestAnswer }
  /** The request cannot be carried out; `message` is written for the person. */
  | { kind: 'refused'; code: string; message: string };

/** Why a command was not understood, and what may have been meant. */
export interface CommandProblem {
  code: CommandProblemCode | 'UNKNOWN_TEMPLATE';
  /** What was typed, cut for echoing back. */
  given: string;
  about?: string;
  /** A full command that is probably what was meant, e.g. `run smoke`. */
  suggestion?: string;
}

/** A template the run picker offers, with how its last run ended if the bot knows. */
export interface PickerChoice {
  template: TemplateEntry;
  /** The template's last finished run started here or elsewhere (attempt 0), if known. */
  last?: Job;
}

/** The job's requester from the request: who asked, and where to answer them. */
export function requester(ctx: RequestContext): Job['requester'] {
  return ctx.responseUrl
    ? { userId: ctx.userId, responseUrl: ctx.responseUrl }
    : { userId: ctx.userId };
}
