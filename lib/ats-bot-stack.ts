import {
  Aws,
  CfnOutput,
  CfnRule,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { BotConfig } from './config';
import { BotAlarms } from './constructs/bot-alarms';
import { BotDashboard } from './constructs/bot-dashboard';
import { BotSecret } from './constructs/bot-secret';
import { JobWorker } from './constructs/job-worker';
import { QuotaStorage } from './constructs/quota-storage';
import { RunHistoryStorage } from './constructs/run-history';
import { ScheduledRuns } from './constructs/scheduled-runs';
import { SlackIngress } from './constructs/slack-ingress';
import { JobsStorage } from './constructs/storage';
import { assertSupportedRegion, supportedRegions } from './regions';
import { type StageNames, stageNames } from './stage-names';

/** Where to paste the `SlackRequestUrl` output in the Slack app settings. */
export const SLACK_URL_INSTRUCTIONS =
  'Paste SlackRequestUrl into Slash Commands → /ats → Request URL, Interactivity & ' +
  'Shortcuts → Request URL and Event Subscriptions → Request URL (the same URL for all three)';

/** Settings of {@link AtsBotStack}. */
export interface AtsBotStackProps extends StackProps {
  /**
   * Validated configuration (see `loadBotConfig`). Its `stage` names the stack's resources
   * (`lib/stage-names.ts`); the stack's own name is given by the caller (`bin/ats-bot.ts` uses
   * the stage's, `AtsSlackBot-<stage>`).
   */
  readonly config: BotConfig;
}

/**
 * The whole bot: jobs and quotas tables, a secret for each function, job worker (with its
 * schedule group, scheduler role and dead-letter queues), Slack ingress behind a function URL, alarms and a dashboard. The stack only wires
 * the constructs together and prints what the person deploying needs next.
 */
export class AtsBotStack extends Stack {
  /** The constructs, exposed for tests and for outputs. */
  readonly storage: JobsStorage;
  readonly quotas: QuotaStorage;
  /** The ingress's own secret (Slack signing secret, bot token). */
  readonly ingressSecret: BotSecret;
  /** The worker's own secret (Slack bot token, ATS credentials). */
  readonly workerSecret: BotSecret;
  readonly worker: JobWorker;
  readonly ingress: SlackIngress;
  readonly scheduledRuns: ScheduledRuns;
  readonly history: RunHistoryStorage;
  readonly alarms: BotAlarms;
  readonly dashboard: BotDashboard;
  /** The names of this stage's resources. */
  readonly names: StageNames;

  /** @throws UnsupportedRegionError when the stack's region is known and cannot run the bot. */
  constructor(scope: Construct, id: string, props: AtsBotStackProps) {
    super(scope, id, props);
    this.refuseUnsupportedRegion();
    const { config } = props;
    const names = stageNames(config.stage);
    this.names = names;
    const removalPolicy =
      config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.storage = new JobsStorage(this, 'Storage', { tableName: names.tableName, removalPolicy });
    this.quotas = new QuotaStorage(this, 'Quotas', { tableName: names.quotasTableName });
    this.ingressSecret = new BotSecret(this, 'IngressSecret', {
      holder: 'ingress',
      existingSecretArn: config.existingIngressSecretArn,
      secretName: names.secretName('ingress'),
      removalPolicy,
    });
    this.workerSecret = new BotSecret(this, 'WorkerSecret', {
      holder: 'worker',
      existingSecretArn: config.existingWorkerSecretArn,
      secretName: names.secretName('worker'),
      removalPolicy,
    });
    this.worker = new JobWorker(this, 'Worker', {
      config,
      names,
      table: this.storage.table,
      secret: this.workerSecret.secret,
      removalPolicy,
    });
    this.ingress = new SlackIngress(this, 'Ingress', {
      config,
      names,
      table: this.storage.table,
      quotasTable: this.quotas.table,
      secret: this.ingressSecret.secret,
      worker: this.worker.fn,
      removalPolicy,
    });
    this.scheduledRuns = new ScheduledRuns(this, 'ScheduledRuns', {
      config,
      names,
      worker: this.worker.fn,
      ingress: this.ingress.fn,
      quotasTable: this.quotas.table,
      removalPolicy,
    });
    this.history = new RunHistoryStorage(this, 'History', {
      config,
      names,
      worker: this.worker.fn,
      ingress: this.ingress.fn,
      removalPolicy,
    });
    this.alarms = new BotAlarms(this, 'Alarms', {
      names,
      ingress: this.ingress.fn,
      worker: this.worker.fn,
      pollDeadLetterQueue: this.worker.pollDeadLetterQueue,
      failedInvocationQueue: this.worker.failedInvocationQueue,
      hopDeadLetterQueue: this.worker.hops.deadLetterQueue,
      firingDeadLetterQueue: this.scheduledRuns.deadLetterQueue,
      alarmEmail: config.alarmEmail,
    });
    this.dashboard = new BotDashboard(this, 'Dashboard', {
      names,
      ingress: this.ingress.fn,
      worker: this.worker.fn,
      pollDeadLetterQueue: this.worker.pollDeadLetterQueue,
      failedInvocationQueue: this.worker.failedInvocationQueue,
      hopQueue: this.worker.hops.queue,
      hopDeadLetterQueue: this.worker.hops.deadLetterQueue,
      alarms: this.alarms.alarms,
    });

    new CfnOutput(this, 'SlackRequestUrl', {
      value: this.ingress.url.url,
      description: SLACK_URL_INSTRUCTIONS,
    });
    new CfnOutput(this, 'SlackRequestUrlWhereToPaste', { value: SLACK_URL_INSTRUCTIONS });
    new CfnOutput(this, 'IngressSecretArn', {
      value: this.ingressSecret.secret.secretArn,
      description: this.ingressSecret.created
        ? 'Fill with: aws secretsmanager put-secret-value --secret-id <this ARN> --secret-string file://ingress-secret.json'
        : 'The existing secret named in configuration (existingIngressSecretArn)',
    });
    new CfnOutput(this, 'WorkerSecretArn', {
      value: this.workerSecret.secret.secretArn,
      description: this.workerSecret.created
        ? 'Fill with: aws secretsmanager put-secret-value --secret-id <this ARN> --secret-string file://worker-secret.json'
        : 'The existing secret named in configuration (existingWorkerSecretArn)',
    });
    new CfnOutput(this, 'JobsTableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'ScheduleGroupName', {
      value: this.worker.scheduleGroup.scheduleGroupName,
    });
    new CfnOutput(this, 'SchedulesTableName', { value: this.scheduledRuns.table.tableName });
    new CfnOutput(this, 'RecurringScheduleGroupName', {
      value: this.scheduledRuns.group.scheduleGroupName,
    });
    new CfnOutput(this, 'FiringDeadLetterQueueUrl', {
      value: this.scheduledRuns.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'PollDeadLetterQueueUrl', {
      value: this.worker.pollDeadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'FailedWorkerInvocationQueueUrl', {
      value: this.worker.failedInvocationQueue.queueUrl,
    });
    new CfnOutput(this, 'HopDeadLetterQueueUrl', {
      value: this.worker.hops.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'DashboardName', { value: names.dashboardName });
    if (this.alarms.topic) {
      new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    }
  }

  /**
   * A region without the secrets extension layer or function URLs is refused: at synth when the
   * region is known, otherwise by a template rule that stops the deployment before anything is
   * created, with the same list of regions.
   */
  private refuseUnsupportedRegion(): void {
    if (!Token.isUnresolved(this.region)) {
      assertSupportedRegion(this.region);
      return;
    }
    const regions = supportedRegions();
    new CfnRule(this, 'SupportedRegion', {
      assertions: [
        {
          assert: Fn.conditionContains(regions, Aws.REGION),
          assertDescription: `The ATS Slack bot needs the Parameters and Secrets Lambda Extension and Lambda function URLs; deploy to one of: ${regions.join(', ')}`,
        },
      ],
    });
  }
}
