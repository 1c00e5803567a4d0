import type { KnownBlock } from '@slack/web-api';
import type { TemplateEntry } from '../../core/requests/catalog';
import { MAX_HISTORY_QUERY_DAYS } from '../../core/requests/command';
import type { CommandProblem } from '../../core/requests/request-answer';
import type { SlackMessage } from './job-card';
import { codeSpan, formatCount } from './mrkdwn';
import { SLACK_LIMITS, truncate } from './slack-limits';

/** Aliases named in help before "and N more". */
const MAX_ALIASES_IN_HELP = 25;

const ARGUMENT_NAME: Record<string, string> = {
  run: 'a template alias or id',
  rerun: 'a job id',
  watch: 'an ATS job id',
  status: 'a job id',
  history: 'a template alias or id, and how many days back (default 30)',
  schedule: 'a template alias and when to run it (e.g. `smoke weekdays 02:00`)',
  unschedule: 'a schedule id (see `/ats schedules`)',
  digest: 'when to post it (e.g. `mon 09:00`), or `off`',
};

/** What a verb takes, where it is not one argument. */
const ARGUMENT_COUNT: Record<string, string> = {
  list: 'no arguments',
  help: 'no arguments',
  schedules: 'no arguments',
  history: 'an alias and at most a number of days',
};

/**
 * How to use the slash command, led by what went wrong when the person's command was not
 * understood, with the closest alias or command as a suggestion.
 */
export function renderHelp(
  templates: readonly TemplateEntry[],
  problem?: CommandProblem,
  command = '/ats',
): SlackMessage {
  const blocks: KnownBlock[] = [];
  const lead = problem ? describeProblem(problem, command) : undefined;
  if (lead) blocks.push(section(lead));
  const usage = [
    `*${command}* (or *${command} run* alone): pick a template to run from a list`,
    `*${command} run* _alias or template id_: start a test job`,
    `*${command} rerun* _job id_: rerun the test cases of a finished job that did not pass`,
    `*${command} watch* _ATS job id_: follow a job started elsewhere and post its result here`,
    `*${command} status* [_job id_]: one job, or this channel's active jobs`,
    `*${command} list*: the templates you can run`,
    `*${command} history* _alias_ [_days_]: how a template did over the last days (default 30): its verdicts, pass rate, run time, the cases that failed most and the flakiest`,
    `*${command} schedule* _alias_ _when_ [_time zone_]: run a template on a schedule: \`daily 02:00\`, \`weekdays 02:00\`, \`mon,wed,fri 18:30\` or \`every 6 hours\`, in an IANA zone such as \`Europe/Amsterdam\` (default: your Slack time zone)`,
    `*${command} schedules*: this channel's schedules, with Pause, Resume and Remove`,
    `*${command} unschedule* _schedule id_: remove a schedule`,
    `*${command} digest* _when_ [_time zone_]: post this channel's digest (runs, pass rate and its change, slowest, failing and flaky cases, a chart) on a schedule such as \`mon 09:00\` or \`weekdays 08:30\`; *${command} digest off* stops it`,
    `*${command} help*: this help`,
  ].join('\n');
  blocks.push(section(usage));
  const aliases = templates.slice(0, MAX_ALIASES_IN_HELP).map((t) => codeSpan(t.alias));
  if (aliases.length > 0) {
    const more =
      templates.length > aliases.length
        ? ` and ${formatCount(templates.length - aliases.length)} more`
        : '';
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(`Templates: ${aliases.join(', ')}${more}`, SLACK_LIMITS.contextText),
        },
      ],
    });
  }
  return { text: lead ?? `How to use ${command}`, blocks };
}

function describeProblem(problem: CommandProblem, command: string): string {
  const given = codeSpan(problem.given);
  const verb = problem.about ? `${command} ${problem.about}` : command;
  let text: string;
  switch (problem.code) {
    case 'UNKNOWN_COMMAND':
      text = `I don't know the command ${given}.`;
      break;
    case 'UNKNOWN_TEMPLATE':
      text = `There is no template ${given}.`;
      break;
    case 'MISSING_ARGUMENT':
      text = `\`${verb}\` needs ${ARGUMENT_NAME[problem.about ?? ''] ?? 'an argument'}.`;
      break;
    case 'TOO_MANY_ARGUMENTS':
      text = `\`${verb}\` takes ${ARGUMENT_COUNT[problem.about ?? ''] ?? 'one argument'}, not ${given}.`;
      break;
    case 'BAD_ARGUMENT':
      text =
        problem.about === 'watch'
          ? `${given} is not an ATS job id. ATS job ids are UUIDs such as \`3f2b8c1e-5a7d-4e21-9c0b-6d8e2f4a1b3c\`: copy it from the job in ATS.`
          : `${given} is not ${ARGUMENT_NAME[problem.about ?? ''] ?? 'a valid argument'} (letters, digits, \`.\`, \`_\`, \`-\`, \`:\`).`;
      break;
    case 'BAD_DAYS':
      text = `${given} is not a number of days: give a whole number from 1 to ${MAX_HISTORY_QUERY_DAYS}, e.g. ${codeSpan(`${verb} smoke 30`)}.`;
      break;
    case 'TOO_LONG':
      text = 'That command is too long for me to read.';
      break;
  }
  if (problem.suggestion) text += ` Did you mean ${codeSpan(`${command} ${problem.suggestion}`)}?`;
  return `:thinking_face: ${text}`;
}

function section(text: string): KnownBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) },
  };
}
