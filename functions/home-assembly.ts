import type { Logger } from '@aws-lambda-powertools/logger';
import type { WebClient } from '@slack/web-api';
import type { RuntimeConfig } from './config';
import type { RunHistory } from './core/history/ports';
import { AppHome } from './core/home/app-home';
import type { Clock, JobStore } from './core/ports';
import { botAdmins } from './core/requests/access';
import { domainLog } from './logger';
import { SlackHomeViews } from './slack/home-views';
import { SlackUserGroupDirectory } from './slack/user-group-directory';

/** What the worker's App Home is built from. */
export interface HomeParts {
  runtime: Pick<RuntimeConfig, 'templates' | 'admins' | 'watchers'>;
  /** The worker's Web API client (`views.publish`, `chat.getPermalink`, `usergroups.users.list`). */
  webClient: WebClient;
  history: RunHistory;
  /** The jobs table: the person's latest jobs, among which those under way. */
  jobs: Pick<JobStore, 'latestOfUser' | 'get'>;
  logger: Logger;
  clock?: Clock;
}

/**
 * Builds the App Home the worker publishes on `publish_home`, the same way on AWS and in local
 * mode: the one access rule over the deployment's catalog and admins, run history, the jobs under
 * way, and Slack.
 */
export function assembleHome(parts: HomeParts): AppHome {
  const clock = parts.clock ?? { now: () => Date.now() };
  const log = domainLog(parts.logger);
  return new AppHome({
    access: {
      catalog: parts.runtime.templates,
      admins: botAdmins(parts.runtime.admins),
      watchers: parts.runtime.watchers,
      userGroups: new SlackUserGroupDirectory(parts.webClient, { clock }),
    },
    history: parts.history,
    jobs: parts.jobs,
    views: new SlackHomeViews(parts.webClient, log),
    clock,
    log,
  });
}
