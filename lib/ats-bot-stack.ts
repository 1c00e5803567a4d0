import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { BotConfig } from './config';
import { BotAlarms } from './constructs/bot-alarms';
import { BotSecret } from './constructs/bot-secret';
import { JobWorker } from './constructs/job-worker';
import { SlackIngress } from './constructs/slack-ingress';
import { JobsStorage } from './constructs/storage';

/** Where to paste the `SlackRequestUrl` output in the Slack app settings. */
export const SLACK_URL_INSTRUCTIONS =
  'Paste SlackRequestUrl into Slash Commands → /ats → Request URL and Interactivity & ' +
  'Shortcuts → Request URL (the same URL for both)';

/** Settings of {@link AtsBotStack}. */
export interface AtsBotStackProps extends StackProps {
  /** Validated configuration (see `loadBotConfig`). */
  readonly config: BotConfig;
}

/**
 * The whole bot: jobs table, secret, job worker (with its schedule group, scheduler role and
 * dead-letter queues), Slack ingress behind a function URL, and alarms. The stack only wires
 * the constructs together and prints what the person deploying needs next.
 */
export class AtsBotStack extends Stack {
  /** The constructs, exposed for tests and for outputs. */
  readonly storage: JobsStorage;
  readonly secret: BotSecret;
  readonly worker: JobWorker;
  readonly ingress: SlackIngress;
  readonly alarms: BotAlarms;

  constructor(scope: Construct, id: string, props: AtsBotStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy =
      config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.storage = new JobsStorage(this, 'Storage', { removalPolicy });
    this.secret = new BotSecret(this, 'Secret', {
      existingSecretArn: config.existingSecretArn,
      removalPolicy,
    });
    this.worker = new JobWorker(this, 'Worker', {
      config,
      table: this.storage.table,
      secret: this.secret.secret,
      removalPolicy,
    });
    this.ingress = new SlackIngress(this, 'Ingress', {
      config,
      table: this.storage.table,
      secret: this.secret.secret,
      worker: this.worker.fn,
      removalPolicy,
    });
    this.alarms = new BotAlarms(this, 'Alarms', {
      ingress: this.ingress.fn,
      worker: this.worker.fn,
      pollDeadLetterQueue: this.worker.pollDeadLetterQueue,
      failedInvocationQueue: this.worker.failedInvocationQueue,
      alarmEmail: config.alarmEmail,
    });

    new CfnOutput(this, 'SlackRequestUrl', {
      value: this.ingress.url.url,
      description: SLACK_URL_INSTRUCTIONS,
    });
    new CfnOutput(this, 'SlackRequestUrlWhereToPaste', { value: SLACK_URL_INSTRUCTIONS });
    new CfnOutput(this, 'SecretArn', {
      value: this.secret.secret.secretArn,
      description: this.secret.created
        ? 'Fill with: aws secretsmanager put-secret-value --secret-id <this ARN> --secret-string file://secret.json'
        : 'The existing secret named in configuration (existingSecretArn)',
    });
    new CfnOutput(this, 'JobsTableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'ScheduleGroupName', {
      value: this.worker.scheduleGroup.scheduleGroupName,
    });
    new CfnOutput(this, 'PollDeadLetterQueueUrl', {
      value: this.worker.pollDeadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'FailedWorkerInvocationQueueUrl', {
      value: this.worker.failedInvocationQueue.queueUrl,
    });
    if (this.alarms.topic) {
      new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    }
  }
}
