import { createHash } from 'node:crypto';
import { CreateScheduleCommand, type CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import type { PollRequest, PollScheduler, WorkerMessage } from '../core/ports';
import {
  atExpression,
  EventBridgeSchedules,
  type SchedulerTargetConfig,
  sentUnless,
} from './eventbridge-schedules';
import { nowBy, type WallClockConfig } from './wall-clock';

/**
 * Where scheduled polls go and how Scheduler retries them: no retry policy of the bot's own
 * unless `retry` is given.
 */
export type EventBridgePollSchedulerConfig = SchedulerTargetConfig & WallClockConfig;

/** Scheduler limits schedule names to 1-64 characters of this set. */
const NAME_PATTERN = /^[0-9a-zA-Z\-_.]{1,64}$/;
const MAX_NAME_LENGTH = 64;
const MINUTE_MS = 60_000;
/**
 * Least time between now and a schedule: a schedule landing on the current minute while the
 * request is in flight could already be in the past when Scheduler receives it.
 */
const MIN_LEAD_MS = 5_000;
/** Hex characters of the SHA-256 of a requestId kept in a name that could not hold it as is. */
const HASH_LENGTH = 16;

/**
 * {@link PollScheduler} over EventBridge Scheduler: one one-time `at()` schedule per poll, in UTC,
 * deleted by Scheduler once it has fired. Scheduling the same (requestId, seq) twice is a no-op:
 * the name is derived from both, and Scheduler answers a duplicate name with `ConflictException`.
 */
export class EventBridgePollScheduler
  extends EventBridgeSchedules<EventBridgePollSchedulerConfig>
  implements PollScheduler
{
  /**
   * Creates the schedule for one poll, at `poll.at` rounded up to Scheduler's one-minute
   * precision, and never earlier than the next whole minute at least 5 s from now.
   * @throws PollScheduleError `POLL_SEQ_INVALID` for a seq that is not a non-negative safe
   * integer, `POLL_TIME_INVALID` for an invalid date; whatever Scheduler throws other than `ConflictException` (throttling, access denied).
   */
  async schedulePoll(poll: PollRequest): Promise<void> {
    const input = this.createScheduleInput(poll);
    await sentUnless('ConflictException', this.client.send(new CreateScheduleCommand(input)));
  }

  /**
   * Deletes the schedule of one poll; one that does not exist (it fired and deleted itself, or
   * was never made) is no error.
   * @throws whatever Scheduler throws other than `ResourceNotFoundException`.
   */
  async cancelPoll(poll: Pick<PollRequest, 'requestId' | 'seq'>): Promise<void> {
    await this.deleteSchedule(pollScheduleName(poll.requestId, poll.seq));
  }

  /**
   * The exact CreateSchedule request for a poll (exposed for tests and diagnostics).
   * @throws PollScheduleError `POLL_SEQ_INVALID` for a seq that is not a non-negative safe
   * integer, `POLL_TIME_INVALID` for an invalid date.
   */
  createScheduleInput(poll: PollRequest): CreateScheduleCommandInput {
    const at = poll.at.getTime();
    if (Number.isNaN(at)) {
      throw new PollScheduleError(
        'POLL_TIME_INVALID',
        `Poll ${poll.requestId}/${poll.seq} has an invalid date`,
      );
    }
    const message: WorkerMessage = { type: 'poll', requestId: poll.requestId, seq: poll.seq };
    return {
      Name: pollScheduleName(poll.requestId, poll.seq),
      GroupName: this.config.groupName,
      ScheduleExpression: atExpression(scheduleTime(at, nowBy(this.config))),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: this.target(JSON.stringify(message), this.config.retry),
    };
  }
}

/** Machine-readable codes of {@link PollScheduleError}. */
export type PollScheduleErrorCode = 'POLL_SEQ_INVALID' | 'POLL_TIME_INVALID';

/** A poll request the adapter cannot turn into a schedule (a caller bug, never retried). */
export class PollScheduleError extends Error {
  constructor(
    readonly code: PollScheduleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PollScheduleError';
  }
}

/**
 * The schedule name of one poll: deterministic, at most 64 characters of `[0-9a-zA-Z-_.]`, and
 * different for different (requestId, seq).
 *
 * - `poll-<requestId>-<seq>` when the requestId is made of allowed characters and fits;
 * - `pollh-<allowed prefix of the requestId>.<16 hex of SHA-256(requestId)>-<seq>` otherwise.
 *
 * The two forms cannot meet (`poll-` vs `pollh`), the seq is the part after the last `-` (it
 * has no `-`), so the first form is injective and the second collides only if SHA-256 does.
 * @throws PollScheduleError `POLL_SEQ_INVALID` when seq is not a non-negative safe integer.
 */
export function pollScheduleName(requestId: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new PollScheduleError(
      'POLL_SEQ_INVALID',
      `Poll seq must be a non-negative whole number, got ${seq}`,
    );
  }
  const suffix = `-${seq}`;
  const plain = `poll-${requestId}${suffix}`;
  if (requestId.length > 0 && plain.length <= MAX_NAME_LENGTH && NAME_PATTERN.test(plain)) {
    return plain;
  }
  const hash = createHash('sha256').update(requestId, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  const room = MAX_NAME_LENGTH - 'pollh-'.length - 1 - HASH_LENGTH - suffix.length;
  const readable = requestId.replace(/[^0-9a-zA-Z\-_.]/g, '_').slice(0, room);
  return `pollh-${readable}.${hash}${suffix}`;
}

/**
 * When the schedule fires, in epoch ms: `at` rounded up to a whole minute, and never before
 * the first whole minute at least {@link MIN_LEAD_MS} after `now`.
 */
export function scheduleTime(at: number, now: number): number {
  const earliest = Math.max(at, now + MIN_LEAD_MS);
  return Math.ceil(earliest / MINUTE_MS) * MINUTE_MS;
}

/**
 * The function ARN without its `:alias` or `:version` qualifier, e.g. from Lambda's
 * `context.invokedFunctionArn`, for use as the schedule target. Anything that is not a
 * qualified Lambda function ARN is returned unchanged.
 */
export function unqualifiedFunctionArn(functionArn: string): string {
  const parts = functionArn.split(':');
  return parts[0] === 'arn' && parts[2] === 'lambda' && parts[5] === 'function' && parts.length > 7
    ? parts.slice(0, 7).join(':')
    : functionArn;
}
