import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { DynamoJobStore } from './aws/dynamo-job-store';
import { createEmfBotMetrics } from './aws/emf-bot-metrics';
import { EventBridgePollScheduler, unqualifiedFunctionArn } from './aws/eventbridge-poll-scheduler';
import { createSecretsLoader } from './aws/secrets';
import { secretsChanged, secretValuesToRedact } from './bot-secrets';
import { loadRuntimeConfig } from './config';
import type { JobLifecycle } from './core/lifecycle/lifecycle';
import { handleWorkerEvent } from './core/worker';
import type { BotSecrets } from './env';
import { createLogger, domainLog, redactSecrets } from './logger';
import { assembleWorker } from './worker-assembly';

/*
 * Composition root of the job worker Lambda: invoked asynchronously by the ingress (start, rerun,
 * watch) and by EventBridge Scheduler (poll). Configuration is read once per container and fails
 * fast; the lifecycle is built on the first event, once the secrets and the function's own ARN
 * (the poll schedules' target) are known, and rebuilt only when the secrets change.
 */

const config = loadRuntimeConfig(process.env, 'worker');
const logger = createLogger('job-worker');
const workerLog = domainLog(logger);
const metrics = createEmfBotMetrics(logger);
const loadSecrets = createSecretsLoader(config.secretArn);
const store = new DynamoJobStore(
  DynamoDBDocumentClient.from(new DynamoDBClient({})),
  config.jobsTableName,
);
const schedulerClient = new SchedulerClient({});

let built: { secrets: BotSecrets; lifecycle: JobLifecycle } | undefined;

function lifecycleFor(secrets: BotSecrets, context: Context): JobLifecycle {
  if (built && !secretsChanged(built.secrets, secrets)) return built.lifecycle;
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
    logger,
    precisionMs: 60_000,
    metrics,
  });
  built = { secrets, lifecycle };
  return lifecycle;
}

/**
 * Lambda handler for worker messages (`start`, `rerun`, `watch`, `poll`). A malformed message is
 * logged and dropped; store, scheduler or Slack trouble is thrown so that Lambda (async invoke)
 * or Scheduler (retry policy, then the dead-letter queue) delivers the message again.
 */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  const lifecycle = lifecycleFor(await loadSecrets(), context);
  await handleWorkerEvent(lifecycle, event, workerLog);
};
