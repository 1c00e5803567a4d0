import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import { DynamoJobStore } from './aws/dynamo-job-store';
import { DynamoQuotaStore } from './aws/dynamo-quota-store';
import { DynamoRunHistory } from './aws/dynamo-run-history';
import { DynamoScheduleStore } from './aws/dynamo-schedule-store';
import { createEmfBotMetrics } from './aws/emf-bot-metrics';
import { LambdaWorkerInvoker } from './aws/lambda-worker-invoker';
import { createSecretsLoader } from './aws/secrets';
import { secretsChanged, secretValuesToRedact } from './bot-secrets';
import { loadRuntimeConfig } from './config';
import type { IngressSecrets } from './env';
import { assembleIngress } from './ingress-assembly';
import { createLogger, redactSecrets } from './logger';
import type { SlackIngress } from './slack/bolt-app';

/*
 * Composition root of the Slack ingress Lambda (Function URL). Everything that does not depend on
 * the secrets is built once per container at load, failing fast on bad configuration; the Bolt
 * app is built on the first request, once the secrets are read, and again only if they change.
 */

const config = loadRuntimeConfig(process.env, 'ingress');
const logger = createLogger('slack-events');
const metrics = createEmfBotMetrics(logger);
const loadSecrets = createSecretsLoader(config.secretArn, 'ingress');
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const store = new DynamoJobStore(documentClient, config.jobsTableName);
const quotaStore = new DynamoQuotaStore(documentClient, config.quotasTableName);
const invoker = new LambdaWorkerInvoker(new LambdaClient({}), config.workerFunctionName);
const history = config.historyTableName
  ? new DynamoRunHistory(documentClient, config.historyTableName)
  : undefined;
const schedules = config.schedulesTableName
  ? { store: new DynamoScheduleStore(documentClient, config.schedulesTableName), invoker }
  : undefined;

let built: { secrets: IngressSecrets; ingress: SlackIngress } | undefined;

function ingressFor(secrets: IngressSecrets): SlackIngress {
  if (built && !secretsChanged(built.secrets, secrets)) return built.ingress;
  redactSecrets(secretValuesToRedact(secrets));
  const { ingress } = assembleIngress({
    runtime: config,
    secrets,
    store,
    quotaStore,
    invoker,
    // With run history deployed, the worker publishes App Homes: hand app_home_opened to it.
    ...(config.historyTableName ? { homeInvoker: invoker } : {}),
    ...(schedules ? { schedules } : {}),
    ...(history ? { history } : {}),
    logger,
  });
  built = { secrets, ingress };
  return ingress;
}

/**
 * Lambda handler (two arguments, promise-based) for Slack's slash commands and interactivity.
 * @throws ConfigError / SecretsUnavailableError when the secret cannot be read or is incomplete
 *   (Lambda then answers 502 and Slack shows an error; the log says which key is wrong).
 */
export const handler = async (event: AwsEvent, context: Context): Promise<AwsResponse> => {
  const receivedAt = performance.now();
  logger.addContext(context);
  const ingress = ingressFor(await loadSecrets());
  const response = await ingress.handler(event, context);
  // What Slack waits for, less the network and a cold start's init (Lambda reports that one).
  metrics.acknowledged(performance.now() - receivedAt);
  return response;
};
