import { DEFAULT_HISTORY_DAYS } from '../core/history/run-record';
import type { SettingSpec } from '../setting-spec';
import { TABLE_NAME_RULE } from './aws-name-rules';
import { option, stackValue } from './rows';

// The rows of the settings table (`../settings.ts`) about run history: how long a finished job's
// record is kept (`functions/core/history/run-record.ts` holds the default) and the table the
// stack creates for it. `SETTINGS` lists them with the others.

/** The run-history rows of `SETTINGS`. */
export const HISTORY_SETTINGS = {
  historyDays: option('HISTORY_DAYS', {
    rule: { kind: 'integer', min: 1, max: 3650, unit: 'days' },
    default: DEFAULT_HISTORY_DAYS,
    meaning:
      "A finished job's history record (verdict, counts, times, the first names of the cases that did not pass) is deleted this many days after the job ended (DynamoDB TTL), whatever `retentionDays` keeps the job itself.",
  }),
  historyTableName: stackValue('HISTORY_TABLE_NAME', {
    rule: TABLE_NAME_RULE,
    unsetMeans: 'no history is kept and `/ats history` says so',
    meaning: 'The DynamoDB table of run history.',
  }),
} as const satisfies Record<string, SettingSpec>;
