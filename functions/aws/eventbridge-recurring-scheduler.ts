import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { ScheduleMessage } from '../core/ports';
import type { RecurringScheduler } from '../core/schedules/ports';
import type { Schedule } from '../core/schedules/schedule';
import { awsCronOf } from '../core/schedules/schedule-rule';
import {
  atExpression,
  EventBridgeSchedules,
  type SchedulerRetry,
  type SchedulerTargetConfig,
  sentUnless,
} from './eventbridge-schedules';

/**
 * Where firings go and how Scheduler retries them; `retry` defaults to 5 attempts within an hour,
 * as a run much later than planned is worth nothing.
 */
export type EventBridgeRecurringSchedulerConfig = SchedulerTargetConfig;

/** What Scheduler fills in with the time a firing was planned for (ISO 8601, UTC). */
export const SCHEDULED_TIME_ATTRIBUTE = '<aws.scheduler.scheduled-time>';

const DEFAULT_RETRY: SchedulerRetry = { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3_600 };

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
export class EventBridgeRecurringScheduler
  extends EventBridgeSchedules<EventBridgeRecurringSchedulerConfig>
  implements RecurringScheduler
{
  readonly skipsNonexistentTimes = true;

  /**
   * Creates the recurring schedule, or updates it when it exists (`ConflictException`): enabled
   * while the bot schedule is active, disabled while paused; deletes it once removed (a schedule
   * already gone is fine). Idempotent.
   * @throws whatever Scheduler throws otherwise (throttling, access denied).
   */
  async apply(schedule: Schedule): Promise<void> {
    if (schedule.state === 'removed') {
      await this.deleteSchedule(schedule.scheduleId);
      return;
    }
    const input = this.recurringInput(schedule);
    const create = this.client.send(new CreateScheduleCommand(input));
    // A schedule of this id exists already: it is updated in place.
    if (!(await sentUnless('ConflictException', create))) {
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
    await sentUnless(
      'ConflictException',
      this.client.send(
        new CreateScheduleCommand({
          Name: extraRunName(scheduleId, at),
          GroupName: this.config.groupName,
          ScheduleExpression: atExpression(at.getTime()),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: this.target(JSON.stringify(message), this.retry),
        }),
      ),
    );
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
      Target: this.target(JSON.stringify(message), this.retry),
    };
  }

  /** The configured retry policy, else {@link DEFAULT_RETRY}. */
  private get retry(): SchedulerRetry {
    return this.config.retry ?? DEFAULT_RETRY;
  }
}

/** `<schedule id>.<yyyymmddhhmm>`: at most 60 characters of Scheduler's name alphabet. */
export function extraRunName(scheduleId: string, at: Date): string {
  return `${scheduleId}.${at.toISOString().slice(0, 16).replace(/[-T:]/g, '')}`;
}
