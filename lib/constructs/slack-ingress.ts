import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type FunctionUrl, FunctionUrlAuthType, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ingressEsbuildArgs } from '../../functions/slack/bolt-bundle/bolt-aliases';
import { BotFunction, type JobsTableAccess } from './bot-function';
import { type StageFunctionProps, stageFunctionProps } from './stage-function';

/**
 * What the ingress does with the jobs table: records new jobs and claims reruns (conditional
 * PutItem), reads a job, lists a channel's active jobs and finds a job by ATS job id.
 */
export const INGRESS_TABLE_ACCESS: JobsTableAccess = {
  items: ['GetItem', 'PutItem'],
  queryIndexes: ['byChannelActive', 'byAtsJobId'],
};

/**
 * Settings of {@link SlackIngress}: its secret holds the Slack signing secret and bot token,
 * nothing of ATS.
 */
export interface SlackIngressProps extends StageFunctionProps {
  /** The quota counters every start is admitted by. */
  readonly quotasTable: ITable;
  /** The worker the ingress hands slow work to (asynchronous invoke). */
  readonly worker: IFunction;
}

/**
 * Where Slack's requests arrive: the `slack-events` function (Bolt's AwsLambdaReceiver) behind
 * a Lambda function URL. The URL has no IAM auth because Slack cannot sign AWS requests; every
 * request is authenticated by Bolt with the Slack signing secret instead. The receiver does not
 * route by path, so the bare function URL serves slash commands and interactivity alike.
 */
export class SlackIngress extends Construct {
  /** The `slack-events` function. */
  readonly fn: BotFunction;
  /** Its public URL, the one to paste in the Slack app. */
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, props: SlackIngressProps) {
    super(scope, id);
    const { config } = props;
    this.fn = new BotFunction(this, 'Function', {
      ...stageFunctionProps(props, 'slack-events'),
      description: 'ATS Slack bot ingress: verifies Slack requests, records jobs, acks in < 3 s',
      // More memory means more CPU: a faster cold start matters for Slack's 3-second limit.
      memorySize: 1024,
      // Slack gives up after 3 s; the margin covers a cold start reading the secret.
      timeout: Duration.seconds(10),
      // Leaves out what Bolt loads but the Lambda receiver never uses (see functions/slack/bolt-bundle/bolt-aliases.ts).
      esbuildArgs: ingressEsbuildArgs(),
      reservedConcurrentExecutions: config.ingressReservedConcurrency,
    });
    this.fn
      .bindJobsTable(props.table, INGRESS_TABLE_ACCESS)
      .bindQuotasTable(props.quotasTable)
      .bindSecret(props.secret)
      .bindWorker(props.worker)
      .addSettings({
        atsBaseUrl: config.atsBaseUrl,
        atsAppId: config.atsAppId,
        atsJobUrlTemplate: config.atsJobUrlTemplate,
        atsTimeoutMs: config.atsTimeoutMs,
        // The ingress records jobs, so it sets their expiry too.
        retentionDays: config.retentionDays,
        // The access rule and the quotas are applied where requests arrive.
        admins: config.admins.length > 0 ? config.admins.join(',') : undefined,
        watchers: config.watchers,
        startsPerUser: config.startsPerUser,
        startWindowMinutes: config.startWindowMinutes,
        activeJobsPerChannel: config.activeJobsPerChannel,
      });
    this.url = this.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
  }
}
