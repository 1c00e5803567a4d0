import { closestMatch } from './closest-match';

/** The sub-commands of `/ats`, in the order help lists them. */
export const ATS_VERBS = [
  'run',
  'rerun',
  'watch',
  'status',
  'list',
  'history',
  'schedule',
  'schedules',
  'unschedule',
  'digest',
  'help',
] as const;

/** One sub-command of `/ats`. */
export type AtsVerb = (typeof ATS_VERBS)[number];

/** Why a command could not be understood. */
export type CommandProblemCode =
  | 'UNKNOWN_COMMAND'
  | 'MISSING_ARGUMENT'
  | 'TOO_MANY_ARGUMENTS'
  | 'BAD_ARGUMENT'
  | 'BAD_DAYS'
  | 'TOO_LONG';

/** `/ats` text turned into what the person asked for. */
export type AtsCommand =
  | { verb: 'run'; target: string }
  /** `/ats` alone, or `/ats run` without a template: pick one from a list. */
  | { verb: 'pick' }
  | { verb: 'rerun'; jobRef: string }
  | { verb: 'watch'; atsJobId: string }
  | { verb: 'status'; jobRef?: string }
  | { verb: 'list' }
  | { verb: 'history'; target: string; days: number }
  | { verb: 'schedule'; target: string; when: string[] }
  | { verb: 'schedules' }
  | { verb: 'unschedule'; scheduleId: string }
  /** `digest <when> [zone]` sets the channel's digest; `digest off` removes it. */
  | { verb: 'digest'; when: string[] }
  | { verb: 'help' }
  | {
      verb: 'invalid';
      code: CommandProblemCode;
      /** What was typed where the problem is, cut to {@link MAX_ECHO_LENGTH} characters. */
      given: string;
      /** The verb the problem belongs to, when the verb itself was understood. */
      about?: AtsVerb;
      /** A verb close to an unknown one (`stauts` → `status`). */
      suggestedVerb?: AtsVerb;
    };

/** Longest piece of input ever repeated back to a person. */
export const MAX_ECHO_LENGTH = 80;

/**
 * Longest `/ats` text accepted. Real commands are a few dozen characters; longer text is refused
 * as a whole (not cut) so that nothing past the cut can change what a command means.
 */
const MAX_PARSED_LENGTH = 2_000;

/**
 * Job ids and ATS job ids people type: our request ids and ATS's UUID-like ids. Anything else
 * (spaces, markup, control characters) is refused before it reaches a store or a SOAP body.
 */
const JOB_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * An ATS job id: ATS names jobs by UUID. `/ats watch` sends the id to ATS, so anything else is
 * refused at once with what is expected, rather than after a round trip to ATS.
 */
export const ATS_JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An alias or a template id as typed: looked up in the catalog, never sent anywhere as is. */
const TEMPLATE_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/**
 * Parses the text after `/ats`. Never throws: any input (empty, huge, markup, emoji, control
 * characters) yields a command, `invalid` when it cannot be understood. Verbs are
 * case-insensitive; arguments may be wrapped in backticks or quotes as people paste them.
 */
export function parseAtsCommand(text: string): AtsCommand {
  if (text.length > MAX_PARSED_LENGTH) {
    return { verb: 'invalid', code: 'TOO_LONG', given: echo(text.trim()) };
  }
  const words = splitWords(text);
  const [first, ...args] = words;
  if (first === undefined) return { verb: 'pick' };
  const verb = first.toLowerCase();
  switch (verb) {
    case 'run':
      if (args.length === 0) return { verb: 'pick' };
      return oneArgument('run', args, TEMPLATE_REF, (target) => ({ verb: 'run', target }));
    case 'rerun':
      return oneArgument('rerun', args, JOB_REF, (jobRef) => ({ verb: 'rerun', jobRef }));
    case 'watch':
      return oneArgument('watch', args, ATS_JOB_ID, (atsJobId) => ({ verb: 'watch', atsJobId }));
    case 'status':
      if (args.length === 0) return { verb: 'status' };
      return oneArgument('status', args, JOB_REF, (jobRef) => ({ verb: 'status', jobRef }));
    case 'history':
      return historyCommand(args);
    case 'schedule':
      return scheduleCommand(args);
    case 'digest':
      return digestCommand(args);
    case 'unschedule':
      return oneArgument('unschedule', args, JOB_REF, (scheduleId) => ({
        verb: 'unschedule',
        scheduleId,
      }));
    case 'list':
    case 'schedules':
    case 'help':
      return args.length === 0
        ? { verb }
        : { verb: 'invalid', code: 'TOO_MANY_ARGUMENTS', given: echo(args.join(' ')), about: verb };
    default: {
      const suggestedVerb = closestMatch(verb, ATS_VERBS) as AtsVerb | undefined;
      return {
        verb: 'invalid',
        code: 'UNKNOWN_COMMAND',
        given: echo(first),
        ...(suggestedVerb ? { suggestedVerb } : {}),
      };
    }
  }
}

