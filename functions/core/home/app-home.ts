import {
  groupRuns,
  type HistoryRun,
  type PassRate,
  passRateOf,
  periodsEnding,
  verdictStrip,
} from '../history/history-stats';
import type { RunHistory } from '../history/ports';
import type { RunVerdict } from '../history/run-record';
import type { Clock, HomeMessage, JobStore } from '../ports';
import type { AccessPolicy } from '../requests/access';
import { mergeRecentJobs, type RecentJob, unrecordedJobs } from './recent-jobs';
import { type RunnableTemplate, type RunnableWhere, runnableTemplates } from './runnable-templates';

/** Days the Home's pass rates and strips cover. */
export const HOME_DAYS = 30;
/**
 * Templates a Home lists; the rest are counted (`/ats list` shows them). Two blocks each keep the
 * view within Slack's 100 blocks with room for the header and the person's jobs.
 */
export const MAX_HOME_TEMPLATES = 40;
/** The person's own recent jobs a Home lists, those under way and finished ones together. */
export const RECENT_JOBS = 8;
/**
 * The person's latest jobs (by when they were asked for) and finished runs the Home reads to find
 * their jobs under way: a job under way is shown unless they started this many others since.
 */
export const JOBS_LOOKED_AT = 3 * RECENT_JOBS;
/**
 * Records read per template for its 30 days (newest first): a bound on the read whatever the
 * template's pace. A template run more often than this in 30 days shows its latest runs.
 */
export const MAX_RECORDS_PER_TEMPLATE = 500;

/** One template on a person's Home, with its last 30 days. */
export interface HomeTemplate {
  template: RunnableTemplate['template'];
  where: RunnableWhere;
  /** Its newest run within the period; absent when none. */
  last?: HistoryRun;
  passRate: PassRate;
  /** Verdicts of its last runs, oldest first. */
  strip: RunVerdict[];
}

/** Everything one person's App Home shows. */
export interface HomeContent {
  userId: string;
  /** Their App Home conversation (D…): where the Home's **Run** asks what holds anywhere. */
  homeChannelId: string;
  /** When it was computed (epoch ms). */
  now: number;
  days: number;
  /** Templates the person may run somewhere, in catalog order. */
  templates: HomeTemplate[];
  /** Templates they may run beyond {@link MAX_HOME_TEMPLATES}. */
  moreTemplates: number;
  /**
   * Their own latest jobs (runs and reruns), one line each, newest first: those under way, then
   * the finished ones ({@link mergeRecentJobs}).
   */
  recentJobs: RecentJob[];
  /**
   * True when run history could not be read: the templates are shown without their figures and
   * the person's jobs without their finished ones.
   */
  historyUnavailable: boolean;
  /**
   * True when the person's jobs under way could not be read (their latest jobs or those jobs):
   * only their finished jobs are listed. An embedded store in a `DATA_DIR` created before the
   * jobs table had its index of each person's jobs never reads them.
   */
  jobsUnderWayUnavailable: boolean;
}

/** Publishes a Home to Slack (`views.publish`); republishing the same person's Home replaces it. */
export interface HomeViews {
  /**
   * @throws when Slack refuses or cannot be reached (the worker's retry publishes again).
   */
  publish(home: HomeContent): Promise<void>;
}

/** Where {@link AppHome} reports what it left out. */
export interface HomeLog {
  warn(message: string, extra?: object): void;
}

/** What {@link AppHome} needs. */
export interface AppHomeDeps {
  access: AccessPolicy;
  history: RunHistory;
  /** The person's latest jobs (the jobs table's index of them), and each one's state. */
  jobs: Pick<JobStore, 'latestOfUser' | 'get'>;
  views: HomeViews;
  clock: Clock;
  log: HomeLog;
}

/**
 * A person's App Home: the templates the access rule lets them run in at least one channel
 * ({@link runnableTemplates}), each with its last verdict, pass rate and verdict strip over
 * {@link HOME_DAYS} days (the history statistics), and their own recent jobs, under way and
 * finished. Computed and published by the worker on each `app_home_opened`, so it is never older
 * than the last opening; publishing is idempotent, so a redelivered event only publishes the same
 * view again.
 */
export class AppHome {
  constructor(private readonly deps: AppHomeDeps) {}

  /** Computes and publishes the Home of the message's person. @throws what publishing throws. */
  async handle(message: HomeMessage): Promise<void> {
    const home = await this.contentFor(message.userId, message.channelId);
    await this.deps.views.publish(home);
  }

  /** What the person's Home shows now. Never throws: history trouble only leaves figures out. */
  async contentFor(userId: string, homeChannelId: string): Promise<HomeContent> {
    const now = this.deps.clock.now();
    const runnable = await runnableTemplates(this.deps.access, userId, homeChannelId);
    const shown = runnable.slice(0, MAX_HOME_TEMPLATES);
    const { current } = periodsEnding(now, HOME_DAYS);
    const failed = { history: false, jobsUnderWay: false };
    const unavailable =
      (part: keyof typeof failed, what: string) =>
      (error: unknown): [] => {
        failed[part] = true;
        this.deps.log.warn(`Home: ${what} could not be read`, {
          error: error instanceof Error ? error.message : String(error),
        });
        return [];
      };
    const [perTemplate, finished, latest] = await Promise.all([
      Promise.all(
        shown.map(({ template }) =>
          this.deps.history
            .runsOfTemplate(template.templateId, current, MAX_RECORDS_PER_TEMPLATE)
            .catch(unavailable('history', 'template history')),
        ),
      ),
      this.deps.history
        .recentRunsOfUser(userId, JOBS_LOOKED_AT)
        .catch(unavailable('history', 'recent jobs')),
      this.deps.jobs
        .latestOfUser(userId, JOBS_LOOKED_AT)
        .catch(unavailable('jobsUnderWay', 'latest jobs')),
    ]);
    const unrecorded = await unrecordedJobs(this.deps.jobs, latest, finished).catch(
      unavailable('jobsUnderWay', 'jobs under way'),
    );
    const templates = shown.map(({ template, where }, i): HomeTemplate => {
      const runs = groupRuns(perTemplate[i] ?? []);
      const last = runs[0];
      return {
        template,
        where,
        ...(last ? { last } : {}),
        passRate: passRateOf(runs),
        strip: verdictStrip(runs),
      };
    });
    return {
      userId,
      homeChannelId,
      now,
      days: HOME_DAYS,
      templates,
      moreTemplates: runnable.length - shown.length,
      recentJobs: mergeRecentJobs(unrecorded, finished, RECENT_JOBS),
      historyUnavailable: failed.history,
      jobsUnderWayUnavailable: failed.jobsUnderWay,
    };
  }
}
