import type { AutoRerunRule } from '../job';
import { isUrlTemplate } from '../url-template';
import {
  accepted,
  codePointLength,
  isRecord,
  mustBe,
  refused,
  refusedAt,
  unknownKeysOf,
  type Validation,
  type ValidationIssue,
} from '../validation';

// Each field is checked in the order of TemplateEntry, so the first problem of an entry is found
// in the order an operator reads it; every problem names the field, what it accepts and what it
// got ("autoReruns must be a whole number from 0 to 2, got 3").

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
  /** What the template tests, shown in the run picker (1-300 characters); optional. */
  description?: string;
  /**
   * A run that passes cleanly the first time updates its card and posts no reply in the thread
   * (failures always reply); default true.
   */
  quietPasses: boolean;
  /**
   * URL of a job's page in ATS for this template's **Open in ATS** button, with `{appId}`,
   * `{jobId}`, `{templateId}` placeholders; overrides the deployment's. Optional.
   */
  atsJobUrlTemplate?: string;
}

/** Outcome of {@link validateCatalog}: the entries with defaults filled in, or the first problem. */
export type CatalogValidation = Validation<TemplateEntry[]>;

const ALIAS: TextRule = {
  pattern: /^[a-z0-9][a-z0-9._-]{0,39}$/,
  accepts: '1-40 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
};
const CHANNEL_ID = slackIdRule('CG', 'channel');
const USER_ID = slackIdRule('UW', 'user');
const USER_GROUP_ID = slackIdRule('S', 'user group');

/** How each field of an entry is checked, in the order problems are looked for. */
const ENTRY_FIELDS: {
  [K in keyof TemplateEntry]-?: (value: unknown, field: K) => Validation<TemplateEntry[K]>;
} = {
  alias: (value, field) => text(value, field, ALIAS),
  templateId: (value, field) => text(value, field, textOfLength(1, 200)),
  name: (value, field) => text(value, field, textOfLength(1, 150)),
  notifyChannels: (value, field) => slackIds(value, field, CHANNEL_ID),
  allowedUsers: (value, field) => slackIds(value, field, USER_ID),
  allowedUserGroups: (value, field) => slackIds(value, field, USER_GROUP_ID),
  allowedChannels: (value, field) => slackIds(value, field, CHANNEL_ID),
  autoReruns: (value, field) => wholeNumber(value, field, { min: 0, max: 2, fallback: 0 }),
  autoRerunRule: (value, field) => oneOf(value, field, RERUN_RULES, 'until-pass'),
  broadcastFailures: (value, field) => flag(value, field, false),
  description: (value, field) => optional(value, () => text(value, field, textOfLength(1, 300))),
  quietPasses: (value, field) => flag(value, field, true),
  atsJobUrlTemplate: (value, field) => optional(value, () => urlTemplate(value, field)),
};
const ENTRY_KEYS = Object.keys(ENTRY_FIELDS) as (keyof TemplateEntry)[];
const KNOWN_KEYS: ReadonlySet<string> = new Set(ENTRY_KEYS);

/**
 * Checks a catalog: an array of entries (unknown fields refused, defaults filled in) whose aliases
 * are unique. Never throws.
 * @returns the entries, or the first problem with its path (`[1, 'alias']`) and message.
 */
