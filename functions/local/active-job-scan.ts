import { type JobKind, type JobPhase, TERMINAL_PHASES } from '../core/job';
import type { StartupScan } from './table-scan';

/** What local mode needs to know of an unfinished job to pick it up again after a restart. */
export interface ActiveJobSummary {
  requestId: string;
  kind: JobKind;
  phase: JobPhase;
  pollCount: number;
  nextPollAt?: number;
}

const TERMINAL = Object.fromEntries(TERMINAL_PHASES.map((phase, i) => [`:t${i}`, phase]));

/**
 * Every job of the jobs table that is not terminal (with {@link scanTable}). Local mode only: the
 * {@link JobStore} port has no "all active jobs" query because on AWS nothing needs one (Scheduler
 * keeps polls across deployments); locally the timers die with the process, so start-up scans the
 * embedded table.
 */
export const ACTIVE_JOBS: StartupScan<ActiveJobSummary> = {
  filter: {
    // Jobs only: the ATS slots record beside them has no phase.
    FilterExpression: `attribute_exists(#phase) AND NOT #phase IN (${Object.keys(TERMINAL).join(', ')})`,
    ProjectionExpression: 'requestId, #kind, #phase, pollCount, nextPollAt',
    ExpressionAttributeNames: { '#phase': 'phase', '#kind': 'kind' },
    ExpressionAttributeValues: TERMINAL,
  },
  read: (item) => item as unknown as ActiveJobSummary,
};
