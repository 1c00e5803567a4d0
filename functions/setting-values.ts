import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseCatalog } from './core/requests/catalog';
import { canonicalTimeZone } from './core/schedules/time-zone';
import { isUrlTemplate } from './core/url-template';
import { mustBeMessage } from './core/validation';
import { describeRule, type SettingRule } from './setting-spec';
import { type SettingName, settingSpec } from './settings';

// How a setting's value is checked against its row of the settings table, from the two places
// values come from: an environment variable (text) and cdk.json (JSON). Both say a problem the
// same way: "<name> must be <what the row accepts>, got <value>".

/** A checked value, or the problem with it (naming the setting by `label`). */
export type SettingCheck = { ok: true; value: unknown } | { ok: false; problem: string };

const EMAIL =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/**
 * Checks an environment variable's text (already trimmed, not empty) against the setting's row.
 * @param label - how messages name the setting (the variable).
 */
export function settingFromText(name: SettingName, text: string, label: string): SettingCheck {
  const { rule } = settingSpec(name);
  const refuse = (): SettingCheck => refusal(label, rule, text);
  switch (rule.kind) {
    case 'integer':
      return /^\d+$/.test(text) ? inBounds(Number(text), rule, refuse) : refuse();
    case 'decimal':
      return /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? inBounds(Number(text), rule, refuse) : refuse();
    case 'choice': {
      const value = rule.values.find((choice) => String(choice) === text);
      return value === undefined ? refuse() : { ok: true, value };
    }
    case 'catalog': {
      // JSON starts with a bracket; anything else names a file.
      if (!/^[[{]/.test(text)) return catalogFile(text, label);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        return {
          ok: false,
          problem: `${label} must be a JSON array of templates: ${message(error)}`,
        };
      }
      return catalog(json, label);
    }
    case 'slackIds':
      return slackIds(text.split(','), rule, refuse);
    default:
      return fromString(rule, text, label);
  }
}

/**
 * Checks a value from cdk.json (any JSON, not undefined) against the setting's row. Text is
 * trimmed. A catalog is the array itself or the path of a JSON file holding it.
 * @param label - how messages name the setting (the option).
 */
export function settingFromJson(name: SettingName, value: unknown, label: string): SettingCheck {
  const { rule } = settingSpec(name);
  const refuse = (): SettingCheck => refusal(label, rule, value);
  switch (rule.kind) {
    case 'integer':
      return Number.isInteger(value) ? inBounds(value as number, rule, refuse) : refuse();
    case 'decimal':
      return Number.isFinite(value) ? inBounds(value as number, rule, refuse) : refuse();
    case 'choice':
      return rule.values.includes(value as string | number) ? { ok: true, value } : refuse();
    case 'catalog':
      return typeof value === 'string' && value.trim() !== ''
        ? catalogFile(value.trim(), label)
        : catalog(value, label);
    case 'slackIds':
      // A list, or the variable's comma-separated text (as the stack passes it on).
      if (typeof value === 'string') return slackIds(value.split(','), rule, refuse);
      return Array.isArray(value) && value.every((id) => typeof id === 'string')
        ? slackIds(value, rule, refuse)
        : refuse();
    default:
      return typeof value === 'string' ? fromString(rule, value.trim(), label) : refuse();
  }
}

/** The rules whose value is text. */
type TextRule = Exclude<
  SettingRule,
  { kind: 'integer' | 'decimal' | 'choice' | 'catalog' | 'slackIds' }
>;

function fromString(rule: TextRule, text: string, label: string): SettingCheck {
  const refuse = (): SettingCheck => refusal(label, rule, text, isHidden(rule));
  switch (rule.kind) {
    case 'url':
      return url(text, label, refuse);
    case 'text':
      if (text === '') return refuse();
      if (rule.maxLength !== undefined && [...text].length > rule.maxLength) {
        return {
          ok: false,
          problem: `${label} must be at most ${rule.maxLength} characters, got ${[...text].length}`,
        };
      }
      return { ok: true, value: text };
    case 'pattern':
      return rule.pattern.test(text) ? { ok: true, value: text } : refuse();
    case 'email':
      return EMAIL.test(text) ? { ok: true, value: text } : refuse();
    case 'timeZone': {
      const zone = canonicalTimeZone(text);
      return zone ? { ok: true, value: zone } : refuse();
    }
    case 'urlTemplate':
      return text.length <= 1_000 && isUrlTemplate(text) ? { ok: true, value: text } : refuse();
    case 'secret':
      return text === '' ? refuse() : { ok: true, value: text };
  }
}

function isHidden(rule: TextRule): boolean {
  return rule.kind === 'secret' || (rule.kind === 'pattern' && rule.hidden === true);
}

function inBounds(
  value: number,
  rule: { min: number; max?: number },
  refuse: () => SettingCheck,
): SettingCheck {
  if (!Number.isSafeInteger(Math.trunc(value)) || value < rule.min) return refuse();
  if (rule.max !== undefined && value > rule.max) return refuse();
  return { ok: true, value };
}

function url(text: string, label: string, refuse: () => SettingCheck): SettingCheck {
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return refuse();
  if (parsed.username || parsed.password) {
    // A URL with credentials would end up in logs and error messages.
    return { ok: false, problem: `${label} must not contain a user name or password` };
  }
  // Endpoints are joined with relative paths (`RunJob`, `chat.postMessage`).
  return { ok: true, value: text.endsWith('/') ? text : `${text}/` };
}

/**
 * A catalog kept in a JSON file. A relative path is taken from the function's code directory on
 * Lambda (`LAMBDA_TASK_ROOT`, where the stack bundles `catalog.json`), else from the working
 * directory (the project root for `cdk`, wherever local mode is started).
 */
function catalogFile(path: string, label: string): SettingCheck {
  const base = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const file = isAbsolute(path) ? path : resolve(base, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? message(error);
    return { ok: false, problem: `${label}: cannot read the catalog file ${file} (${reason})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${label}: ${file} is not JSON: ${message(error)}` };
  }
  return catalog(json, `${label} (${path})`);
}

/**
 * Slack ids of the rule's kinds (2-14 upper-case letters and digits after the prefix; Slack's are
 * 9-11 characters long), deduplicated.
 */
function slackIds(
  ids: readonly string[],
  rule: Extract<SettingRule, { kind: 'slackIds' }>,
  refuse: () => SettingCheck,
): SettingCheck {
  const shape = new RegExp(`^[${rule.prefixes}][A-Z0-9]{2,14}$`);
  const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
  if (unique.length > rule.maxItems || !unique.every((id) => shape.test(id))) return refuse();
  return { ok: true, value: unique };
}

function catalog(json: unknown, label: string): SettingCheck {
  try {
    return { ok: true, value: parseCatalog(json) };
  } catch (error) {
    return { ok: false, problem: `${label}: ${message(error)}` };
  }
}

/** "<label> must be <accepted values>, got <value>", as the catalog says it (no hidden value). */
function refusal(label: string, rule: SettingRule, value: unknown, hidden = false): SettingCheck {
  const accepts = describeRule(rule);
  if (hidden) return { ok: false, problem: `${label} must be ${accepts}` };
  return { ok: false, problem: mustBeMessage(label, accepts, value) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Problems between settings that are each valid alone: the hops around the expected finish are
 * at least as far apart as those inside it. `label` names a setting (its variable or option).
 */
export function settingCombinationProblems(
  values: { hopWindowSeconds?: unknown; hopRampSeconds?: unknown },
  label: (name: 'hopWindowSeconds' | 'hopRampSeconds') => string,
): string[] {
  const { hopWindowSeconds: window, hopRampSeconds: ramp } = values;
  if (typeof window === 'number' && typeof ramp === 'number' && ramp < window) {
    return [
      `${label('hopRampSeconds')} must be at least ${label('hopWindowSeconds')} (${window}), got ${ramp}`,
    ];
  }
  return [];
}
