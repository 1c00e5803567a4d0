import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoJobStore } from '../../functions/aws/dynamo-job-store';
import { JOBS_TABLE } from '../../functions/aws/jobs-table';
import { loadRuntimeConfig } from '../../functions/config';
import type { Job } from '../../functions/core/job';
import type { JobLifecycle } from '../../functions/core/lifecycle/lifecycle';
import { parseCatalog } from '../../functions/core/requests/catalog';
import type { WorkerSecrets } from '../../functions/env';
import {
  type SlackApiServer,
  type SlackFault,
  startSlackApiServer,
} from '../../functions/local/slack-api/slack-api-server';
import { createLogger } from '../../functions/logger';
import { assembleWorker } from '../../functions/worker-assembly';
import type { RunningDynalite } from './dynalite';
import { requestedJob } from './job-fixtures';
import { type LifecycleDrivers, lifecycleDrivers } from './lifecycle-drivers';
import { RecordingScheduler } from './recording-scheduler';
import { VirtualClock } from './virtual-clock';

/** The channel the jobs are requested in. */
export const WORKER_CHANNEL = 'C0000TESTS';

/** The worker exactly as a Lambda assembles it, over local stand-ins, in virtual time. */
export interface AssembledWorker extends LifecycleDrivers {
  clock: VirtualClock;
  store: DynamoJobStore;
  scheduler: RecordingScheduler;
  slack: SlackApiServer;
  lifecycle: JobLifecycle;
  /** Records a job the way the ingress does (a catalog alias, or an ATS job id to watch). */
  /** Records a request as the ingress does; with `responseUrl`, the command's `response_url`. */
  request(kind: 'run' | 'watch', what: string, responseUrl?: string): Promise<Job>;
  /** The job's item as DynamoDB holds it, and its size in bytes as DynamoDB counts it (about). */
  item(requestId: string): Promise<{ item: Record<string, unknown>; bytes: number }>;
  close(): Promise<void>;
}

/** Options of {@link startAssembledWorker}. */
export interface AssembledWorkerOptions {
  db: RunningDynalite;
  /** The ATS to talk to: the simulator's or a scripted server's base URL. */
  atsBaseUrl: string;
  /** Catalog entries (`ATS_TEMPLATES`). */
  catalog: object[];
  secrets: WorkerSecrets;
  /** A clock the ATS stand-in reads too; a new one unless given. */
  clock?: VirtualClock;
  /** Makes Slack calls fail as the injector says. */
  slackFaults?: (call: { method: string; seq: number }) => SlackFault | undefined;
  /** Members of the local Slack's user groups (`usergroups.users.list`). */
  slackUserGroups?: Record<string, string[]>;
  /** More of the worker's environment (`ATS_UNREACHABLE_AFTER_MINUTES`, …). */
  env?: Record<string, string>;
}

/**
 * Starts the worker of `functions/worker-assembly.ts` (real SOAP client, Slack notifier and
 * lifecycle) over DynamoJobStore on dynalite, the given ATS, and the local Slack Web API, with a
 * recording poll scheduler driven in virtual time. Close it in `afterAll`.
 */
export async function startAssembledWorker(
  options: AssembledWorkerOptions,
): Promise<AssembledWorker> {
  const clock = options.clock ?? new VirtualClock();
  const slack = await startSlackApiServer({
    ...(options.slackFaults ? { faultInjector: options.slackFaults } : {}),
    ...(options.slackUserGroups ? { userGroups: options.slackUserGroups } : {}),
  });
  const tableName = await options.db.createJobsTable();
  const store = new DynamoJobStore(options.db.doc, tableName);
  const scheduler = new RecordingScheduler(() => clock.now());
  const catalog = parseCatalog(options.catalog);
  const runtime = loadRuntimeConfig(
    { ATS_APP_ID: 'demo-app', ATS_TEMPLATES: JSON.stringify(options.catalog), ...options.env },
    'local',
  );
  const lifecycle = assembleWorker({
    runtime,
    secrets: options.secrets,
    store,
    scheduler,
    logger: createLogger('assembled-worker-test', 'ERROR'),
    clock,
    atsBaseUrl: options.atsBaseUrl,
    slackApiUrl: slack.url,
    precisionMs: 1_000,
  });
  let requests = 0;
  return {
    clock,
    store,
    scheduler,
    slack,
    lifecycle,
    ...lifecycleDrivers({ lifecycle, scheduler, clock, store }),
    async request(kind, what, responseUrl) {
      requests++;
      const requested = requestedJob({
        requestId: `req-${clock.now()}-${requests}`,
        kind,
        entry: catalog.find((e) => e.alias === what),
        typed: what,
        user: 'U0000ALICE',
        now: clock.now(),
      });
      const job = responseUrl
        ? { ...requested, requester: { ...requested.requester, responseUrl } }
        : requested;
      await store.create(job);
      return job;
    },
    async item(requestId) {
      const out = await options.db.doc.send(
        new GetCommand({ TableName: tableName, Key: { [JOBS_TABLE.partitionKey]: requestId } }),
      );
      const item = out.Item ?? {};
      return { item, bytes: Buffer.byteLength(JSON.stringify(item), 'utf8') };
    },
    close: () => slack.close(),
  };
}
