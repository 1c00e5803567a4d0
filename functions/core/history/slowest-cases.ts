// What a job's slowest cases are, as its result and its history record keep them. A module of
// its own, importing nothing, so that the job model, the record and the ranking
// (`case-durations.ts`) can all name them without importing one another in a circle.

/** A test case and how long ATS says it ran. */
export interface CaseDuration {
  name: string;
  /** ATS's `Duration` in seconds (whole seconds: ATS sends `hh:mm:ss`). */
  seconds: number;
}

/**
 * The slowest cases of one job, taken from every case of ATS's final answer: `cases` holds the
 * first of them by duration (longest first, ties by name; as many as `boundedSlowest` in
 * `run-record.ts` keeps), `count` how many cases had a duration in all. When `cases` is shorter
 * than `count`, every case left out ran at most as long as the last one kept.
 */
export interface SlowestCases {
  cases: CaseDuration[];
  count: number;
}
