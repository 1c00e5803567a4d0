import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type JobKind, type JobPhase, TERMINAL_PHASES } from '../core/job';
import { scanPages } from './table-scan';

/** What local mode needs to know of an unfinished job to pick it up again after a restart. */
export interface ActiveJobSummary {
  requestId: string;
  kind: JobKind;
  phase: JobPhase;
  pollCount: number;
  nextPollAt?: number;
}

/** Upper bound of Scan pages read, so a huge local table cannot stall start-up forever. */
const DEFAULT_MAX_PAGES = 100;

/**
 * Every job of the table that is not terminal. Local mode only: the {@link JobStore} port has no
 * "all active jobs" query because on AWS nothing needs one (Scheduler keeps polls across
 * deployments); locally the timers die with the process, so start-up scans the embedded table.
 *
 * @throws whatever DynamoDB throws.
 */
export async function scanActiveJobs(
  doc: DynamoDBDocumentClient,
  tableName: string,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<ActiveJobSummary[]> {
  const terminal = Object.fromEntries(TERMINAL_PHASES.map((phase, i) => [`:t${i}`, phase]));
  const items = await scanPages(
    doc,
    {
      TableName: tableName,
      // Jobs only: the ATS slots record beside them has no phase.
      FilterExpression: `attribute_exists(#phase) AND NOT #phase IN (${Object.keys(terminal).join(', ')})`,
      ProjectionExpression: 'requestId, #kind, #phase, pollCount, nextPollAt',
      ExpressionAttributeNames: { '#phase': 'phase', '#kind': 'kind' },
      ExpressionAttributeValues: terminal,
    },
    maxPages,
  );
  return items as unknown as ActiveJobSummary[];
}
