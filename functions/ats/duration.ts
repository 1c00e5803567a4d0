const HH_MM_SS = /^(\d{1,6}):([0-5]?\d):([0-5]?\d)(?:\.\d+)?$/;

/**
 * Turns an ATS test-case `Duration` (`hh:mm:ss`, hours may exceed 24, fractional seconds are
 * dropped) into whole seconds. Undefined for anything else, including an empty value.
 */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = HH_MM_SS.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** Formats whole seconds as ATS does: `hh:mm:ss`, at least two digits per part. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}
