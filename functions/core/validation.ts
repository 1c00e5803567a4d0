// What the run-time validators (catalog.ts, worker-message.ts) share. They are plain code rather
// than a schema library, which keeps one out of the Lambda bundles (cold start), and they say a
// problem in the words of this bot: which field, what it accepts, what it got.

/** One problem with an input: where it is and what is wrong. */
export interface ValidationIssue {
  /** Array indexes and object keys from the root of the input to the bad value; empty for the root. */
  readonly path: readonly (string | number)[];
  /** What is wrong: the field, what it accepts and what it got. */
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

/** Whether a value is an object with keys: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The keys of an input its shape does not know, in `for…in` order: own and inherited enumerable
 * string keys, so that a field set on a prototype is as unknown as one set on the object.
 */
export function unknownKeysOf(input: object, known: ReadonlySet<string>): string[] {
  const unknown: string[] = [];
  for (const key in input) if (!known.has(key)) unknown.push(key);
  return unknown;
}

/**
 * Length of a text in characters as a person counts them, in Unicode code points: a surrogate
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

/**
 * "<field> must be <accepts>, got <value>", or "<field> is required: <accepts>" when the value is
 * absent: how every validator of the bot words a refused value.
 */
export function mustBeMessage(field: string, accepts: string, value: unknown): string {
  return value === undefined
    ? `${field} is required: ${accepts}`
    : `${field} must be ${accepts}, got ${describeValue(value)}`;
}

/** A refusal worded by {@link mustBeMessage}. */
export function mustBe<T>(field: string, accepts: string, value: unknown): Validation<T> {
  return refused(mustBeMessage(field, accepts, value));
}
