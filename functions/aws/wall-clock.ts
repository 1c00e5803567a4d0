/** The wall clock an adapter's config may carry, so tests can fix "now". */
export interface WallClockConfig {
  /** Wall clock in epoch ms (tests); defaults to `Date.now`. */
  now?: () => number;
}

/** Now in epoch ms by the config's clock, else by the system's. */
export function nowBy(config: WallClockConfig): number {
  return config.now ? config.now() : Date.now();
}
