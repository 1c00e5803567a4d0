import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BotFunction } from './bot-function';

/** Settings of {@link HopQueue}. */
export interface HopQueueProps {
  /** The worker: it sends the hops and the queue's event source mapping hands them back to it. */
  readonly worker: BotFunction;
  /** A queue that only receives failed work (the worker's other dead-letter queues' kind). */
  readonly deadLetterQueue: Queue;
}

/** Receives of one hop before it goes to the dead-letter queue. */
export const HOP_MAX_RECEIVES = 3;

/** Hops handed to one worker invocation at most (each handled at once with the others). */
export const HOP_BATCH_SIZE = 10;

/**
 * The SQS queue that carries the worker's short hops back to it, to the second
 * (`functions/aws/sqs-hop-sender.ts`): a standard queue whose messages each carry their own
 * delay, an event source mapping that invokes the worker with them, and its dead-letter queue
 * for a hop that failed {@link HOP_MAX_RECEIVES} times. The worker may send to the queue and
 * consume it, with only the actions each needs.
 */
export class HopQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly eventSourceMapping: EventSourceMapping;

  constructor(scope: Construct, id: string, props: HopQueueProps) {
    super(scope, id);
    const { worker } = props;
    const timeout = worker.timeout ?? Duration.minutes(15);
    this.deadLetterQueue = props.deadLetterQueue;
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the worker's timeout, as Lambda advises for an event source mapping: a batch
      // that is still being handled is not delivered again meanwhile.
      visibilityTimeout: Duration.seconds(6 * timeout.toSeconds()),
      // A hop is worth nothing an hour on: by then its poll has long checked the job.
      retentionPeriod: Duration.hours(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: HOP_MAX_RECEIVES },
    });

    // Consuming: what the event source mapping does with the worker's role, and nothing more.
    worker.addToRolePolicy(
      new PolicyStatement({
        actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
        resources: [this.queue.queueArn],
      }),
    );
    this.eventSourceMapping = new EventSourceMapping(this, 'Events', {
      target: worker,
      eventSourceArn: this.queue.queueArn,
      batchSize: HOP_BATCH_SIZE,
      // The worker says which hops of a batch failed (`functions/aws/hop-queue-events.ts`).
      reportBatchItemFailures: true,
    });
    // The mapping is created only once the role may read the queue.
    const policy = worker.role?.node.tryFindChild('DefaultPolicy');
    if (policy) this.eventSourceMapping.node.addDependency(policy);
    worker.bindHopQueue(this.queue);
  }
}
