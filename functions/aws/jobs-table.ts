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
  },
} as const;
