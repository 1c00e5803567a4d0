import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from '../nag-acknowledgements';
import type { StageNames } from '../stage-names';

/** Settings of {@link BotAlarms}. */
export interface BotAlarmsProps {
  /** Names of the stage's alarms and alarm topic. */
  readonly names: StageNames;
  readonly ingress: IFunction;
  readonly worker: IFunction;
  readonly pollDeadLetterQueue: IQueue;
  readonly failedInvocationQueue: IQueue;
  /** Dead-letter queue of the hop queue. */
  readonly hopDeadLetterQueue: IQueue;
  /** Dead-letter queue of schedule firings, when scheduled runs are deployed. */
  readonly firingDeadLetterQueue?: IQueue;
  /** Subscribe this address to an SNS topic the alarms notify; no topic without it. */
  readonly alarmEmail?: string;
}

/**
 * CloudWatch alarms on everything that means a person did not get an answer: a function
 * error in the ingress or the worker, and the first message in any dead-letter queue.
 * Each alarm fires on one occurrence (threshold 1 over 5 minutes); with `alarmEmail` they
 * notify an SNS topic with that e-mail subscribed.
 */
export class BotAlarms extends Construct {
  /**
   * Ingress errors, worker errors, poll dead letters, failed worker invocations, hop dead letters,
   * firing dead letters.
   */
  readonly alarms: readonly Alarm[];
  /** Present only when an alarm e-mail is configured. */
  readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: BotAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    this.alarms = [
      atLeastOne(this, props.names, 'IngressErrors', props.ingress.metricErrors({ period }), {
        description:
          'The Slack ingress function failed: people may have seen "operation_timeout" or no answer.',
      }),
      atLeastOne(this, props.names, 'WorkerErrors', props.worker.metricErrors({ period }), {
        description:
          'The job worker failed an invocation; Lambda retries twice before the failed-invocation queue.',
      }),
      atLeastOne(
        this,
        props.names,
        'PollDeadLetters',
        props.pollDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: 'Maximum',
        }),
        {
          description:
            'EventBridge Scheduler could not deliver a poll to the worker: a job stopped being watched.',
        },
      ),
      atLeastOne(
        this,
        props.names,
        'FailedWorkerInvocations',
        props.failedInvocationQueue.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: 'Maximum',
        }),
        {
          description:
            'A worker invocation failed after all retries: a start, rerun or poll was dropped.',
        },
      ),
      atLeastOne(
        this,
        props.names,
        'HopDeadLetters',
        props.hopDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: 'Maximum',
        }),
        {
          description:
            'The worker failed a short hop three times: the poll behind it still checks the job, but the worker keeps failing.',
        },
      ),
      ...(props.firingDeadLetterQueue
        ? [
            atLeastOne(
              this,
              props.names,
              'FiringDeadLetters',
              props.firingDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
                period,
                statistic: 'Maximum',
              }),
              {
                description:
                  'EventBridge Scheduler could not deliver a schedule firing to the worker: a scheduled run did not start.',
              },
            ),
          ]
        : []),
    ];

    if (props.alarmEmail) {
      const topic = new Topic(this, 'AlarmTopic', {
        topicName: props.names.alarmTopicName,
        displayName: `ATS Slack bot alarms (${props.names.stage})`,
        enforceSSL: true,
      });
      topic.addSubscription(new EmailSubscription(props.alarmEmail));
      const action = new SnsAction(topic);
      for (const alarm of this.alarms) alarm.addAlarmAction(action);
      acknowledgeNagRule(
        topic,
        'SNS2',
        'Alarm notifications carry alarm names and states only, no job data or secrets; ' +
          'the AWS managed SNS key cannot be used by CloudWatch alarms and a customer ' +
          'managed key would cost more than the whole bot.',
      );
      this.topic = topic;
    }
  }
}

function atLeastOne(
  scope: Construct,
  names: StageNames,
  id: string,
  metric: IMetric,
  options: { description: string },
): Alarm {
  return new Alarm(scope, id, {
    alarmName: names.alarmName(id),
    metric,
    alarmDescription: options.description,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
