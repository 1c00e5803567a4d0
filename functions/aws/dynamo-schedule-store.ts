import type { ScheduleStore } from '../core/schedules/ports';
import type { Schedule } from '../core/schedules/schedule';
import { ifNew, ifNextVersion, withoutUndefined } from './dynamo-requests';
import { DynamoTableAdapter, keyQuery } from './dynamo-table';
import { SCHEDULES_TABLE } from './schedules-table';

/** Upper bound of Query pages read per call. */
const MAX_QUERY_PAGES = 10;

/**
 * {@link ScheduleStore} over the DynamoDB table shaped as {@link SCHEDULES_TABLE}. Every write is
 * a whole-item conditional `PutItem` (`create` only when the id is new, `replace` only on the
 * expected `version`); a whole-item put also drops the channel index attribute once a schedule
 * is removed. Listing is a query of the channel index, never a scan.
 */
export class DynamoScheduleStore extends DynamoTableAdapter implements ScheduleStore {
  /** @throws whatever DynamoDB throws other than a failed condition. */
  async create(schedule: Schedule): Promise<boolean> {
    return this.putIf(toItem(schedule), ifNew(SCHEDULES_TABLE.partitionKey));
  }

  /** Reads a schedule (strongly consistent). @throws whatever DynamoDB throws. */
  async get(scheduleId: string): Promise<Schedule | undefined> {
    return this.getItem({ [SCHEDULES_TABLE.partitionKey]: scheduleId }, toSchedule);
  }

  /**
   * @throws RangeError when `next.version` is not `expectedVersion + 1`; whatever DynamoDB throws
   *   other than a failed condition.
   */
  async replace(next: Schedule, expectedVersion: number): Promise<boolean> {
    return this.putIf(toItem(next), ifNextVersion(next, expectedVersion, badVersion));
  }

  /**
   * Schedules of a channel that are not removed, oldest first, at most `limit` (eventually
   * consistent, as index queries are). @throws whatever DynamoDB throws.
   */
  async listInChannel(channelId: string, limit: number): Promise<Schedule[]> {
    const items = await this.queryItems(
      { ...keyQuery(SCHEDULES_TABLE.indexes.byChannel, channelId), ScanIndexForward: true },
      { limit, maxPages: MAX_QUERY_PAGES },
    );
    return items.map(toSchedule);
  }
}

/** The stored item: the schedule, plus the channel index attribute while it is not removed. */
function toItem(schedule: Schedule): Record<string, unknown> {
  const item = withoutUndefined(schedule) as Record<string, unknown>;
  delete item[SCHEDULES_TABLE.indexes.byChannel.partitionKey];
  if (schedule.state !== 'removed') {
    item[SCHEDULES_TABLE.indexes.byChannel.partitionKey] = schedule.channelId;
  }
  return item;
}

function toSchedule(item: Record<string, unknown>): Schedule {
  const schedule = { ...item };
  delete schedule[SCHEDULES_TABLE.indexes.byChannel.partitionKey];
  return schedule as unknown as Schedule;
}

function badVersion(next: Schedule, problem: string): RangeError {
  return new RangeError(`Schedule ${next.scheduleId}: ${problem}`);
}
