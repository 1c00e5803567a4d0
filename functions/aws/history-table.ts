import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createTableInput } from './table-input';

/**
 * The shape of the DynamoDB table of run history, shared by the adapter, the CDK storage
 * construct, local mode and the tests.
 *
 * A table of its own rather than a second item type in the jobs table: records are kept far
 * longer than jobs (`historyDays`, 400 by default, against the jobs' 90) and read only by three
 * time-ordered indexes of their own; the jobs table's readers (its indexes, local mode's resume
 * scan) stay with one kind of item, and the grants say exactly who writes history (the worker)
 * and who reads it.
 *
 * - Partition key `requestId` (S): one record per job, so writing it again is harmless.
 * - GSI `byTemplateEnded`: `templateId` (S) + `endedAt` (N): `/ats history`, the App Home.
 * - GSI `byChannelEnded`: `channelId` (S) + `endedAt` (N): the channel digest.
 * - GSI `byUserEnded`: `userId` (S) + `endedAt` (N): a person's recent runs.
 * - TTL attribute `expiresAt` (N, epoch seconds): `endedAt` plus `historyDays`.
 *
 * Every index projects every attribute: a record is small (bounded names), and a listing then
 * never needs a second read.
 */
export const HISTORY_TABLE = {
  partitionKey: 'requestId',
  ttlAttribute: 'expiresAt',
  indexes: {
    byTemplateEnded: { name: 'byTemplateEnded', partitionKey: 'templateId', sortKey: 'endedAt' },
    byChannelEnded: { name: 'byChannelEnded', partitionKey: 'channelId', sortKey: 'endedAt' },
    byUserEnded: { name: 'byUserEnded', partitionKey: 'userId', sortKey: 'endedAt' },
  },
} as const;

/** The index names of the history table. */
export type HistoryIndex = keyof typeof HISTORY_TABLE.indexes;

/**
 * The CreateTable request for the history table (on-demand, three indexes projecting every
 * attribute). Used by tests and local mode against dynalite; the CDK construct declares the same
 * shape from {@link HISTORY_TABLE}.
 */
export function createHistoryTableInput(tableName: string): CreateTableCommandInput {
  return createTableInput(tableName, HISTORY_TABLE);
}
