import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { DynamoJobStore } from './aws/dynamo-job-store';
import { DynamoQuotaStore } from './aws/dynamo-quota-store';
import { DynamoRunHistory } from './aws/dynamo-run-history';
import { DynamoScheduleStore } from './aws/dynamo-schedule-store';
import { createEmfBotMetrics } from './aws/emf-bot-metrics';
import { EventBridgePollScheduler, unqualifiedFunctionArn } from './aws/eventbridge-poll-scheduler';
import { EventBridgeRecurringScheduler } from './aws/eventbridge-recurring-scheduler';
import { handleHopQueueEvent, isSqsEvent } from './aws/hop-queue-events';
import { createSecretsLoader } from './aws/secrets';
import { SqsHopSender } from './aws/sqs-hop-sender';
import { secretsChanged, secretValuesToRedact } from './bot-secrets';
import { loadRuntimeConfig } from './config';
import type { RunHistory } from './core/history/ports';
import type { AppHome } from './core/home/app-home';
import type { JobLifecycle } from './core/lifecycle/lifecycle';
import type { ScheduleWorker } from './core/schedules/schedule-worker';
import { handleWorkerEvent, routeWorkerMessages, type WorkerHandler } from './core/worker';
import type { WorkerSecrets } from './env';
import { assembleHome } from './home-assembly';
import { boltLogger, createLogger, domainLog, redactSecrets } from './logger';
import { assembleScheduleWorker } from './schedule-assembly';
import { createSlackWebClient } from './slack/web-client';
import { assembleWorker } from './worker-assembly';

/*
 * Composition root of the job worker Lambda: invoked asynchronously by the ingress (start, rerun,
 * watch, sync_schedule) and by EventBridge Scheduler (poll, fire_schedule), and synchronously by
 * the hop queue's event source mapping (hop, in batches). Configuration is read
 * once per container and fails fast; the lifecycle (and the schedules' side, when deployed) is
 * built on the first event, once the secrets and the function's own ARN (the schedules' target)
 * are known, and rebuilt only when the secrets change.
 */

const config = loadRuntimeConfig(process.env, 'worker');
const logger = createLogger('job-worker');
const workerLog = domainLog(logger);
const metrics = createEmfBotMetrics(logger);
const loadSecrets = createSecretsLoader(config.secretArn, 'worker');
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const store = new DynamoJobStore(documentClient, config.jobsTableName);
const schedulerClient = new SchedulerClient({});
const hops = config.hopQueueUrl
  ? new SqsHopSender(new SQSClient({}), { queueUrl: config.hopQueueUrl })
  : undefined;

const history = config.historyTableName
  ? new DynamoRunHistory(documentClient, config.historyTableName)
  : undefined;

const scheduleStore = config.schedulesTableName
  ? new DynamoScheduleStore(documentClient, config.schedulesTableName)
  : undefined;
// Firings take their places in the start quotas as the ingress's commands do.
const quotaStore = config.quotasTableName
  ? new DynamoQuotaStore(documentClient, config.quotasTableName)
  : undefined;

let built: { secrets: WorkerSecrets; worker: WorkerHandler } | undefined;

function workerFor(secrets: WorkerSecrets, context: Context): WorkerHandler {
  if (built && !secretsChanged(built.secrets, secrets)) return built.worker;
  redactSecrets(secretValuesToRedact(secrets));
  const scheduler = new EventBridgePollScheduler(schedulerClient, {
    groupName: config.scheduleGroupName,
    targetArn: unqualifiedFunctionArn(context.invokedFunctionArn),
    roleArn: config.schedulerRoleArn,
    ...(config.pollDlqArn ? { deadLetterArn: config.pollDlqArn } : {}),
  });
  const lifecycle = assembleWorker({
    runtime: config,
    secrets,
    store,
    scheduler,
    ...(hops ? { hops } : {}),
    ...(history ? { history } : {}),
    logger,
    precisionMs: 60_000,
    metrics,
  });
  const worker = routeWorkerMessages(
    lifecycle,
    schedulesFor(secrets, unqualifiedFunctionArn(context.invokedFunctionArn), lifecycle),
    workerLog,
    history ? homeFor(secrets, history) : undefined,
  );
  built = { secrets, worker };
  return worker;
}

/** The App Home the worker publishes on `publish_home`, from run history and the jobs under way. */
function homeFor(secrets: WorkerSecrets, runs: RunHistory): AppHome {
  return assembleHome({
    runtime: config,
    webClient: createSlackWebClient(secrets.slackBotToken, {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      logger: boltLogger(logger),
      redact: secretValuesToRedact(secrets),
    }),
    history: runs,
    jobs: store,
    logger,
  });
}

/**
 * The worker side of schedules, when the stack deployed them (tables, group and role set): the
 * stack gives the worker the quotas table with the schedules, as firings are admitted by them.
 */
function schedulesFor(
  secrets: WorkerSecrets,
  workerArn: string,
  lifecycle: JobLifecycle,
): ScheduleWorker | undefined {
  const { recurringScheduleGroupName, recurringSchedulerRoleArn, firingDlqArn } = config;
  if (!scheduleStore || !quotaStore || !recurringScheduleGroupName || !recurringSchedulerRoleArn) {
    return undefined;
  }
  return assembleScheduleWorker({
    runtime: config,
    jobs: store,
    schedules: scheduleStore,
    quotaStore,
    recurring: new EventBridgeRecurringScheduler(schedulerClient, {
      groupName: recurringScheduleGroupName,
      targetArn: workerArn,
      roleArn: recurringSchedulerRoleArn,
      ...(firingDlqArn ? { deadLetterArn: firingDlqArn } : {}),
    }),
    webClient: createSlackWebClient(secrets.slackBotToken, {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      logger: boltLogger(logger),
      redact: secretValuesToRedact(secrets),
    }),
    beginJob: (message) => lifecycle.handle(message),
    logger,
    // A channel's digest is posted from the run history when its schedule fires.
    ...(history ? { history } : {}),
  });
}

/**
 * Lambda handler for worker messages (`start`, `rerun`, `watch`, `poll`, `sync_schedule`,
 * `fire_schedule`) and batches of the hop queue (`hop`). A malformed message is logged and
 * dropped; store, scheduler or Slack trouble is thrown so that Lambda (async invoke) or Scheduler
 * (retry policy, then the dead-letter queue) delivers the message again. A hop that fails is
 * reported as a batch item failure instead, so that SQS delivers that one again.
 */
export const handler = async (
  event: unknown,
  context: Context,
): Promise<SQSBatchResponse | undefined> => {
  logger.addContext(context);
  const worker = workerFor(await loadSecrets(), context);
  if (isSqsEvent(event)) return handleHopQueueEvent(event, (hop) => worker.handle(hop), workerLog);
  await handleWorkerEvent(worker, event, workerLog);
  return undefined;
};