export function validateCatalog(input: unknown): CatalogValidation {
  if (!Array.isArray(input)) return mustBe('the catalog', 'a list (JSON array) of entries', input);
  const entries: TemplateEntry[] = [];
  for (let i = 0; i < input.length; i++) {
    const entry = validateEntry(input[i]);
    if (!entry.ok) return refusedAt(i, entry.issue);
    entries.push(entry.value);
  }
  const firstUse = new Map<string, number>();
  for (const [i, { alias }] of entries.entries()) {
    const earlier = firstUse.get(alias);
    if (earlier !== undefined) {
      return refused(
        `alias "${alias}" is already used by entry ${earlier}: aliases must be unique`,
        [i, 'alias'],
      );
    }
    firstUse.set(alias, i);
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

/** "Invalid templates catalog at [0.alias]: alias must be …" (the wording operators know). */
function catalogProblem(issue: ValidationIssue): string {
  const where = issue.path.length ? ` at [${issue.path.join('.')}]` : '';
  return `Invalid templates catalog${where}: ${issue.message}`;
}

/** One entry: each field in order, then fields the catalog does not know. */
function validateEntry(input: unknown): Validation<TemplateEntry> {
  if (!isRecord(input)) {
    return mustBe('an entry', 'an object with alias, templateId and name', input);
  }
  const entry: Partial<Record<keyof TemplateEntry, unknown>> = {};
  for (const key of ENTRY_KEYS) {
    const check = ENTRY_FIELDS[key] as (value: unknown, field: string) => Validation<unknown>;
    const checked = check(input[key], key);
    if (!checked.ok) return refusedAt(key, checked.issue);
    // Optional fields left out stay absent.
    if (checked.value !== undefined) entry[key] = checked.value;
  }
  const unknown = unknownKeysOf(input, KNOWN_KEYS);
  if (unknown.length > 0) {
    const fields = unknown.map((key) => JSON.stringify(key)).join(', ');
    const plural = unknown.length > 1 ? 's' : '';
    return refused(`unknown field${plural} ${fields} (known fields: ${ENTRY_KEYS.join(', ')})`);
  }
  // Every key was just set from its own field's check.
  return accepted(entry as TemplateEntry);
}

/** What a text field accepts: a pattern, or a length in characters (code points). */
interface TextRule {
  readonly pattern?: RegExp;
  readonly min?: number;
  readonly max?: number;
  /** What it accepts, in words. */
  readonly accepts: string;
}

/** An optional field: absent stays absent, anything else is checked. */
function optional<T>(value: unknown, check: () => Validation<T>): Validation<T | undefined> {
  return value === undefined ? accepted(undefined) : check();
}

/** `atsJobUrlTemplate`: 1-1000 characters, an http(s) URL with only the known placeholders. */
function urlTemplate(value: unknown, field: string): Validation<string> {
  const accepts = `an http(s) URL of at most 1000 characters; it may hold the placeholders {appId}, {jobId} and {templateId}`;
  return typeof value === 'string' && value.length <= 1_000 && isUrlTemplate(value)
    ? accepted(value)
    : mustBe(field, accepts, value);
}

function textOfLength(min: number, max: number): TextRule {
  return { min, max, accepts: `text of ${min}-${max} characters` };
}

function text(value: unknown, field: string, rule: TextRule): Validation<string> {
  if (typeof value !== 'string') return mustBe(field, rule.accepts, value);
  const length = codePointLength(value);
  const fits =
    (rule.pattern?.test(value) ?? true) &&
    length >= (rule.min ?? 0) &&
    length <= (rule.max ?? Number.POSITIVE_INFINITY);
  return fits ? accepted(value) : mustBe(field, rule.accepts, value);
}

/** Slack ids are upper-case alphanumerics with a type prefix (U…, W…, S…, C…, G…). */
function slackIdRule(prefixes: string, what: string): TextRule {
  return {
    pattern: new RegExp(`^[${prefixes}][A-Z0-9]{2,}$`),
    accepts: `a Slack ${what} id such as ${prefixes[0]}0123ABCD`,
  };
}

/** A list of Slack ids, empty when absent. */
function slackIds(value: unknown, field: string, id: TextRule): Validation<string[]> {
  if (value === undefined) return accepted([]);
  if (!Array.isArray(value)) return mustBe(field, `a list of ids, each ${id.accepts}`, value);
  const ids: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const checked = text(value[i], `${field}[${i}]`, id);
    if (!checked.ok) return refusedAt(i, checked.issue);
    ids.push(checked.value);
  }
  return accepted(ids);
}

function wholeNumber(
  value: unknown,
  field: string,
  rule: { min: number; max: number; fallback: number },
): Validation<number> {
  if (value === undefined) return accepted(rule.fallback);
  const fits =
    Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max;
  return fits
    ? accepted(value as number)
    : mustBe(field, `a whole number from ${rule.min} to ${rule.max}`, value);
}

const RERUN_RULES: readonly AutoRerunRule[] = ['until-pass', 'confirm'];

function oneOf<T extends string>(
  value: unknown,
  field: string,
  choices: readonly T[],
  fallback: T,
): Validation<T> {
  if (value === undefined) return accepted(fallback);
  const chosen = choices.find((choice) => choice === value);
  const accepts = `one of ${choices.map((choice) => `"${choice}"`).join(', ')}`;
  return chosen === undefined ? mustBe(field, accepts, value) : accepted(chosen);
}

function flag(value: unknown, field: string, fallback: boolean): Validation<boolean> {
  if (value === undefined) return accepted(fallback);
  return typeof value === 'boolean' ? accepted(value) : mustBe(field, 'true or false', value);
}
