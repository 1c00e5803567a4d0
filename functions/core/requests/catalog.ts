import type { AutoRerunRule } from '../job';
import {
  accepted,
  codePointLength,
  isRecord,
  refused,
  refusedAt,
  tooBigNumberMessage,
  tooLongMessage,
  tooShortMessage,
  tooSmallNumberMessage,
  unknownKeysMessage,
  unknownKeysOf,
  type Validation,
  type ValidationIssue,
  wrongTypeMessage,
} from '../validation';

// Plain code instead of a zod schema keeps zod out of the Lambda bundles (cold start). It checks
// what the zod schema did, in the same order, so the first problem reported is the one zod
// reported, word for word: test/unit/core/runtime-schemas.test.ts compares both on generated
// catalogs.

/** One entry of the templates catalog: alias → ATS CI/CD template and its settings. */
export interface TemplateEntry {
  /** What people type: `/ats run <alias>`; 1-40 lower-case letters, digits, ".", "_", "-". */
  alias: string;
  /** ATS CI/CD template UID (1-200 characters). */
  templateId: string;
  /** Display name on cards and in `/ats list` (1-150 characters). */
  name: string;
  /** Channels (C…, G…) that get a completion notice with a link to the thread; default none. */
  notifyChannels: string[];
  /** Users (U…, W…) who may run it; when all three `allowed…` lists are empty, everyone may. */
  allowedUsers: string[];
  /** User groups (S…) whose members may run it; default none. */
  allowedUserGroups: string[];
  /** Channels (C…, G…) it may be run in; default none. */
  allowedChannels: string[];
  /**
   * Automatic RerunNotPassed calls after a job with not-passed cases (0-2, like the vendor
   * plugin); default 0.
   */
  autoReruns: number;
  /**
   * When automatic reruns stop: `until-pass` (the default: at the first rerun that passed) or
   * `confirm` (the vendor plugin's: a rerun that did not pass ends the chain failed, one that
   * passed needs a second passing rerun; meant with `autoReruns: 2`).
   */
  autoRerunRule: AutoRerunRule;
  /** Also post failures to the channel (reply_broadcast), not only in the thread; default false. */
  broadcastFailures: boolean;
}

/** Outcome of {@link validateCatalog}: the entries with defaults filled in, or the first problem. */
export type CatalogValidation = Validation<TemplateEntry[]>;

const ALIAS = /^[a-z0-9][a-z0-9._-]{0,39}$/;
const ALIAS_RULE = 'must be 1-40 lower-case letters, digits, ".", "_" or "-"';
const CHANNEL_IDS = slackIdRule('CG', 'channel');
const USER_IDS = slackIdRule('UW', 'user');
const USER_GROUP_IDS = slackIdRule('S', 'user group');

/** How each field of an entry is checked, in zod's shape order: the order problems are found. */
const ENTRY_FIELDS: {
  [K in keyof TemplateEntry]: (value: unknown) => Validation<TemplateEntry[K]>;
} = {
  alias: (value) => matching(value, ALIAS, ALIAS_RULE),
  templateId: (value) => textOfLength(value, 1, 200),
  name: (value) => textOfLength(value, 1, 150),
  notifyChannels: (value) => slackIds(value, CHANNEL_IDS),
  allowedUsers: (value) => slackIds(value, USER_IDS),
  allowedUserGroups: (value) => slackIds(value, USER_GROUP_IDS),
  allowedChannels: (value) => slackIds(value, CHANNEL_IDS),
  autoReruns: rerunCount,
  autoRerunRule: rerunRule,
  broadcastFailures: (value) => flag(value, false),
};
const ENTRY_KEYS = Object.keys(ENTRY_FIELDS) as (keyof TemplateEntry)[];
const KNOWN_KEYS: ReadonlySet<string> = new Set(ENTRY_KEYS);

/**
 * Checks a catalog: an array of entries (unknown fields refused, defaults filled in) whose aliases
 * are unique. Never throws.
 * @returns the entries, or the first problem with its path (`[1, 'alias']`) and message.
 */
export function validateCatalog(input: unknown): CatalogValidation {
  if (!Array.isArray(input)) return refused(wrongTypeMessage('array', input));
  const entries: TemplateEntry[] = [];
  for (let i = 0; i < input.length; i++) {
    const entry = validateEntry(input[i]);
    if (!entry.ok) return refusedAt(i, entry.issue);
    entries.push(entry.value);
  }
  // Only a catalog with nothing else wrong is checked for duplicates, as zod refines last.
  const seen = new Set<string>();
  for (const [i, { alias }] of entries.entries()) {
    if (seen.has(alias)) return refused(`duplicate alias "${alias}"`, [i, 'alias']);
    seen.add(alias);
  }
  return accepted(entries);
}

