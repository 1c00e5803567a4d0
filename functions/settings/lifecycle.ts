import { DEFAULT_LIFECYCLE_SETTINGS } from '../core/lifecycle/lifecycle-context';
import type { SettingSpec } from '../setting-spec';
import { codeTunable } from './rows';

// The rows of the settings table (`../settings.ts`) that are the lifecycle's own tunables, fixed
// in code: no option or variable sets them, their defaults are `DEFAULT_LIFECYCLE_SETTINGS`.
// `SETTINGS` lists them with the others.

/** The lifecycle rows of `SETTINGS`. */
export const LIFECYCLE_SETTINGS = {
  watchdogMarginMs: codeTunable({
    rule: { kind: 'integer', min: 1, unit: 'milliseconds' },
    default: DEFAULT_LIFECYCLE_SETTINGS.watchdogMarginMs,
    meaning:
      'Added to the start timeout: a job still starting this long after it was claimed was left by a worker that died in RunJob, and is checked again.',
  }),
  outcomeLeaseMs: codeTunable({
    rule: { kind: 'integer', min: 1, unit: 'milliseconds' },
    default: DEFAULT_LIFECYCLE_SETTINGS.outcomeLeaseMs,
    meaning: 'How long one worker may take to post an outcome before another takes over.',
  }),
  maxOutcomeAttempts: codeTunable({
    rule: { kind: 'integer', min: 1 },
    default: DEFAULT_LIFECYCLE_SETTINGS.maxOutcomeAttempts,
    meaning: 'Outcome deliveries tried before giving up on Slack.',
  }),
  forgottenJobFaults: codeTunable({
    rule: { kind: 'integer', min: 1 },
    default: DEFAULT_LIFECYCLE_SETTINGS.forgottenJobFaults,
    meaning:
      'SOAP faults in a row on the status of a followed job after which, once they have lasted `forgottenJobAfterMs`, ATS is taken to have lost the job.',
  }),
  forgottenJobAfterMs: codeTunable({
    rule: { kind: 'integer', min: 1, unit: 'milliseconds' },
    default: DEFAULT_LIFECYCLE_SETTINGS.forgottenJobAfterMs,
    meaning: 'Shortest stretch of SOAP faults in a row that ends a followed job.',
  }),
} as const satisfies Record<string, SettingSpec>;
