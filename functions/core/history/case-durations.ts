import type { AtsTestCase } from '../ats';
import { boundedSlowest, MAX_SLOWEST_CASES } from './run-record';
import type { CaseDuration, SlowestCases } from './slowest-cases';

/** Longest first, ties by name (code-unit order, the same in every locale). */
function slower(a: CaseDuration, b: CaseDuration): number {
  if (a.seconds !== b.seconds) return b.seconds - a.seconds;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/**
 * The slowest cases among `all` (every case ATS listed, passed ones included), or undefined
 * when none has a duration above zero (ATS sent none, or no case ran).
 * One pass keeping the top {@link MAX_SLOWEST_CASES}, so a 20,000-case suite costs a few
 * comparisons per case, not a sort.
 */
export function slowestCasesOf(all: readonly AtsTestCase[]): SlowestCases | undefined {
  const top: CaseDuration[] = [];
  let count = 0;
  for (const t of all) {
    const seconds = t.durationSeconds;
    if (seconds === undefined || !(seconds > 0)) continue;
    count += 1;
    const entry = { name: t.name, seconds };
    const last = top[top.length - 1];
    if (top.length === MAX_SLOWEST_CASES && last && slower(entry, last) >= 0) continue;
    // Insertion into a list of at most MAX_SLOWEST_CASES.
    let at = top.length;
    while (at > 0 && slower(entry, top[at - 1] as CaseDuration) < 0) at -= 1;
    top.splice(at, 0, entry);
    if (top.length > MAX_SLOWEST_CASES) top.pop();
  }
  return count === 0 ? undefined : boundedSlowest({ cases: top, count });
}
