/**
 * Longest input compared character by character. People paste anything into `/ats`; beyond this
 * length no alias is a plausible typo, and the quadratic distance must stay cheap.
 */
const MAX_COMPARED_LENGTH = 64;

/**
 * Edit distance with adjacent transpositions (optimal string alignment): insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1, so `smoek` is one typo from `smoke`.
 * Compared case-sensitively by UTF-16 code unit. Both inputs are cut to 64 characters first so
 * the cost stays bounded whatever people type.
 */
export function editDistance(a: string, b: string): number {
  const x = a.slice(0, MAX_COMPARED_LENGTH);
  const y = b.slice(0, MAX_COMPARED_LENGTH);
  if (x === y) return 0;
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j - 1] ?? 0) + cost,
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
      );
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * The candidate closest to `input` (case-insensitive), if it is close enough to be a plausible
 * typo: at most a third of the candidate's length away, and never more than 3 edits. A candidate
 * that starts with the input (an abbreviation such as `smo` for `smoke`) also counts. Ties go to
 * the earlier candidate. Returns undefined when nothing is close.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.trim().toLowerCase();
  if (needle.length === 0) return undefined;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const distance =
      lower.startsWith(needle) && needle.length >= 2 ? 0.5 : editDistance(needle, lower);
    const allowed = Math.min(3, Math.max(1, Math.floor(lower.length / 3)));
    if (distance > allowed) continue;
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}