/**
 * Parses and validates a catalog.
 * @throws Error naming the first problem (entry index and field) when the catalog is malformed.
 */
export function parseCatalog(input: unknown): TemplateEntry[] {
  const checked = validateCatalog(input);
  if (!checked.ok) throw new Error(catalogProblem(checked.issue));
  return checked.value;
}

/** "Invalid templates catalog at [0.alias]: …" (the wording callers and operators know). */
function catalogProblem(issue: ValidationIssue): string {
  const where = issue.path.length ? ` at [${issue.path.join('.')}]` : '';
  return `Invalid templates catalog${where}: ${issue.message}`;
}

/** One entry: each field in order, then fields the catalog does not know. */
function validateEntry(input: unknown): Validation<TemplateEntry> {
  if (!isRecord(input)) return refused(wrongTypeMessage('object', input));
  const entry: Partial<Record<keyof TemplateEntry, unknown>> = {};
  for (const key of ENTRY_KEYS) {
    const checked = ENTRY_FIELDS[key](input[key]);
    if (!checked.ok) return refusedAt(key, checked.issue);
    entry[key] = checked.value;
  }
  const unknown = unknownKeysOf(input, KNOWN_KEYS);
  if (unknown.length > 0) return refused(unknownKeysMessage(unknown));
  // Every key was just set from its own field's check.
  return accepted(entry as TemplateEntry);
}

function matching(value: unknown, pattern: RegExp, rule: string): Validation<string> {
  if (typeof value !== 'string') return refused(wrongTypeMessage('string', value));
  return pattern.test(value) ? accepted(value) : refused(rule);
}

function textOfLength(value: unknown, min: number, max: number): Validation<string> {
  if (typeof value !== 'string') return refused(wrongTypeMessage('string', value));
  const length = codePointLength(value);
  if (length < min) return refused(tooShortMessage(min));
  if (length > max) return refused(tooLongMessage(max));
  return accepted(value);
}

/** The pattern of one kind of Slack id and how a mismatch is explained. */
interface SlackIdRule {
  readonly pattern: RegExp;
  readonly rule: string;
}

/** Slack ids are upper-case alphanumerics with a type prefix (U…, W…, S…, C…, G…). */
function slackIdRule(prefixes: string, what: string): SlackIdRule {
  return {
    pattern: new RegExp(`^[${prefixes}][A-Z0-9]{2,}$`),
    rule: `must be a Slack ${what} id such as ${prefixes[0]}0123ABCD`,
  };
}

/** A list of Slack ids, empty when absent. */
function slackIds(value: unknown, { pattern, rule }: SlackIdRule): Validation<string[]> {
  if (value === undefined) return accepted([]);
  if (!Array.isArray(value)) return refused(wrongTypeMessage('array', value));
  const ids: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const id = matching(value[i], pattern, rule);
    if (!id.ok) return refusedAt(i, id.issue);
    ids.push(id.value);
  }
  return accepted(ids);
}

/** `autoReruns`: a whole number from 0 to 2, 0 when absent. */
function rerunCount(value: unknown): Validation<number> {
  if (value === undefined) return accepted(0);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return refused(wrongTypeMessage('number', value));
  }
  if (!Number.isInteger(value)) return refused(wrongTypeMessage('int', value));
  // zod checks the safe-integer range before the schema's own bounds.
  if (value > Number.MAX_SAFE_INTEGER) {
    return refused(tooBigNumberMessage(Number.MAX_SAFE_INTEGER, 'int'));
  }
  if (value < Number.MIN_SAFE_INTEGER) {
    return refused(tooSmallNumberMessage(Number.MIN_SAFE_INTEGER, 'int'));
  }
  if (value < 0) return refused(tooSmallNumberMessage(0));
  if (value > 2) return refused(tooBigNumberMessage(2));
  return accepted(value);
}

const RERUN_RULES: readonly AutoRerunRule[] = ['until-pass', 'confirm'];

/** `autoRerunRule`: one of {@link RERUN_RULES}, `until-pass` when absent. */
function rerunRule(value: unknown): Validation<AutoRerunRule> {
  if (value === undefined) return accepted('until-pass');
  const rule = RERUN_RULES.find((r) => r === value);
  return rule
    ? accepted(rule)
    : refused(`Invalid option: expected one of ${RERUN_RULES.map((r) => `"${r}"`).join('|')}`);
}

function flag(value: unknown, fallback: boolean): Validation<boolean> {
  if (value === undefined) return accepted(fallback);
  return typeof value === 'boolean' ? accepted(value) : refused(wrongTypeMessage('boolean', value));
}
