import {
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';

/** How Scheduler retries a delivery to the worker. */
export interface SchedulerRetry {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
}

/** Where the bot's schedules go, and how Scheduler retries them. */
export interface SchedulerTargetConfig {
  /** The bot's own schedule group, so its IAM policy can be limited to it. */
  groupName: string;
  /** ARN of the worker function (unqualified or with an alias). */
  targetArn: string;
  /** Role Scheduler assumes to invoke the worker. */
  roleArn: string;
  /** SQS queue receiving deliveries that failed every retry. */
  deadLetterArn?: string;
  retry?: SchedulerRetry;
}

/**
 * What the two EventBridge Scheduler adapters (one-time polls, recurring bot schedules) share: the
 * client and the group and target they schedule into, the worker as target, and requests whose
 * one expected refusal (a name that exists, a schedule already gone) is no error.
 */
export abstract class EventBridgeSchedules<Config extends SchedulerTargetConfig> {
  constructor(
    protected readonly client: SchedulerClient,
    protected readonly config: Config,
  ) {}

  /**
   * The worker as target with `input`, Scheduler's retry policy when `retry` is given, and the
   * dead-letter queue when one is configured.
   */
  protected target(input: string, retry?: SchedulerRetry): CreateScheduleCommandInput['Target'] {
    const { deadLetterArn } = this.config;
    return {
      Arn: this.config.targetArn,
      RoleArn: this.config.roleArn,
      Input: input,
      ...(retry
        ? {
            RetryPolicy: {
              MaximumRetryAttempts: retry.maximumRetryAttempts,
              MaximumEventAgeInSeconds: retry.maximumEventAgeInSeconds,
            },
          }
        : {}),
      ...(deadLetterArn ? { DeadLetterConfig: { Arn: deadLetterArn } } : {}),
    };
  }

  /**
   * Deletes the schedule `name` of the group; one that does not exist (fired and deleted itself,
   * removed before, never made) is no error.
   * @throws whatever Scheduler throws other than `ResourceNotFoundException`.
   */
  protected async deleteSchedule(name: string): Promise<void> {
    await sentUnless(
      'ResourceNotFoundException',
      this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.config.groupName })),
    );
  }
}

/**
 * Awaits a Scheduler request: true when it was done, false when Scheduler refused it with the
 * error named `refusal`.
 * @throws whatever else Scheduler throws.
 */
export async function sentUnless(refusal: string, request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === refusal) return false;
    throw error;
  }
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC. */
export function atExpression(epochMs: number): string {
  return `at(${new Date(epochMs).toISOString().slice(0, 19)})`;
}
