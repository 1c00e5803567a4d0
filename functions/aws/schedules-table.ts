import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createTableInput } from './table-input';

/**
 * The shape of the DynamoDB table of schedules, shared by the adapter, the CDK storage
 * construct, local mode and the tests.
 *
 * A table of its own rather than items in the jobs table: schedules live until removed (no
 * retention), are listed per channel (a query of their own index), and keep every job-table
 * reader (the active-jobs index, local mode's resume scan) free of a second kind of item. The
 * grants then say exactly who reads and writes schedules.
 *
 * - Partition key `scheduleId` (S).
 * - GSI `byChannel`: `listedChannel` (S, the channel id while the schedule is not removed: a
 *   sparse index of a channel's schedules) + `createdAt` (N).
 * - TTL attribute `expiresAt` (N, epoch seconds), set once a schedule is removed.
 */
export const SCHEDULES_TABLE = {
  partitionKey: 'scheduleId',
  ttlAttribute: 'expiresAt',
  indexes: {
    byChannel: { name: 'byChannel', partitionKey: 'listedChannel', sortKey: 'createdAt' },
  },
} as const;

/**
 * The CreateTable request for the schedules table (on-demand, the sparse channel index with every
 * attribute projected). Used by tests and local mode against dynalite; the CDK construct declares
 * the same shape from {@link SCHEDULES_TABLE}.
 */
export function createSchedulesTableInput(tableName: string): CreateTableCommandInput {
  return createTableInput(tableName, SCHEDULES_TABLE);
}
