/**
 * When a schedule runs, as people type it after `/ats schedule <alias>`: `daily HH:MM`,
 * `weekdays HH:MM`, `<days> HH:MM` (days like `mon,wed,fri`) or `every <N> hours`. The rule is
 * kept as typed fields; the cron expressions the schedulers read are derived from it.
 */
export type ScheduleRule =
  | { kind: 'daily'; hour: number; minute: number }
  | { kind: 'weekdays'; hour: number; minute: number }
  | { kind: 'days'; days: Weekday[]; hour: number; minute: number }
  | { kind: 'every_hours'; hours: number };

/** Days of the week, Sunday first as in cron (0 = Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** One day of the week by its three-letter name. */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Intervals `every <N> hours` accepts: the divisors of 24 below it, so that every run of a day is
 * exactly N hours after the one before (a cron hour step that does not divide 24 would leave a
 * shorter gap at midnight).
 */
export const EVERY_HOURS = [1, 2, 3, 4, 6, 8, 12] as const;

/** Why a `<when>` was refused. */
export type RuleProblemCode =
  | 'RULE_MISSING'
  | 'RULE_UNKNOWN'
  | 'TIME_INVALID'
  | 'DAYS_INVALID'
  | 'INTERVAL_INVALID'
  | 'TOO_MANY_WORDS';

/** Outcome of {@link parseScheduleRule}. */
export type RuleParse =
  | {
      ok: true;
      rule: ScheduleRule /** Words after the rule (the time zone, if any). */;
      rest: string[];
    }
  | { ok: false; code: RuleProblemCode; message: string };

/** What `<when>` accepts, said in every refusal. */
export const RULE_FORMS =
  '`daily HH:MM`, `weekdays HH:MM`, `mon,wed,fri HH:MM` (days `mon` to `sun`, comma-separated) or `every N hours` (N one of 1, 2, 3, 4, 6, 8, 12)';

const TIME = /^(\d{1,2}):(\d{2})$/;

/**
 * Reads the rule at the start of `words` (the text after the alias, split on blanks). Day names
 * and keywords are case-insensitive. Never throws.
 * @returns the rule and the words left after it, or a refusal whose message says what is accepted.
 */
export function parseScheduleRule(words: readonly string[]): RuleParse {
  const [first, ...rest] = words;
  if (first === undefined) return refusal('RULE_MISSING', `Say when it should run: ${RULE_FORMS}.`);
  const keyword = first.toLowerCase();
  if (keyword === 'every') return parseEvery(rest);
  if (keyword === 'daily' || keyword === 'weekdays') {
    const time = parseTime(rest[0]);
    if (!time.ok) return time;
    return { ok: true, rule: { kind: keyword, ...time.value }, rest: rest.slice(1) };
  }
  if (/^[a-z]{3}(,[a-z]{3})*$/i.test(first)) {
    const days = parseDays(keyword);
    if (!days.ok) return days;
    const time = parseTime(rest[0]);
    if (!time.ok) return time;
    return {
      ok: true,
      rule: { kind: 'days', days: days.value, ...time.value },
      rest: rest.slice(1),
    };
  }
  return refusal(
    'RULE_UNKNOWN',
    `I can't read \`${first.slice(0, 40)}\` as a time: use ${RULE_FORMS}.`,
  );
}

/** The shortest time between two runs of the rule, in hours. */
export function shortestIntervalHours(rule: ScheduleRule): number {
  switch (rule.kind) {
    case 'every_hours':
      return rule.hours;
    case 'daily':
    case 'weekdays':
      return 24;
    case 'days':
      return 24 * shortestDayGap(rule.days);
  }
}

/**
 * The rule as a five-field cron expression (`minute hour day-of-month month day-of-week`, days
 * 0-6 from Sunday), as cron libraries read it.
 */
export function cronOf(rule: ScheduleRule): string {
  switch (rule.kind) {
    case 'daily':
      return `${rule.minute} ${rule.hour} * * *`;
    case 'weekdays':
      return `${rule.minute} ${rule.hour} * * 1-5`;
    case 'days':
      return `${rule.minute} ${rule.hour} * * ${dayNumbers(rule.days).join(',')}`;
    case 'every_hours':
      return rule.hours === 1 ? '0 * * * *' : `0 */${rule.hours} * * *`;
  }
}

/**
 * The rule as an EventBridge Scheduler cron expression (six fields: minutes, hours,
 * day-of-month, month, day-of-week, year; one of the two day fields must be `?`; days MON-SUN).
 */
