// The read-modify-write loop of the versioned items (jobs, schedules): one source for how a lost
// race is retried, so the job and schedule writes differ only in how one version is written.

/** What {@link rewriteVersioned} needs of an item kind. */
export interface VersionedWrites<T> {
  /** Writes `current` changed by `patch` at its version: the stored item, or undefined on a lost race. */
  write(current: T, patch: Partial<T>): Promise<T | undefined>;
  /** Reads the newest version again: undefined when it no longer exists. */
  reread(): Promise<T | undefined>;
}

/** Outcome of {@link rewriteVersioned}. */
export type VersionedUpdate<T> =
  /** `stored` is the item afterwards (undefined: it no longer exists); `written` says whether this call wrote. */
  | { contended: false; stored: T | undefined; written: boolean }
  /** Every attempt lost its race. */
  | { contended: true };

/**
 * Asks `change` for the patch of the current version and writes it; after a lost race, reads the
 * newest version and asks again, at most `attempts` times. `change` returns undefined when
 * nothing (more) needs writing.
 * @throws whatever `write` or `reread` throw.
 */
export async function rewriteVersioned<T>(
  first: T,
  change: (current: T) => Partial<T> | undefined,
  writes: VersionedWrites<T>,
  attempts: number,
): Promise<VersionedUpdate<T>> {
  let current: T | undefined = first;
  for (let i = 0; i < attempts && current; i++) {
    const patch = change(current);
    if (!patch) return { contended: false, stored: current, written: false };
    const written = await writes.write(current, patch);
    if (written) return { contended: false, stored: written, written: true };
    current = await writes.reread();
  }
  return current ? { contended: true } : { contended: false, stored: undefined, written: false };
}
