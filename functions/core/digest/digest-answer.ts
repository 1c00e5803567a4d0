import type { Schedule } from '../schedules/schedule';
import type { ZoneSource } from '../schedules/schedule-answer';

/** What `/ats digest` answers; rendered in `functions/slack/blocks/digest-answers.ts`. */
export type DigestAnswer =
  | {
      kind: 'digest_set';
      schedule: Schedule;
      nextRuns: Date[];
      zoneSource: ZoneSource;
      /** The channel had a digest: it now follows the new rule. */
      replaced: boolean;
    }
  /** `off` with no digest set in the channel. */
  | { kind: 'digest_none' };
