/**
 * Polls `probe` every 100 ms until it returns something, at most `seconds`.
 * @throws Error naming `what` when the time is up.
 */
export async function waitFor<T>(
  what: string,
  seconds: number,
  probe: () => T | undefined,
): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const found = probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${seconds} s waiting for ${what}`);
}
