import type { AnyWorkerMessage } from './ports';
import { SCHEDULE_ID } from './schedules/schedule';
import { codePointLength, isRecord, unknownKeysOf } from './validation';

// Plain code rather than a schema library keeps one out of the worker bundle (cold start). A
// message that does not parse is dropped with a log line, so this says only yes or no.

const KEYS_OF: Readonly<Record<AnyWorkerMessage['type'], ReadonlySet<string>>> = {
  start: new Set(['type', 'requestId']),
  rerun: new Set(['type', 'requestId']),
  watch: new Set(['type', 'requestId']),
  poll: new Set(['type', 'requestId', 'seq']),
  hop: new Set(['type', 'requestId', 'seq', 'at', 'seenAt']),
  sync_schedule: new Set(['type', 'scheduleId']),
  fire_schedule: new Set(['type', 'scheduleId', 'scheduledTime']),
  publish_home: new Set(['type', 'userId', 'channelId']),
};

/** A Slack user id (U…, W…) and a conversation id (C…, G…, D…), as Slack writes them. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const SLACK_CONVERSATION_ID = /^[CGD][A-Z0-9]{2,30}$/;

/**
 * A UTC ISO 8601 time as EventBridge Scheduler writes `<aws.scheduler.scheduled-time>`
 * (`2025-03-30T01:00:00Z`, with or without milliseconds).
 */
export const SCHEDULED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Parses an incoming worker event (async invokes, scheduled polls and schedule firings): an
 * object with a known `type` and no other keys than that type's. Job messages carry a
 * `requestId` of 1-128 characters, a poll also a whole `seq` of at least 0; schedule messages a
 * schedule id, a firing also its `scheduledTime` (UTC ISO 8601, a real date); a hop a `seq` and
 * its `at` and `seenAt` times (whole epoch milliseconds, at least 0); a Home message a Slack user
 * id and conversation id. Never throws.
 * @returns the message, or undefined when it is not a valid message.
 */
export function parseWorkerMessage(input: unknown): AnyWorkerMessage | undefined {
  if (!isRecord(input)) return undefined;
  const { type } = input;
  if (!isMessageType(type)) return undefined;
  if (type === 'sync_schedule' || type === 'fire_schedule')
    return parseScheduleMessage(input, type);
  if (type === 'publish_home') return parseHomeMessage(input);
  const { requestId, seq } = input;
  if (typeof requestId !== 'string') return undefined;
  const length = codePointLength(requestId);
  if (length < 1 || length > 128) return undefined;
  if (unknownKeysOf(input, KEYS_OF[type]).length > 0) return undefined;
  if (type !== 'poll' && type !== 'hop') return { type, requestId };
  if (!isWholeNumber(seq)) return undefined;
  if (type === 'poll') return { type, requestId, seq };
  const { at, seenAt } = input;
  if (!isWholeNumber(at) || !isWholeNumber(seenAt)) return undefined;
  return { type, requestId, seq, at, seenAt };
}

function parseHomeMessage(input: Record<string, unknown>): AnyWorkerMessage | undefined {
  const { userId, channelId } = input;
  if (typeof userId !== 'string' || !SLACK_USER_ID.test(userId)) return undefined;
  if (typeof channelId !== 'string' || !SLACK_CONVERSATION_ID.test(channelId)) return undefined;
  if (unknownKeysOf(input, KEYS_OF.publish_home).length > 0) return undefined;
  return { type: 'publish_home', userId, channelId };
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parseScheduleMessage(
  input: Record<string, unknown>,
  type: 'sync_schedule' | 'fire_schedule',
): AnyWorkerMessage | undefined {
  const { scheduleId, scheduledTime } = input;
  if (typeof scheduleId !== 'string' || !SCHEDULE_ID.test(scheduleId)) return undefined;
  if (type === 'fire_schedule') {
    if (typeof scheduledTime !== 'string' || !SCHEDULED_TIME.test(scheduledTime)) return undefined;
    if (!isRealTime(scheduledTime)) return undefined;
  }
  if (unknownKeysOf(input, KEYS_OF[type]).length > 0) return undefined;
  return type === 'sync_schedule'
    ? { type, scheduleId }
    : { type, scheduleId, scheduledTime: scheduledTime as string };
}

/**
 * Whether a time that has the form of {@link SCHEDULED_TIME} names a real moment: `Date.parse`
 * takes 2025-02-30 for March 2, so the date and time must read back unchanged.
 */
function isRealTime(time: string): boolean {
  const ms = Date.parse(time);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === time.slice(0, 19);
}

function isMessageType(type: unknown): type is AnyWorkerMessage['type'] {
  return typeof type === 'string' && Object.hasOwn(KEYS_OF, type);
}
