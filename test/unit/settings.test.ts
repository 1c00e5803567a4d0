import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadRuntimeConfig } from '../../functions/config';
import { describeRule } from '../../functions/setting-spec';
import { settingFromJson, settingFromText } from '../../functions/setting-values';
import {
  type RuntimeSettingName,
  SETTINGS,
  type SettingName,
  settingNames,
  settingSpec,
} from '../../functions/settings';
import { BotConfigError, loadBotConfig } from '../../lib/config';

const CATALOG = [{ alias: 'smoke', templateId: 'tpl-1', name: 'Smoke' }];
const WORKER_ENV = {
  ATS_APP_ID: 'app-1',
  JOBS_TABLE_NAME: 'jobs',
  SCHEDULE_GROUP_NAME: 'polls',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bot-AbCdEf',
};

/** Deployment options the functions read too: the stack passes them as environment variables. */
const PASSED_TO_FUNCTIONS = settingNames(
  (spec) => spec.scope === 'deployment' && spec.readBy === 'config',
) as RuntimeSettingName[];

/** The problem synth reports for one option, or its value. */
function atSynth(name: string, value: unknown): { ok: boolean; value?: unknown } {
  try {
    const config = loadBotConfig({ atsAppId: 'a', templates: CATALOG, [name]: value });
    return { ok: true, value: (config as Record<string, unknown>)[name] };
  } catch (error) {
    if (!(error instanceof BotConfigError)) throw error;
    return { ok: false };
  }
}

/** The problem the worker's start-up reports for one variable, or the value. */
function atRunTime(variable: string, text: string): { ok: boolean; value?: unknown } {
  try {
    const config = loadRuntimeConfig({ ...WORKER_ENV, [variable]: text }, 'worker');
    const name = PASSED_TO_FUNCTIONS.find((n) => settingSpec(n).env === variable) as string;
    return { ok: true, value: (config as Record<string, unknown>)[name] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ok: false };
  }
}

