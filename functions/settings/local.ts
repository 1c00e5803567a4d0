import type { SettingSpec } from '../setting-spec';
import { localVariable } from './rows';

// The rows of the settings table (`../settings.ts`) that only local mode reads: where its server
// listens, the playground, and where its embedded DynamoDB keeps data. `SETTINGS` lists them with
// the others.

/** The local-mode rows of `SETTINGS`. */
export const LOCAL_SETTINGS = {
  port: localVariable('PORT', {
    rule: { kind: 'integer', min: 0, max: 65_535, what: 'a port number' },
    default: 3000,
    meaning: 'Port of the local server; 0 picks a free one and prints it.',
  }),
  host: localVariable('HOST', {
    rule: {
      kind: 'pattern',
      pattern: /^(?:[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/,
      what: 'a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
    },
    default: '127.0.0.1',
    meaning:
      'Address the local server listens on: this machine only by default; `0.0.0.0` in a container whose port is published.',
  }),
  playground: localVariable('PLAYGROUND', {
    rule: { kind: 'choice', values: ['on', 'off'] },
    unsetMeans: 'on with the embedded ATS simulator, off with a real `ATS_BASE_URL`',
    meaning:
      'The browser playground (a local Slack stand-in). With a real ATS any page you visit could reach it, so it needs `on` then; a Slack token or `SLACK_API_URL` turns it off.',
  }),
  dataDir: localVariable('DATA_DIR', {
    rule: { kind: 'text', what: 'a directory path' },
    unsetMeans: 'in memory',
    meaning:
      'Directory of the embedded DynamoDB: jobs survive restarts and unfinished ones resume.',
  }),
  demoHistory: localVariable('DEMO_HISTORY', {
    rule: { kind: 'integer', min: 1, max: 200, unit: 'days' },
    unsetMeans: 'no demo history: history starts with the first job',
    meaning:
      'Fills the run history with this many days of plausible runs of three catalog templates (mixed verdicts, a slowly growing run time, flaky cases passed by a rerun), so `/ats history`, the App Home and the digest have something to show at once. The same days give the same runs: a restart with `DATA_DIR` adds only the days since.',
  }),
} as const satisfies Record<string, SettingSpec>;
