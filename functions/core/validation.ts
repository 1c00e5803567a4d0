// What the run-time validators (catalog.ts, worker-message.ts) share. They replaced zod schemas
// to keep zod out of the Lambda bundles (cold start, `npm run bench:slack`), and they word
// problems as zod 4's English locale did, because operators see these messages and the tests
// compare them with zod's (test/unit/core/runtime-schemas.test.ts).

/** One problem with an input: where it is and what is wrong. */
export interface ValidationIssue {
  /** Array indexes and object keys from the root of the input to the bad value; empty for the root. */
  readonly path: readonly (string | number)[];
  /** What is wrong, in zod's English wording unless the check states its own. */
  readonly message: string;
}

/** The outcome of a check: the value with defaults filled in, or the first problem found. */
export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issue: ValidationIssue };

/** An accepted value. */
export function accepted<T>(value: T): Validation<T> {
  return { ok: true, value };
}

/** A refusal at `path` (relative to the value being checked). */
export function refused<T>(
  message: string,
  path: readonly (string | number)[] = [],
): Validation<T> {
  return { ok: false, issue: { path, message } };
}

/**
 * The same refusal seen from one level up: `step` (an index or key) is put in front of its path.
 */
export function refusedAt<T>(step: string | number, refusal: ValidationIssue): Validation<T> {
  return refused(refusal.message, [step, ...refusal.path]);
}

/** Whether a value is an object with keys, as zod's object schemas accept it: not null, no array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The keys of an input its shape does not know, in `for…in` order: own and inherited enumerable
 * string keys, which is what zod's strict objects refuse.
 */
export function unknownKeysOf(input: object, known: ReadonlySet<string>): string[] {
  const unknown: string[] = [];
  for (const key in input) if (!known.has(key)) unknown.push(key);
  return unknown;
}

/**
 * Length of a text in Unicode code points, as zod measures `min` and `max` lengths: a surrogate
 * pair (an emoji, say) counts once, a lone surrogate once.
 */
export function codePointLength(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const high = text.charCodeAt(i);
    const low = text.charCodeAt(i + 1);
    if ((high & 0xfc00) === 0xd800 && (low & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/** "Invalid input: expected string, received number", naming what was received as zod does. */
export function wrongTypeMessage(expected: string, input: unknown): string {
  return `Invalid input: expected ${expected}, received ${receivedTypeOf(input)}`;
}

/** "Too small: expected string to have >=1 characters". */
export function tooShortMessage(minimum: number): string {
  return `Too small: expected string to have >=${minimum} characters`;
}

/** "Too big: expected string to have <=200 characters". */
export function tooLongMessage(maximum: number): string {
  return `Too big: expected string to have <=${maximum} characters`;
}

/** "Too small: expected number to be >=0"; `kind` is "int" for the safe-integer bound. */
export function tooSmallNumberMessage(minimum: number, kind: 'number' | 'int' = 'number'): string {
  return `Too small: expected ${kind} to be >=${minimum}`;
}

/** "Too big: expected number to be <=2"; `kind` is "int" for the safe-integer bound. */
export function tooBigNumberMessage(maximum: number, kind: 'number' | 'int' = 'number'): string {
  return `Too big: expected ${kind} to be <=${maximum}`;
}

/** `Unrecognized key: "extra"`, or `Unrecognized keys: "a", "b"` (quoted, not escaped, as zod). */
export function unknownKeysMessage(keys: readonly string[]): string {
  const plural = keys.length > 1 ? 's' : '';
  return `Unrecognized key${plural}: ${keys.map((key) => `"${key}"`).join(', ')}`;
}

/**
 * What zod says it received: "null", "array", "NaN", "Infinity", the class name of an instance
 * ("Date", "Map"), otherwise the `typeof`.
 */
function receivedTypeOf(input: unknown): string {
  if (typeof input === 'number') {
    if (Number.isNaN(input)) return 'NaN';
    return Number.isFinite(input) ? 'number' : String(input);
  }
  if (typeof input !== 'object') return typeof input;
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (Object.getPrototypeOf(input) !== Object.prototype && 'constructor' in input) {
    const maker = (input as { constructor: unknown }).constructor;
    if (maker) return String((maker as { name?: unknown }).name);
  }
  return 'object';
}

/**
 * A value as a message shows it: text quoted (cut to 80 characters, so a pasted blob cannot flood
 * a log line), numbers and booleans as written, otherwise what it is ("a list", "an object").
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Text in double quotes, escaped as JSON, cut to 80 characters. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
