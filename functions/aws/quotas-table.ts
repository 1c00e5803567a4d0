import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createTableInput } from './table-input';

/**
 * The shape of the DynamoDB table of quota counters, shared by the adapter, the CDK storage
 * construct, local mode and the tests.
 *
 * One item per counter (a person's starts, a channel's active jobs): `holders` maps each request
 * id that holds a place to when it took it, and every change is one conditional `UpdateItem` on
 * that item, which DynamoDB applies atomically. A table of its own keeps the jobs table's readers
 * (the active-jobs index, local mode's resume scan) to one kind of item, and the grants say exactly
 * who counts.
 *
 * - Partition key `quotaKey` (S): `starts#<user id>` or `active#<channel id>`.
 * - TTL attribute `expiresAt` (N, epoch seconds), pushed forward by every place taken: an idle
 *   counter is forgotten.
 */
export const QUOTAS_TABLE = {
  partitionKey: 'quotaKey',
  holdersAttribute: 'holders',
  ttlAttribute: 'expiresAt',
} as const;

/**
 * The CreateTable request for the quotas table (on-demand, no index). Used by tests and local
 * mode against dynalite; the CDK construct declares the same shape from {@link QUOTAS_TABLE}.
 */
export function createQuotasTableInput(tableName: string): CreateTableCommandInput {
  return createTableInput(tableName, QUOTAS_TABLE);
}