/** Cuts a piece of input to what may be repeated back, marking the cut. */
export function echo(input: string): string {
  const chars = Array.from(input);
  return chars.length <= MAX_ECHO_LENGTH ? input : `${chars.slice(0, MAX_ECHO_LENGTH).join('')}…`;
}

function oneArgument(
  verb: AtsVerb,
  args: string[],
  shape: RegExp,
  build: (value: string) => AtsCommand,
): AtsCommand {
  const [value, ...rest] = args;
  if (value === undefined)
    return { verb: 'invalid', code: 'MISSING_ARGUMENT', given: '', about: verb };
  if (rest.length > 0) {
    return {
      verb: 'invalid',
      code: 'TOO_MANY_ARGUMENTS',
      given: echo(args.join(' ')),
      about: verb,
    };
  }
  if (!shape.test(value)) {
    return { verb: 'invalid', code: 'BAD_ARGUMENT', given: echo(value), about: verb };
  }
  return build(value);
}

/** Days `/ats history` looks back when none are given. */
export const DEFAULT_HISTORY_QUERY_DAYS = 30;
/**
 * Most days `/ats history` looks back: the period and the one before it it is compared with fit
 * in the history kept by default (400 days).
 */
export const MAX_HISTORY_QUERY_DAYS = 200;

/** `history <alias> [days]`: days a whole number from 1 to {@link MAX_HISTORY_QUERY_DAYS}. */
function historyCommand(args: string[]): AtsCommand {
  const [target, days, ...rest] = args;
  if (target === undefined) {
    return { verb: 'invalid', code: 'MISSING_ARGUMENT', given: '', about: 'history' };
  }
  if (rest.length > 0) {
    return {
      verb: 'invalid',
      code: 'TOO_MANY_ARGUMENTS',
      given: echo(args.join(' ')),
      about: 'history',
    };
  }
  if (!TEMPLATE_REF.test(target)) {
    return { verb: 'invalid', code: 'BAD_ARGUMENT', given: echo(target), about: 'history' };
  }
  if (days === undefined) return { verb: 'history', target, days: DEFAULT_HISTORY_QUERY_DAYS };
  const n = /^\d{1,4}$/.test(days) ? Number(days) : Number.NaN;
  if (!(n >= 1 && n <= MAX_HISTORY_QUERY_DAYS)) {
    return { verb: 'invalid', code: 'BAD_DAYS', given: echo(days), about: 'history' };
  }
  return { verb: 'history', target, days: n };
}

/** A word of a schedule's `<when>` and zone: `weekdays`, `02:00`, `mon,fri`, `Europe/Amsterdam`. */
const WHEN_WORD = /^[A-Za-z0-9][A-Za-z0-9:,_/+.-]{0,63}$/;

/** `schedule <alias> <when…>`: the words of `<when>` are read by the schedules. */
function scheduleCommand(args: string[]): AtsCommand {
  const [target, ...when] = args;
  if (target === undefined) {
    return { verb: 'invalid', code: 'MISSING_ARGUMENT', given: '', about: 'schedule' };
  }
  const bad = [target, ...when].find((word, i) => !(i === 0 ? TEMPLATE_REF : WHEN_WORD).test(word));
  if (bad !== undefined) {
    return { verb: 'invalid', code: 'BAD_ARGUMENT', given: echo(bad), about: 'schedule' };
  }
  return { verb: 'schedule', target, when };
}

/** `digest <when…>` or `digest off`: the words are read by the digest's requests. */
function digestCommand(args: string[]): AtsCommand {
  if (args.length === 0) {
    return { verb: 'invalid', code: 'MISSING_ARGUMENT', given: '', about: 'digest' };
  }
  const bad = args.find((word) => !WHEN_WORD.test(word));
  if (bad !== undefined) {
    return { verb: 'invalid', code: 'BAD_ARGUMENT', given: echo(bad), about: 'digest' };
  }
  return { verb: 'digest', when: args };
}

/** Whitespace of any kind separates words; wrapping backticks and quotes are dropped. */
function splitWords(text: string): string[] {
  return text
    .split(/[\s\u200b\u2060\ufeff]+/u)
    .map((word) => word.replace(/^[`'"“”‘’]+|[`'"“”‘’]+$/gu, ''))
    .filter((word) => word.length > 0);
}
