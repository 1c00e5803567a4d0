import type { DigestRequests } from '../digest/digest-requests';
import type { RunHistory } from '../history/ports';
import type { Clock, JobStore, WorkerInvoker } from '../ports';
import type { ScheduleRequests } from '../schedules/schedule-requests';
import type { BotAdmins, UserGroupDirectory, Watchers } from './access';
import type { TemplateEntry } from './catalog';
import type { StartQuotas } from './quotas';

/** What `JobRequests` (`./requests.ts`) needs. */
export interface JobRequestsDeps {
  store: JobStore;
  invoker: WorkerInvoker;
  clock: Clock;
  catalog: TemplateEntry[];
  /** Membership of user groups, asked only for templates restricted by group. */
  userGroups?: UserGroupDirectory;
  /** The schedule commands; without them, `/ats schedule` answers that scheduling is off. */
  schedules?: ScheduleRequests;
  /** `/ats digest`; without it (or without schedules) it answers that scheduling is off. */
  digests?: DigestRequests;
  /** Run history, read by `/ats history`; without it the command says history is not kept. */
  history?: RunHistory;
  /** The bot's admins (the `admins` setting); nobody when absent. */
  admins?: BotAdmins;
  /** Who may `/ats watch` (the `watchers` setting); anyone when absent. */
  watchers?: Watchers;
  /**
   * The start quotas every run, rerun and watch is admitted by. Every assembly passes them;
   * absent, nothing is limited (tests of other concerns).
   */
  quotas?: StartQuotas;
  /** Request ids for actions that have no trigger id; random by default. */
  newRequestId?: () => string;
  retentionDays?: number;
}
