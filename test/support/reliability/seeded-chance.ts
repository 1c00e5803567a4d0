/**
 * Reproducible randomness for the reliability suite. Decisions are not drawn from one shared
 * stream (concurrent deliveries would consume it in a different order on every run) but hashed
 * from the seed and a stable name of what is being decided, so the same seed injects the same
 * faults into the same calls.
 */

/** Environment variable that fixes the seed of a run. */
export const SEED_VARIABLE = 'RELIABILITY_SEED';

/**
 * The seed of this run: `RELIABILITY_SEED` when set (a whole number), else a fresh one.
 * @throws RangeError when `RELIABILITY_SEED` is set but is not a whole number from 0 to 2^32 - 1.
 */
export function seedFromEnvironment(env: Record<string, string | undefined> = process.env): number {
  const raw = env[SEED_VARIABLE]?.trim();
  if (!raw) return Math.floor(Math.random() * 0xffff_ffff);
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new RangeError(
      `${SEED_VARIABLE} must be a whole number from 0 to 4294967295, got ${raw}`,
    );
  }
  return seed;
}

/** A seed every reliability run replays, with the hard case it was kept for. */
export interface FixedSeed {
  seed: number;
  /** What the seed exercises (the bug it once found). */
  covers: string;
}

/** The seeds one reliability run plays. */
export interface SeedPlan {
  seeds: FixedSeed[];
  /** The fresh random seed among them (none in a replay). */
  random?: number;
  /** True when `RELIABILITY_SEED` named the one seed to replay. */
  replay: boolean;
}

/**
 * The seeds of a reliability run: the `fixed` ones and a fresh random one, or, when
 * `RELIABILITY_SEED` is set, that seed alone (a replay).
 * @throws RangeError as {@link seedFromEnvironment}.
 */
export function seedPlan(
  fixed: readonly FixedSeed[],
  env: Record<string, string | undefined> = process.env,
): SeedPlan {
  const seed = seedFromEnvironment(env);
  if (env[SEED_VARIABLE]?.trim()) {
    const known = fixed.find((f) => f.seed === seed);
    return { seeds: [{ seed, covers: known?.covers ?? 'replayed' }], replay: true };
  }
  return {
    seeds: [...fixed, { seed, covers: 'a fresh random seed' }],
    random: seed,
    replay: false,
  };
}

/** 32-bit FNV-1a of a text, mixed with the seed. */
function hash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so nearby names give unrelated numbers.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Decisions and numbers derived from one seed. */
export class SeededChance {
  constructor(readonly seed: number) {}

  /** A number in [0, 1) fixed by the seed and `name`. */
  unit(name: string): number {
    return hash(this.seed, name) / 0x1_0000_0000;
  }

  /** True with probability `p` for this name. */
  happens(name: string, p: number): boolean {
    return p > 0 && this.unit(name) < p;
  }

  /** A whole number in [min, max] for this name. */
  int(name: string, min: number, max: number): number {
    return min + Math.floor(this.unit(name) * (max - min + 1));
  }

  /** One of `items` for this name. */
  pick<T>(name: string, items: readonly T[]): T {
    const item = items[Math.floor(this.unit(name) * items.length)];
    if (item === undefined) throw new RangeError('pick needs at least one item');
    return item;
  }

  /** One of `weighted` entries, chosen with probability proportional to its weight. */
  weighted<T>(name: string, weighted: readonly (readonly [T, number])[]): T {
    const total = weighted.reduce((sum, [, w]) => sum + w, 0);
    let at = this.unit(name) * total;
    for (const [item, weight] of weighted) {
      if (at < weight) return item;
      at -= weight;
    }
    const last = weighted[weighted.length - 1];
    if (!last) throw new RangeError('weighted needs at least one entry');
    return last[0];
  }
}

/**
 * Counts occurrences per name, so the n-th call of the same kind gets its own decision
 * (`name#n`) while staying reproducible.
 */
export class OccurrenceCounter {
  private readonly counts = new Map<string, number>();

  /** `name#n`, where n counts the earlier calls with this name. */
  next(name: string): string {
    const n = this.counts.get(name) ?? 0;
    this.counts.set(name, n + 1);
    return `${name}#${n}`;
  }
}
