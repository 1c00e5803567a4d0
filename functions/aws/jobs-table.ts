import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createTableInput } from './table-input';

/**
 * The shape of the one DynamoDB table of jobs, shared by the DynamoDB adapter, the CDK storage
 * construct, local mode and the tests, so the three can never disagree.
 *
 * - Partition key `requestId` (S): one item per job.
 * - GSI `byChannelActive`: `activeChannel` (S, set to the channel id only while the job is not
 *   terminal: a sparse index of active jobs) + `createdAt` (N).
 * - GSI `byAtsJobId`: `atsJobId` (S).
 * - GSI `byTemplateFinished`: `templateRunKey` (S, `<templateId>#full` or `<templateId>#rerun`,
 *   set only once the job is done) + `finishedAt` (N).
 * - GSI `byUserCreated`: `startedBy` (S, the requester's user id on every job; for a scheduled run,
 *   the schedule's owner) + `createdAt` (N), keys only: the request ids of a person's latest jobs,
 *   among which their App Home finds those under way. Neither key changes after a job is created
 *   and nothing else is projected, so DynamoDB writes the index once per job (no later write of the
 *   job changes its entry), where a sparse index of jobs under way would take a second write when
 *   the job ends.
 * - TTL attribute `expiresAt` (N, epoch seconds).
 */
export const JOBS_TABLE = {
  partitionKey: 'requestId',
  ttlAttribute: 'expiresAt',
  indexes: {
    activeInChannel: {
      name: 'byChannelActive',
      partitionKey: 'activeChannel',
      sortKey: 'createdAt',
    },
    byAtsJobId: { name: 'byAtsJobId', partitionKey: 'atsJobId' },
    templateFinished: {
      name: 'byTemplateFinished',
      partitionKey: 'templateRunKey',
      sortKey: 'finishedAt',
    },
    byUser: {
      name: 'byUserCreated',
      partitionKey: 'startedBy',
      sortKey: 'createdAt',
      keysOnly: true,
    },
  },
} as const;

/**
 * Partition key of the ATS slots record of an app (see `AtsSlots`): one item beside the jobs,
 * in no index (it has none of their attributes), marked `itemKind` for scans.
 */
export function slotsKey(app: string): string {
  return `${SLOTS_ITEM_KIND}#${app}`;
}

/** `itemKind` of the slots records: scans of jobs leave them out. */
export const SLOTS_ITEM_KIND = 'ats-slots';

/**
 * The CreateTable request for the jobs table: on-demand billing, the three sparse GSIs with
 * projection ALL (every index query returns whole jobs, so no second read) and `byUserCreated`
 * with keys only. Used by tests and local mode against dynalite; the CDK storage construct
 * declares the same shape from {@link JOBS_TABLE}. TTL is not part of CreateTable (dynalite has
 * no UpdateTimeToLive).
 */
export function createJobsTableInput(tableName: string): CreateTableCommandInput {
  return createTableInput(tableName, JOBS_TABLE);
}
