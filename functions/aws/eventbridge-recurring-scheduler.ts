import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { ScheduleMessage } from '../core/ports';
import type { RecurringScheduler } from '../core/schedules/ports';
import type { Schedule } from '../core/schedules/schedule';
import { awsCronOf } from '../core/schedules/schedule-rule';
import { atExpression } from './eventbridge-poll-scheduler';

/** Where firings go and how Scheduler retries them. */
export interface EventBridgeRecurringSchedulerConfig {
  /** The bot's group of recurring schedules, so its IAM policy can be limited to it. */
  groupName: string;
  /** ARN of the worker function. */
  targetArn: string;
  /** Role Scheduler assumes to invoke the worker. */
  roleArn: string;
  /** SQS queue receiving firings that failed every retry. */
  deadLetterArn?: string;
  /** Default: 5 attempts within an hour; a run much later than planned is worth nothing. */
  retry?: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
}

/** What Scheduler fills in with the time a firing was planned for (ISO 8601, UTC). */
export const SCHEDULED_TIME_ATTRIBUTE = '<aws.scheduler.scheduled-time>';

const DEFAULT_RETRY = { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3_600 };

/**
 * {@link RecurringScheduler} over EventBridge Scheduler: one recurring cron schedule per bot
 * schedule, named by its id, evaluated in the schedule's IANA zone, in the bot's own group. Its
 * target input carries the schedule id and Scheduler's `<aws.scheduler.scheduled-time>`, the key
 * that makes a firing start one job however often it is delivered.
 *
 * Scheduler skips a cron time that does not exist that day (daylight saving time starts), so
 * {@link skipsNonexistentTimes} is true and the domain books that run as a one-off `at()`
 * schedule in the same group, deleted by Scheduler after it fired.
 */
export class EventBridgeRecurringScheduler implements RecurringScheduler {
  readonly skipsNonexistentTimes = true;

  constructor(
    private readonly client: SchedulerClient,
    private readonly config: EventBridgeRecurringSchedulerConfig,
  ) {}

  /**
   * Creates the recurring schedule, or updates it when it exists (`ConflictException`): enabled
   * while the bot schedule is active, disabled while paused; deletes it once removed (a schedule
   * already gone is fine). Idempotent.
   * @throws whatever Scheduler throws otherwise (throttling, access denied).
   */
  async apply(schedule: Schedule): Promise<void> {
    if (schedule.state === 'removed') {
      try {
        await this.client.send(
          new DeleteScheduleCommand({
            Name: schedule.scheduleId,
            GroupName: this.config.groupName,
          }),
        );
      } catch (error) {
        if (!isNamed(error, 'ResourceNotFoundException')) throw error;
      }
      return;
    }
    const input = this.recurringInput(schedule);
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!isNamed(error, 'ConflictException')) throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  /**
   * Creates a one-off schedule firing the schedule at `at` (whole minute, UTC), named after both,
   * so booking it twice is a no-op (`ConflictException`).
   * @throws whatever Scheduler throws otherwise.
   */
  async bookExtraRun(scheduleId: string, at: Date): Promise<void> {
    const message: ScheduleMessage = {
      type: 'fire_schedule',
      scheduleId,
      scheduledTime: `${at.toISOString().slice(0, 19)}Z`,
    };
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: extraRunName(scheduleId, at),
          GroupName: this.config.groupName,
          ScheduleExpression: atExpression(at.getTime()),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: this.target(JSON.stringify(message)),
        }),
      );
    } catch (error) {
      if (!isNamed(error, 'ConflictException')) throw error;
    }
  }

  /** The exact CreateSchedule (and UpdateSchedule) request of a bot schedule. */
  recurringInput(schedule: Schedule): CreateScheduleCommandInput {
    const message = {
      type: 'fire_schedule',
      scheduleId: schedule.scheduleId,
      scheduledTime: SCHEDULED_TIME_ATTRIBUTE,
    } satisfies ScheduleMessage;
    return {
      Name: schedule.scheduleId,
      GroupName: this.config.groupName,
      ScheduleExpression: awsCronOf(schedule.rule),
      ScheduleExpressionTimezone: schedule.timeZone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: schedule.state === 'active' ? 'ENABLED' : 'DISABLED',
      Description: `ATS bot: ${schedule.templateAlias} in ${schedule.channelId}, set by ${schedule.ownerId}`,
      Target: this.target(JSON.stringify(message)),
    };
  }

  private target(input: string): CreateScheduleCommandInput['Target'] {
    const { deadLetterArn } = this.config;
    const retry = this.config.retry ?? DEFAULT_RETRY;
    return {
      Arn: this.config.targetArn,
      RoleArn: this.config.roleArn,
      Input: input,
      RetryPolicy: {
        MaximumRetryAttempts: retry.maximumRetryAttempts,
        MaximumEventAgeInSeconds: retry.maximumEventAgeInSeconds,
      },
      ...(deadLetterArn ? { DeadLetterConfig: { Arn: deadLetterArn } } : {}),
    };
  }
}

/** `<schedule id>.<yyyymmddhhmm>`: at most 60 characters of Scheduler's name alphabet. */
export function extraRunName(scheduleId: string, at: Date): string {
  return `${scheduleId}.${at.toISOString().slice(0, 16).replace(/[-T:]/g, '')}`;
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
