import { SCHEDULES_TABLE } from '../aws/schedules-table';
import type { Schedule } from '../core/schedules/schedule';
import type { StartupScan } from './table-scan';

/**
 * Every schedule of the schedules table that is not removed (with {@link scanTable}). Local mode
 * only: on AWS the recurring schedules live in EventBridge Scheduler across deployments; locally
 * their timers die with the process, so start-up scans the embedded table and applies each again.
 */
export const LIVE_SCHEDULES: StartupScan<Schedule> = {
  filter: {
    FilterExpression: '#state <> :removed',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':removed': 'removed' },
  },
  read: (item) => {
    const { [SCHEDULES_TABLE.indexes.byChannel.partitionKey]: _index, ...schedule } = item;
    return schedule as unknown as Schedule;
  },
};
