import type { Logger } from '@aws-lambda-powertools/logger';
import { atsLinksOf } from './ats-links-assembly';
import { CronerCalendar } from './calendar/croner-calendar';
import type { RuntimeConfig } from './config';
import { DigestRequests } from './core/digest/digest-requests';
import type { RunHistory } from './core/history/ports';
import { HomePicker } from './core/home/home-picker';
import type { Clock, HomeInvoker, JobStore, ScheduleInvoker, WorkerInvoker } from './core/ports';
import type { QuotaStore } from './core/requests/quotas';
import { JobRequests } from './core/requests/requests';
import type { ScheduleStore } from './core/schedules/ports';
import { ScheduleRequests } from './core/schedules/schedule-requests';
import type { IngressSecrets } from './env';
import { boltLogger } from './logger';
import { requestRulesOf } from './request-rules';
import { scheduleSettingsOf } from './schedule-config';
import { type AppHomeListeners, createSlackIngress, type SlackIngress } from './slack/bolt-app';
import { SlackUserGroupDirectory } from './slack/user-group-directory';
import { SlackUserTimeZones } from './slack/user-time-zones';
import { createSlackWebClient } from './slack/web-client';

/** What the ingress is assembled from: configuration, secrets and the platform's plumbing. */
export interface IngressParts {
  runtime: RuntimeConfig;
  secrets: IngressSecrets;
  store: JobStore;
  /** The counters of the start quotas (the quotas table). */
  quotaStore: QuotaStore;
  /** Hands accepted requests to the worker: Lambda's asynchronous invoke, or in-process. */
  invoker: WorkerInvoker;
  /** Hands App Home openings to the worker (the same invoker); no App Home without. */
  homeInvoker?: HomeInvoker;
  /** The schedules' store and the hand-off of their changes: scheduled runs are off without. */
  schedules?: { store: ScheduleStore; invoker: ScheduleInvoker };
  /** Run history, read by `/ats history` (off without it). */
  history?: RunHistory;
  logger: Logger;
  clock?: Clock;
  /** Slack Web API base URL when it differs from the configured one (local playground). */
  slackApiUrl?: string;
  /** The bot's own ids when known without asking Slack (the local playground's bot). */
  botIdentity?: { botId: string; botUserId: string };
}

/** The assembled ingress. */
export interface AssembledIngress {
  /** The use cases behind `/ats` and the button, for any transport (Socket Mode too). */
  requests: JobRequests;
  /** Bolt's app and receiver answering Function URL events (the Lambda, local `/slack/events`). */
  ingress: SlackIngress;
  /** The App Home's listeners' parts, for any transport; absent without a Home invoker. */
  home?: AppHomeListeners;
}

/**
 * User group and time zone lookups run inside the request Slack waits 3 s for: one quick call, at
 * most one retry.
 */
const USER_GROUP_LOOKUP = { retries: 1, timeoutMs: 1_500 } as const;

/**
 * Builds the Slack ingress, the same way on AWS (`functions/slack-events.ts`) and in local mode,
 * so that the only difference between the two is the plumbing passed in.
 */
export function assembleIngress(parts: IngressParts): AssembledIngress {
  const { runtime, secrets } = parts;
  const slackApiUrl = parts.slackApiUrl ?? runtime.slackApiUrl;
  const logger = boltLogger(parts.logger);
  const groupsClient = createSlackWebClient(secrets.slackBotToken, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger,
    ...USER_GROUP_LOOKUP,
  });
  const clock = parts.clock ?? { now: () => Date.now() };
  const userGroups = new SlackUserGroupDirectory(groupsClient, { clock });
  const calendar = new CronerCalendar();
  const scheduleSettings = scheduleSettingsOf(runtime);
  // Same quick client: a person's zone is asked while Slack waits for the answer.
  const timeZones = new SlackUserTimeZones(groupsClient, { clock });
  const schedules = parts.schedules
    ? new ScheduleRequests({
        schedules: parts.schedules.store,
        jobs: parts.store,
        invoker: parts.schedules.invoker,
        clock,
        catalog: runtime.templates,
        calendar,
        settings: scheduleSettings,
        userGroups,
        timeZones,
      })
    : undefined;
  // A channel's digest is a schedule too: same store, hand-off, rule parser and quotas.
  const digests =
    parts.schedules && schedules
      ? new DigestRequests({
          schedules: parts.schedules.store,
          scheduleRequests: schedules,
          invoker: parts.schedules.invoker,
          clock,
          calendar,
          catalog: runtime.templates,
          settings: scheduleSettings,
          userGroups,
          timeZones,
        })
      : undefined;
  const requests = new JobRequests({
    store: parts.store,
    invoker: parts.invoker,
    clock,
    catalog: runtime.templates,
    userGroups,
    ...(schedules ? { schedules } : {}),
    ...(digests ? { digests } : {}),
    ...(parts.history ? { history: parts.history } : {}),
    retentionDays: runtime.retentionDays,
    ...requestRulesOf(runtime, { jobs: parts.store, quotaStore: parts.quotaStore, clock }),
  });
  const home: AppHomeListeners | undefined = parts.homeInvoker
    ? {
        invoker: parts.homeInvoker,
        picker: new HomePicker({ access: requests.access, store: parts.store, clock }),
      }
    : undefined;
  const ingress = createSlackIngress({
    signingSecret: secrets.slackSigningSecret,
    botToken: secrets.slackBotToken,
    ...(parts.botIdentity ?? {}),
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger,
    requests,
    ...(home ? { home } : {}),
    atsLinks: atsLinksOf(runtime),
  });
  return { requests, ingress, ...(home ? { home } : {}) };
}
