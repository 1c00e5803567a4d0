import type { QuotaStore, Taking } from '../../functions/core/requests/quotas';

/**
 * In-memory {@link QuotaStore} with the port's semantics: taking a place is one atomic step (a
 * holder already there counts once; a full counter answers with its holders). Records every call
 * so tests can see what was taken and given back.
 */
export class MemoryQuotaStore implements QuotaStore {
  private readonly counters = new Map<
    string,
    { holders: Map<string, number>; expiresAt: number }
  >();
  readonly calls: { op: 'take' | 'release'; key: string; holders: string[] }[] = [];

  async take(
    key: string,
    holder: string,
    at: number,
    limit: number,
    expiresAt: number,
  ): Promise<Taking> {
    this.calls.push({ op: 'take', key, holders: [holder] });
    const counter = this.counters.get(key) ?? { holders: new Map<string, number>(), expiresAt };
    this.counters.set(key, counter);
    if (counter.holders.has(holder)) return { taken: true, duplicate: true };
    if (counter.holders.size >= limit) {
      return { taken: false, holders: Object.fromEntries(counter.holders) };
    }
    counter.holders.set(holder, at);
    counter.expiresAt = expiresAt;
    return { taken: true, duplicate: false };
  }

  async release(key: string, holders: readonly string[]): Promise<void> {
    this.calls.push({ op: 'release', key, holders: [...holders] });
    const counter = this.counters.get(key);
    for (const holder of holders) counter?.holders.delete(holder);
  }

  /** The holders of a counter and when each took its place. */
  holders(key: string): Record<string, number> {
    return Object.fromEntries(this.counters.get(key)?.holders ?? []);
  }

  /** When a counter may be forgotten (epoch seconds), if it exists. */
  expiresAt(key: string): number | undefined {
    return this.counters.get(key)?.expiresAt;
  }
}
