/**
 * Turns an ATS test-case `Duration` (`hh:mm:ss`, hours may exceed 24, fractional seconds are
 * dropped) into whole seconds. Undefined for anything else, including an empty value.
 */
export function parseDuration(text: string | undefined): number | undefined {
  // Reads `^\d{1,6}:[0-5]?\d:[0-5]?\d(\.\d+)?$` (after trimming) by hand: this runs once per
  // test case of large suites, where a regular expression allocates a match and three strings.
  if (!text) return undefined;
  const s = text.trim();
  const colon1 = s.indexOf(':');
  const colon2 = s.indexOf(':', colon1 + 1);
  if (colon1 < 1 || colon1 > 6 || colon2 - colon1 < 2 || colon2 - colon1 > 3) return undefined;
  const dot = s.indexOf('.', colon2 + 1);
  const secondsEnd = dot === -1 ? s.length : dot;
  if (secondsEnd - colon2 < 2 || secondsEnd - colon2 > 3) return undefined;
  if (dot !== -1 && digitsValue(s, dot + 1, s.length) < 0) return undefined;
  const hours = digitsValue(s, 0, colon1);
  const minutes = digitsValue(s, colon1 + 1, colon2);
  const seconds = digitsValue(s, colon2 + 1, secondsEnd);
  if (hours < 0 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
  return hours * 3600 + minutes * 60 + seconds;
}

/** The number written by the ASCII digits from `start` to `end`; -1 if empty or not all digits. */
function digitsValue(s: string, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = s.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Formats whole seconds as ATS does: `hh:mm:ss`, at least two digits per part. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}
