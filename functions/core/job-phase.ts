/**
 * Where a job is in its life. Forward-only:
 * requested → (waiting →) starting → queued → running → done, or failed_to_start / timed_out /
 * error. `waiting`: the app has its cap of jobs in ATS, the job waits for a free slot. A job may
 * skip states (queued → done) but never goes back.
 */
export type JobPhase =
  | 'requested'
  | 'waiting'
  | 'starting'
  | 'queued'
  | 'running'
  | 'done'
  | 'failed_to_start'
  | 'timed_out'
  | 'error';

/** Phases after which nothing changes any more. */
export const TERMINAL_PHASES = [
  'done',
  'failed_to_start',
  'timed_out',
  'error',
] as const satisfies readonly JobPhase[];

/** Where a job under way is: every phase but those that end it. */
export type ActivePhase = Exclude<JobPhase, (typeof TERMINAL_PHASES)[number]>;

const TERMINAL_RANK = 5;

/** Order of phases, used to refuse backward moves. Terminal phases share the last rank. */
const PHASE_RANK: Record<JobPhase, number> = {
  requested: 0,
  waiting: 1,
  starting: 2,
  queued: 3,
  running: 4,
  done: TERMINAL_RANK,
  failed_to_start: TERMINAL_RANK,
  timed_out: TERMINAL_RANK,
  error: TERMINAL_RANK,
};

/** True for phases after which nothing changes any more. */
export function isTerminal(phase: JobPhase): boolean {
  return PHASE_RANK[phase] === TERMINAL_RANK;
}

/** True when `from → to` is a legal forward move (staying in place is not a move). */
export function canTransition(from: JobPhase, to: JobPhase): boolean {
  if (isTerminal(from)) return false;
  return PHASE_RANK[to] > PHASE_RANK[from];
}
