import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from '../nag-acknowledgements';
import { BotFunction, type JobsTableAccess } from './bot-function';
import { chartRendererFiles } from './chart-renderer-files';
import { HopQueue } from './hop-queue';
import { schedulerRole } from './scheduler-role';
import { type StageFunctionProps, stageFunctionProps } from './stage-function';

/**
 * What the worker does with the jobs table (see `functions/aws/dynamo-job-store.ts`): reads a
 * job, creates and replaces jobs (conditional PutItem), finds a job by ATS job id, reads a
 * template's finished runs to learn expected durations and lists a person's latest jobs, for
 * their App Home.
 */
export const WORKER_TABLE_ACCESS: JobsTableAccess = {
  items: ['GetItem', 'PutItem'],
  queryIndexes: ['byAtsJobId', 'byTemplateFinished', 'byUserCreated'],
};

/** Settings of {@link JobWorker}: its secret holds the Slack bot token and the ATS credentials. */
export type JobWorkerProps = StageFunctionProps;

/**
 * Memory of the worker function: plenty for SOAP and Slack calls on arm64, and enough for the
 * largest ATS answer it reads (`npm run test:reliability` parses the worst ones under it).
 */
export const JOB_WORKER_MEMORY_MB = 512;

/**
 * The job worker and everything its scheduled polls need: the function (start, rerun, watch,
 * poll), the EventBridge Scheduler group its one-time poll schedules live in, the role
 * Scheduler assumes to invoke it, and the two queues where failed work ends up:
 *
 * - `pollDeadLetterQueue`: Scheduler could not deliver a poll after all its retries
 *   (each schedule's DeadLetterConfig names it).
 * - `failedInvocationQueue`: the worker itself failed an asynchronous invocation (from the
 *   ingress or from a schedule) after Lambda's 2 retries (on-failure destination).
 * - `hops.deadLetterQueue`: a short hop the worker failed to handle three times.
 *
 * and the SQS queue that carries its short hops back to it (`hops`).
 */
export class JobWorker extends Construct {
  /** The `job-worker` function. */
  readonly fn: BotFunction;
  /** Group `AtsSlackBot-<stage>-polls` holding the one-time poll schedules. */
  readonly scheduleGroup: ScheduleGroup;
  /** Role EventBridge Scheduler assumes; it may invoke the worker and nothing else. */
  readonly schedulerRole: Role;
  /** Dead-letter queue of poll schedules Scheduler could not deliver. */
  readonly pollDeadLetterQueue: Queue;
  /** On-failure destination of worker invocations that failed every retry. */
  readonly failedInvocationQueue: Queue;
  /** The hop queue, its event source mapping and its dead-letter queue. */
  readonly hops: HopQueue;

  constructor(scope: Construct, id: string, props: JobWorkerProps) {
    super(scope, id);
    const { config, names } = props;

    this.pollDeadLetterQueue = deadLetterQueue(this, 'PollDeadLetterQueue');
    this.failedInvocationQueue = deadLetterQueue(this, 'FailedInvocationQueue');

    this.fn = new BotFunction(this, 'Function', {
      ...stageFunctionProps(props, 'job-worker'),
      filesBesideBundle: chartRendererFiles(),
      description: 'ATS Slack bot worker: starts, reruns and polls ATS jobs, posts results',
      memorySize: JOB_WORKER_MEMORY_MB,
      timeout: workerTimeout(config.atsStartTimeoutMs),
      onFailure: new SqsDestination(this.failedInvocationQueue),
      retryAttempts: 2,
      reservedConcurrentExecutions: config.workerReservedConcurrency,
    });

    this.scheduleGroup = new ScheduleGroup(this, 'PollScheduleGroup', {
      scheduleGroupName: names.scheduleGroupName,
      // Only in-flight one-time polls live here; they are worthless once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.schedulerRole = schedulerRole(this, 'SchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to deliver poll messages to the job worker',
      group: this.scheduleGroup,
      target: this.fn,
      deadLetterQueue: this.pollDeadLetterQueue,
    });

    this.hops = new HopQueue(this, 'Hops', {
      worker: this.fn,
      deadLetterQueue: deadLetterQueue(this, 'HopDeadLetterQueue'),
    });

    this.fn
      .bindJobsTable(props.table, WORKER_TABLE_ACCESS)
      .bindSecret(props.secret)
      .bindPollScheduling(this.scheduleGroup, this.schedulerRole, this.pollDeadLetterQueue)
      .addSettings({
        atsBaseUrl: config.atsBaseUrl,
        atsAppId: config.atsAppId,
        atsJobUrlTemplate: config.atsJobUrlTemplate,
        atsTimeoutMs: config.atsTimeoutMs,
        atsStartTimeoutMs: config.atsStartTimeoutMs,
        atsJobCap: config.atsJobCap,
        atsSlotHoldHours: config.atsSlotHoldHours,
        pollLimitHours: config.pollLimitHours,
        unreachableAfterMinutes: config.unreachableAfterMinutes,
        hopWindowSeconds: config.hopWindowSeconds,
        hopRampSeconds: config.hopRampSeconds,
        retentionDays: config.retentionDays,
        // Problems only an admin can fix are sent to them as direct messages.
        admins: config.admins.length > 0 ? config.admins.join(',') : undefined,
      });
  }
}

/**
 * Time the worker may run: one RunJob or RerunNotPassed at its full timeout (the slowest step),
 * plus what may come before it in the same invocation (a poll's two GetJobStatus calls and the
 * outcome, when a finished job starts its automatic rerun) and the Slack and DynamoDB calls
 * around it. The start watchdog's margin (LifecycleSettings.watchdogMarginMs, 60 s) is at least
 * this margin, so it never takes over a start whose worker may still be running.
 */
export function workerTimeout(atsStartTimeoutMs: number): Duration {
  return Duration.seconds(Math.ceil(atsStartTimeoutMs / 1000) + WORKER_MARGIN_SECONDS);
}

/** What a worker invocation needs besides its one slow ATS call. */
const WORKER_MARGIN_SECONDS = 60;

/** A queue that only ever receives failed work: encrypted, TLS only, kept 14 days. */
function deadLetterQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledgeNagRule(
    queue,
    'SQS3',
    'This queue is itself a dead-letter queue (Scheduler DeadLetterConfig, the Lambda ' +
      "on-failure destination or the hop queue's redrive policy); an alarm fires on its first message.",
  );
  return queue;
}
