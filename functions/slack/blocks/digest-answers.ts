import type { DigestAnswer } from '../../core/digest/digest-answer';
import type { SlackMessage } from './job-card';
import { codeSpan } from './mrkdwn';
import { renderPlain } from './notice';
import { describeTiming, formatRuns, ZONE_SOURCE } from './schedules';

/** What the person who typed `/ats digest …` sees. */
export function renderDigestAnswer(answer: DigestAnswer, command = '/ats'): SlackMessage {
  switch (answer.kind) {
    case 'digest_set': {
      const { schedule } = answer;
      const lead = answer.replaced
        ? "Changed this channel's digest"
        : "This channel's digest is set";
      return renderPlain(
        `:bar_chart: ${lead}: posted here ${describeTiming(schedule)}${ZONE_SOURCE[answer.zoneSource]}, schedule ${codeSpan(schedule.scheduleId)}.\n` +
          `Next posts: ${formatRuns(answer.nextRuns, schedule.timeZone)}.\n` +
          `Each sums up the templates run here since the digest before (the first: the last 7 days): runs, pass rate and its change, failing and flaky cases, and a chart. \`${command} digest off\` stops it.`,
      );
    }
    case 'digest_none':
      return renderPlain(
        `:information_source: This channel has no digest. Set one with ${codeSpan(`${command} digest mon 09:00`)} (any time of day, \`daily\`, \`weekdays\` or days such as \`mon,thu\`, and an optional time zone).`,
      );
  }
}