export function awsCronOf(rule: ScheduleRule): string {
  switch (rule.kind) {
    case 'daily':
      return `cron(${rule.minute} ${rule.hour} * * ? *)`;
    case 'weekdays':
      return `cron(${rule.minute} ${rule.hour} ? * MON-FRI *)`;
    case 'days': {
      const days = dayNumbers(rule.days).map((d) => WEEKDAYS[d]?.toUpperCase());
      return `cron(${rule.minute} ${rule.hour} ? * ${days.join(',')} *)`;
    }
    case 'every_hours':
      return `cron(0 ${rule.hours === 1 ? '*' : `0/${rule.hours}`} * * ? *)`;
  }
}

/** `weekdays 02:00`, `mon,wed,fri 18:30`, `every 6 hours`: the rule as people type it. */
export function describeRule(rule: ScheduleRule): string {
  switch (rule.kind) {
    case 'daily':
    case 'weekdays':
      return `${rule.kind} ${clock(rule.hour, rule.minute)}`;
    case 'days':
      return `${orderedDays(rule.days).join(',')} ${clock(rule.hour, rule.minute)}`;
    case 'every_hours':
      return `every ${rule.hours} ${rule.hours === 1 ? 'hour' : 'hours'}`;
  }
}

/** The wall-clock time of day a rule names (`every N hours` names none). */
export function timeOfDayOf(rule: ScheduleRule): { hour: number; minute: number } | undefined {
  return rule.kind === 'every_hours' ? undefined : { hour: rule.hour, minute: rule.minute };
}

/** `HH:MM`, zero-padded. */
export function clock(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function parseEvery(words: readonly string[]): RuleParse {
  const [count, unit, ...rest] = words;
  const allowed = EVERY_HOURS.join(', ');
  if (count === undefined || unit === undefined || !/^hours?$/i.test(unit)) {
    return refusal(
      'INTERVAL_INVALID',
      `Write an interval as \`every N hours\` with N one of ${allowed}.`,
    );
  }
  const hours = /^\d{1,2}$/.test(count) ? Number(count) : Number.NaN;
  if (!(EVERY_HOURS as readonly number[]).includes(hours)) {
    const hint = hours === 24 ? ' For once a day, use `daily HH:MM`.' : '';
    return refusal(
      'INTERVAL_INVALID',
      `\`every ${count.slice(0, 10)} hours\` is not an interval I can keep: N must be one of ${allowed} (so that every run is N hours after the one before).${hint}`,
    );
  }
  return { ok: true, rule: { kind: 'every_hours', hours }, rest };
}

type Parsed<T> = { ok: true; value: T } | Refusal;

function parseTime(word: string | undefined): Parsed<{ hour: number; minute: number }> {
  const match = word === undefined ? null : TIME.exec(word);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) {
    const given =
      word === undefined
        ? 'No time of day was given'
        : `\`${word.slice(0, 20)}\` is not a time of day`;
    return refusal(
      'TIME_INVALID',
      `${given}: use 24-hour \`HH:MM\` from 00:00 to 23:59, e.g. \`02:00\`.`,
    );
  }
  return { ok: true, value: { hour, minute } };
}

function parseDays(text: string): Parsed<Weekday[]> {
  const days: Weekday[] = [];
  for (const name of text.split(',')) {
    if (!(WEEKDAYS as readonly string[]).includes(name)) {
      return refusal(
        'DAYS_INVALID',
        `\`${name}\` is not a day: use \`mon\`, \`tue\`, \`wed\`, \`thu\`, \`fri\`, \`sat\`, \`sun\`, comma-separated (e.g. \`mon,wed,fri 02:00\`), or \`daily\` / \`weekdays\`.`,
      );
    }
    if (!days.includes(name as Weekday)) days.push(name as Weekday);
  }
  return { ok: true, value: orderedDays(days) };
}

function orderedDays(days: readonly Weekday[]): Weekday[] {
  // Monday first, as people read a week.
  const order = (d: Weekday) => (WEEKDAYS.indexOf(d) + 6) % 7;
  return [...days].sort((a, b) => order(a) - order(b));
}

function dayNumbers(days: readonly Weekday[]): number[] {
  return days.map((d) => WEEKDAYS.indexOf(d)).sort((a, b) => a - b);
}

/** Fewest days from one listed day to the next, around the week. */
function shortestDayGap(days: readonly Weekday[]): number {
  const numbers = dayNumbers(days);
  if (numbers.length <= 1) return 7;
  let gap = 7;
  for (let i = 0; i < numbers.length; i++) {
    const next = numbers[(i + 1) % numbers.length] as number;
    const here = numbers[i] as number;
    gap = Math.min(gap, (next - here + 7) % 7 || 7);
  }
  return gap;
}

/** A refusal, as both {@link RuleParse} and the parts' results take it. */
interface Refusal {
  ok: false;
  code: RuleProblemCode;
  message: string;
}

function refusal(code: RuleProblemCode, message: string): Refusal {
  return { ok: false, code, message };
}
