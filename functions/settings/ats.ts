import { DEFAULT_ATS_BASE_URL } from '../ats/cicd-api';
import { DEFAULT_ATS_START_TIMEOUT_MS, DEFAULT_ATS_STATUS_TIMEOUT_MS } from '../core/ats';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../core/lifecycle/lifecycle-context';
import type { SettingSpec } from '../setting-spec';
import { inHours, option, secret } from './rows';

// The rows of the settings table (`../settings.ts`) about ATS: where it is, which app, how long a
// call may take, how many jobs at once and how long an ended one keeps its slot, the templates
// catalog and the credentials.
// `SETTINGS` lists them with the others.

/** The ATS rows of `SETTINGS`. */
export const ATS_SETTINGS = {
  atsBaseUrl: option('ATS_BASE_URL', {
    rule: { kind: 'url' },
    default: DEFAULT_ATS_BASE_URL,
    meaning: 'ATS CI/CD web service base URL; on-premises installs have their own.',
  }),
  atsAppId: option('ATS_APP_ID', {
    rule: { kind: 'text', maxLength: 200 },
    required: ['deployment', 'ingress', 'worker', 'local'],
    meaning: 'Mendix app id the ATS jobs belong to.',
  }),
  atsJobUrlTemplate: option('ATS_JOB_URL_TEMPLATE', {
    rule: { kind: 'urlTemplate' },
    unsetMeans: 'no **Open in ATS** button (unless a template has its own `atsJobUrlTemplate`)',
    meaning:
      "Address of a job's page in ATS, for the **Open in ATS** button on job cards and results: `{appId}`, `{jobId}` and `{templateId}` are filled in per job (copy a job's address from your browser and put the placeholders in). A template's `atsJobUrlTemplate` in the catalog overrides it.",
  }),
  atsTimeoutMs: option('ATS_TIMEOUT_MS', {
    // The worker's 60 s beyond the start timeout hold a poll's status call, the outcome and the
    // Slack and DynamoDB calls before an automatic rerun's RerunNotPassed: at most half of it.
    rule: { kind: 'integer', min: 1000, max: 30_000, unit: 'milliseconds' },
    default: DEFAULT_ATS_STATUS_TIMEOUT_MS,
    meaning:
      'Timeout of one GetJobStatus call (connect, send, read the whole answer); a poll that times out is retried later.',
  }),
  atsStartTimeoutMs: option('ATS_START_TIMEOUT_MS', {
    // The worker function's timeout is this plus 60 s: it stays far below Lambda's 15 minutes.
    rule: { kind: 'integer', min: 1000, max: 300_000, unit: 'milliseconds' },
    default: DEFAULT_ATS_START_TIMEOUT_MS,
    meaning:
      "Timeout of one RunJob or RerunNotPassed call; the worker function's timeout is this plus 60 s. Generous because a start that times out may have started a job nobody can find again.",
  }),
  atsJobCap: option('ATS_JOB_CAP', {
    rule: { kind: 'integer', min: 1, max: 100, unit: 'jobs' },
    default: DEFAULT_LIFECYCLE_SETTINGS.atsJobCap,
    meaning:
      'Runs and reruns the bot lets be queued or running in ATS at once; further ones wait in line on their card. ATS cancels jobs beyond five per app (release notes 2.17.1); an on-premises ATS may allow more.',
  }),
  atsSlotHoldHours: option('ATS_SLOT_HOLD_HOURS', {
    rule: { kind: 'decimal', min: 0.1, max: 48, unit: 'hours' },
    default: inHours(DEFAULT_LIFECYCLE_SETTINGS.slotHoldMs),
    meaning:
      'How long a run or rerun the bot stopped following while ATS may still run it (timed out at the poll limit, ended on errors, a start ATS did not confirm) keeps its ATS slot at most. A job with an ATS job id gives it back as soon as ATS reports it done (the first job waiting for a slot asks); a start ATS did not confirm has no id to ask about and keeps it this long. Set it to the longest an ATS job of the app runs; shorter risks ATS canceling a job beyond its cap.',
  }),
  templates: option('ATS_TEMPLATES', {
    // Of any size: on AWS the stack bundles the checked catalog with the functions as
    // catalog.json and passes only that file's name (an environment variable holds 4 KB).
    rule: { kind: 'catalog' },
    default: [],
    required: ['deployment'],
    meaning:
      'The templates catalog: a JSON array of `{"alias", "templateId", "name"}` with optional `notifyChannels`, `allowedUsers`, `allowedUserGroups`, `allowedChannels`, `autoReruns`, `autoRerunRule` and `broadcastFailures`, or the path of a JSON file holding one (relative to where the bot runs: the project root for `cdk`, the function code on Lambda). cdk.json ships `"catalog.json"`; the stack checks the catalog at synth and bundles it with the functions as `catalog.json`. A mistake is named by entry and field; a deployment needs at least one entry.',
  }),
  atsAppApiToken: secret('ATS_APP_API_TOKEN', ['worker'], {
    required: ['worker', 'local'],
    unsetMeans: "locally: the simulator's token",
    meaning: "The CI/CD API key from the ATS app's settings.",
  }),
  atsUsername: secret('ATS_USERNAME', ['worker'], {
    unsetMeans: 'none',
    meaning:
      'Optional ATS web-service user (ATS 2.25 and later need none); set with the password or not at all.',
  }),
  atsPassword: secret('ATS_PASSWORD', ['worker'], {
    unsetMeans: 'none',
    meaning: "The ATS web-service user's password.",
  }),
} as const satisfies Record<string, SettingSpec>;
