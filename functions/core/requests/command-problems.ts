import type { TemplateEntry } from './catalog';
import { closestMatch } from './closest-match';
import { type AtsCommand, echo } from './command';
import type { CommandProblem } from './request-answer';

/**
 * `/ats run <target>` (or another verb taking a template) of a template the catalog does not
 * have, with the closest alias.
 */
export function unknownTemplate(
  target: string,
  catalog: readonly TemplateEntry[],
  verb: 'run' | 'history' = 'run',
): CommandProblem {
  const alias = closestMatch(
    target,
    catalog.map((e) => e.alias),
  );
  return {
    code: 'UNKNOWN_TEMPLATE',
    given: echo(target),
    about: verb,
    ...(alias ? { suggestion: `${verb} ${alias}` } : {}),
  };
}

/** Why a command was not understood, with what was probably meant. */
export function explainProblem(
  command: Extract<AtsCommand, { verb: 'invalid' }>,
  catalog: readonly TemplateEntry[],
): CommandProblem {
  const problem: CommandProblem = {
    code: command.code,
    given: command.given,
    ...(command.about ? { about: command.about } : {}),
  };
  if (command.code !== 'UNKNOWN_COMMAND') return problem;
  // `/ats smoke` most likely means `/ats run smoke`.
  const alias = closestMatch(
    command.given,
    catalog.map((e) => e.alias),
  );
  if (alias) return { ...problem, suggestion: `run ${alias}` };
  if (command.suggestedVerb) return { ...problem, suggestion: command.suggestedVerb };
  return problem;
}
