import { echo } from '../requests/command';
import {
  parseScheduleRule,
  RULE_FORMS,
  type RuleProblemCode,
  type ScheduleRule,
} from './schedule-rule';
import { canonicalTimeZone } from './time-zone';

/** Outcome of {@link parseWhenAndZone}. */
export type WhenAndZone =
  | {
      ok: true;
      rule: ScheduleRule;
      /** The zone typed after the rule, by its canonical name; undefined when none was. */
      timeZone: string | undefined;
    }
  | { ok: false; code: RuleProblemCode | 'ZONE_UNKNOWN'; message: string };

/** How a command that takes `<when> [zone]` words its refusals. */
export interface WhenWording {
  /** Appended to the refusals of the rule: the whole command's shape, starting with a newline. */
  usage: string;
  /** What the command's `<when>` accepts, said instead of {@link RULE_FORMS}. */
  forms?: string;
}

/**
 * Reads `<when> [time zone]`, the words `/ats schedule` and `/ats digest` take: the rule, then at
 * most one IANA time zone. Never throws.
 * @returns the rule and the canonical zone given (if any), or a refusal that says what is accepted.
 */
export function parseWhenAndZone(words: readonly string[], wording: WhenWording): WhenAndZone {
  const { usage, forms = RULE_FORMS } = wording;
  const parsed = parseScheduleRule(words);
  if (!parsed.ok) {
    return { ...parsed, message: `${parsed.message.replace(RULE_FORMS, forms)}${usage}` };
  }
  if (parsed.rest.length > 1) {
    return {
      ok: false,
      code: 'TOO_MANY_WORDS',
      message: `I read \`${echo(parsed.rest.join(' '))}\` after the time, but only one time zone may follow it.${usage}`,
    };
  }
  const given = parsed.rest[0];
  if (given === undefined) return { ok: true, rule: parsed.rule, timeZone: undefined };
  const timeZone = canonicalTimeZone(given);
  if (!timeZone) {
    return {
      ok: false,
      code: 'ZONE_UNKNOWN',
      message: `\`${echo(given)}\` is not a time zone I know: use an IANA name such as \`Europe/Amsterdam\`, \`America/New_York\` or \`UTC\`.`,
    };
  }
  return { ok: true, rule: parsed.rule, timeZone };
}
