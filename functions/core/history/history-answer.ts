import type { Clock } from '../ports';
import { type AccessPolicy, type Asker, decideAccess } from '../requests/access';
import { accessRefusalAnswer } from '../requests/access-answers';
import type { TemplateEntry } from '../requests/catalog';
import { findTemplate } from '../requests/catalog-lookup';
import { unknownTemplate } from '../requests/command-problems';
import type { RequestAnswer } from '../requests/request-answer';
import { periodsEnding, templateTrend } from './history-stats';
import type { RunHistory } from './ports';

/**
 * Most records one `/ats history` answer reads (the period and the one before it, newest first):
 * 30 days of a template run 30 times a day and the 30 before them fit, and the read stays within
 * half of Slack's 3 s however busy the template is (`npm run bench:history`). A busier template's
 * answer counts its newest records and says so.
 */
export const HISTORY_READ_LIMIT = 2_000;

/** What {@link answerHistory} works with. */
export interface HistoryAnswerDeps {
  /** Run history; without it the answer says history is not kept. */
  history?: RunHistory;
  clock: Clock;
  catalog: readonly TemplateEntry[];
  /** The one access rule's policy: only who may run the template here sees its history. */
  access: AccessPolicy;
}

/**
 * `/ats history <alias> [days]`: the template's verdict strip, pass rate, median run time and
 * their change against the period before, and its most failed and flakiest cases. Only for
 * people who may run the template in the channel asked from (the access rule, as `run`); it
 * starts nothing, so like `/ats status` it takes no start quota. An unknown template gets help
 * with the closest alias.
 * @throws whatever the history store throws (the listener apologises then).
 */
export async function answerHistory(
  deps: HistoryAnswerDeps,
  command: { target: string; days: number },
  asker: Asker,
): Promise<RequestAnswer> {
  const { target, days } = command;
  const entry = findTemplate(deps.catalog, { templateAlias: target, templateId: target });
  if (!entry) {
    return {
      kind: 'help',
      templates: [...deps.catalog],
      problem: unknownTemplate(target, deps.catalog, 'history'),
    };
  }
  const verdict = await decideAccess(deps.access, asker, { action: 'run', template: entry });
  if (!verdict.allowed) return accessRefusalAnswer(verdict.refusal, target);
  if (!deps.history) {
    return {
      kind: 'refused',
      code: 'HISTORY_OFF',
      message: 'Run history is not kept by this bot: an admin deploys it with the bot.',
    };
  }
  const now = deps.clock.now();
  const { previous } = periodsEnding(now, days);
  const records = await deps.history.runsOfTemplate(
    entry.templateId,
    { from: previous.from, to: now },
    HISTORY_READ_LIMIT,
  );
  return {
    kind: 'history',
    template: entry,
    days,
    trend: templateTrend(records, { now, days }),
    recordsRead: records.length,
    capped: records.length >= HISTORY_READ_LIMIT,
  };
}