describe('the settings table', () => {
  it('names each environment variable once, and every variable something reads', () => {
    // Prepare
    const rows = Object.entries(SETTINGS).map(([name, spec]) => ({ name, spec: spec as object }));

    // Act
    const variables = rows.flatMap(({ spec }) => ('env' in spec ? [spec.env] : []));
    const unread = rows.filter(({ spec }) => 'env' in spec && !('readBy' in spec));

    // Assess
    expect(new Set(variables).size).toBe(variables.length);
    expect(unread).toEqual([]);
  });

  it('holds defaults that its own rules accept', () => {
    // Prepare
    const defaulted = (Object.keys(SETTINGS) as SettingName[]).filter(
      (name) =>
        settingSpec(name).default !== undefined && settingSpec(name).rule.kind !== 'catalog',
    );

    // Act
    const refused = defaulted
      .map((name) => settingFromJson(name, settingSpec(name).default, name))
      .filter((checked) => !checked.ok);

    // Assess
    expect(defaulted.length).toBeGreaterThan(5);
    expect(refused).toEqual([]);
  });

  it('gives synth and run time the same bounds: a number is accepted by both or by neither', () => {
    // Prepare
    const numeric = PASSED_TO_FUNCTIONS.filter((name) =>
      ['integer', 'decimal'].includes(settingSpec(name).rule.kind),
    );
    const around = (name: RuntimeSettingName) => {
      const rule = settingSpec(name).rule as { min: number; max: number };
      const step = settingSpec(name).rule.kind === 'integer' ? 1 : 0.05;
      return fc.oneof(
        fc.constantFrom(rule.min, rule.max, rule.min - step, rule.max + step, 0),
        fc.integer({ min: 0, max: rule.max * 2 }),
        // Tenths, spread evenly: fractions inside the bounds of a whole-number setting too.
        fc.integer({ min: 0, max: rule.max * 20 }).map((n) => n / 10),
      );
    };
    const cases = fc
      .constantFrom(...numeric)
      .chain((name) => around(name).map((value) => ({ name, value })));

    // Act
    // Assess
    expect(numeric).toEqual(expect.arrayContaining(['atsTimeoutMs', 'pollLimitHours']));
    fc.assert(
      fc.property(cases, ({ name, value }) => {
        const synth = atSynth(name, value);
        const run = atRunTime(settingSpec(name).env as string, String(value));
        expect(run).toStrictEqual(synth);
      }),
      { numRuns: 400 },
    );
  });

  it('reads back at run time every option a deployment passes, as the stack passes it', () => {
    // Prepare
    const options = fc.record({
      atsBaseUrl: fc.constantFrom('https://ats.example.com/ws/', 'http://10.0.0.5:8080/ats'),
      atsAppId: fc.stringMatching(/^[a-z0-9-]{1,30}$/),
      atsJobUrlTemplate: fc.constantFrom(
        'https://ats.example.com/#/apps/{appId}/jobs/{jobId}',
        'http://ats.intra:8080/job?id={jobId}&template={templateId}',
      ),
      atsTimeoutMs: fc.integer({ min: 1000, max: 30_000 }),
      atsStartTimeoutMs: fc.integer({ min: 1000, max: 300_000 }),
      atsJobCap: fc.integer({ min: 1, max: 100 }),
      atsSlotHoldHours: fc.integer({ min: 1, max: 480 }).map((n) => n / 10),
      templates: fc.constant(CATALOG),
      retentionDays: fc.integer({ min: 1, max: 3650 }),
      pollLimitHours: fc.integer({ min: 1, max: 480 }).map((n) => n / 10),
      unreachableAfterMinutes: fc.integer({ min: 1, max: 1440 }),
      hopWindowSeconds: fc.integer({ min: 5, max: 60 }),
      // At least the window's gap: the two are checked together.
      hopRampSeconds: fc.integer({ min: 60, max: 120 }),
      admins: fc.uniqueArray(fc.stringMatching(/^[UWS][A-Z0-9]{2,11}$/), { maxLength: 10 }),
      watchers: fc.constantFrom('anyone', 'admins'),
      startsPerUser: fc.integer({ min: 1, max: 1000 }),
      startWindowMinutes: fc.integer({ min: 1, max: 1440 }),
      activeJobsPerChannel: fc.integer({ min: 1, max: 1000 }),
      scheduleDefaultTimeZone: fc.constantFrom('Europe/Amsterdam', 'America/New_York', 'UTC'),
      scheduleMinIntervalHours: fc.integer({ min: 1, max: 24 }),
      schedulesPerChannel: fc.integer({ min: 1, max: 100 }),
      scheduleOverlap: fc.constantFrom('skip', 'allow'),
      historyDays: fc.integer({ min: 1, max: 3650 }),
    });

    // Act
    // Assess
    expect(Object.keys(fc.sample(options, 1)[0] ?? {})).toEqual(PASSED_TO_FUNCTIONS);
    fc.assert(
      fc.property(options, (given) => {
        const deployed = loadBotConfig(given) as unknown as Record<string, unknown>;
        // What BotFunction.addSettings does: each value stringified into its variable.
        const env: Record<string, string> = { ...WORKER_ENV };
        for (const name of PASSED_TO_FUNCTIONS) {
          const value = name === 'templates' ? deployed.templatesJson : deployed[name];
          env[settingSpec(name).env as string] = String(value);
        }
        const running = loadRuntimeConfig(env, 'worker') as unknown as Record<string, unknown>;
        for (const name of PASSED_TO_FUNCTIONS) expect(running[name]).toStrictEqual(deployed[name]);
      }),
      { numRuns: 100 },
    );
  });

  it('says what it accepts in the same words at synth and at run time', () => {
    // Prepare
    const rule = describeRule(SETTINGS.atsTimeoutMs.rule);

    // Act
    const synth = settingFromJson('atsTimeoutMs', 60_000, 'atsTimeoutMs');
    const run = settingFromText('atsTimeoutMs', '60000', 'ATS_TIMEOUT_MS');

    // Assess
    expect(rule).toBe('a whole number of milliseconds between 1000 and 30000');
    expect(synth).toStrictEqual({ ok: false, problem: `atsTimeoutMs must be ${rule}, got 60000` });
    expect(run).toStrictEqual({
      ok: false,
      problem: `ATS_TIMEOUT_MS must be ${rule}, got "60000"`,
    });
  });

  it('never repeats a hidden value in a problem', () => {
    // Prepare
    const token = 'xoxb-not-an-app-token';

    // Act
    const checked = settingFromText('slackAppToken', token, 'SLACK_APP_TOKEN');

    // Assess
    expect(checked).toStrictEqual({
      ok: false,
      problem: 'SLACK_APP_TOKEN must be an app-level token starting with "xapp-"',
    });
  });

  it('refuses a URL with a user name or password at synth, as at run time', () => {
    // Prepare
    const url = 'https://ci:pw@ats.example.com/ws/';

    // Act
    const synth = settingFromJson('atsBaseUrl', url, 'atsBaseUrl');
    const run = settingFromText('atsBaseUrl', url, 'ATS_BASE_URL');

    // Assess
    expect(synth).toStrictEqual({
      ok: false,
      problem: 'atsBaseUrl must not contain a user name or password',
    });
    expect(run).toStrictEqual({
      ok: false,
      problem: 'ATS_BASE_URL must not contain a user name or password',
    });
  });
});
