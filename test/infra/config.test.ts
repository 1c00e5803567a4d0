import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../functions/settings';
import { BotConfigError, loadBotConfig, MAX_TEMPLATES_JSON_BYTES } from '../../lib/config';
import { cdkJsonBotConfig } from './bot-stack-fixture';

const MINIMAL = {
  atsAppId: 'my-app',
  templates: [{ alias: 'smoke', templateId: 'tpl-1', name: 'Smoke' }],
};

/** Runs loadBotConfig and returns the BotConfigError it threw (fails when it did not). */
function configError(raw: unknown): BotConfigError {
  try {
    loadBotConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(BotConfigError);
    return error as BotConfigError;
  }
  throw new Error('loadBotConfig accepted the configuration');
}

describe('loadBotConfig', () => {
  it('accepts the configuration committed in cdk.json', () => {
    // Prepare
    const raw = cdkJsonBotConfig();

    // Act
    const config = loadBotConfig(raw);

    // Assess
    expect(config.templates.map((t) => t.alias)).toEqual(['smoke']);
    expect(config.removalPolicy).toBe('retain');
  });

  it('fills every default from a minimal configuration', () => {
    // Prepare
    const raw = MINIMAL;

    // Act
    const config = loadBotConfig(raw);

    // Assess
    expect(config).toEqual({
      atsBaseUrl: SETTINGS.atsBaseUrl.default,
      atsAppId: 'my-app',
      templates: [
        {
          alias: 'smoke',
          templateId: 'tpl-1',
          name: 'Smoke',
          notifyChannels: [],
          allowedUsers: [],
          allowedUserGroups: [],
          allowedChannels: [],
          autoReruns: 0,
          autoRerunRule: 'until-pass',
          broadcastFailures: false,
        },
      ],
      templatesJson: JSON.stringify(MINIMAL.templates),
      pollLimitHours: 6,
      unreachableAfterMinutes: 15,
      atsTimeoutMs: 10000,
      atsStartTimeoutMs: 60000,
      retentionDays: 90,
      logLevel: 'INFO',
      logRetentionDays: 30,
      removalPolicy: 'retain',
      scheduleDefaultTimeZone: 'UTC',
      scheduleMinIntervalHours: 1,
      schedulesPerChannel: 10,
      scheduleOverlap: 'skip',
    });
  });

  it('accepts the configuration as JSON text (cdk synth -c atsBot=...)', () => {
    // Prepare
    const raw = JSON.stringify({ ...MINIMAL, pollLimitHours: 2 });

    // Act
    const config = loadBotConfig(raw);

    // Assess
    expect(config.pollLimitHours).toBe(2);
  });

  it('names the catalog entry and field of a malformed catalog', () => {
    // Prepare
    const raw = { ...MINIMAL, templates: [{ alias: 'Smoke Tests', templateId: 't', name: 'n' }] };

    // Act
    const error = configError(raw);

    // Assess
    expect(error.code).toBe('INVALID_BOT_CONFIG');
    expect(error.message).toContain('templates: Invalid templates catalog at [0.alias]');
    expect(error.message).toContain('lower-case');
  });

  it('names a duplicate alias', () => {
    // Prepare
    const entry = { alias: 'smoke', templateId: 't', name: 'n' };
    const raw = { ...MINIMAL, templates: [entry, { ...entry, templateId: 'u' }] };

    // Act
    const error = configError(raw);

    // Assess
    expect(error.message).toContain(
      'templates: Invalid templates catalog at [1.alias]: alias "smoke" is already used by entry 0',
    );
  });

  it('names an unknown option and lists the known ones', () => {
    // Prepare
    const raw = { ...MINIMAL, pollLimitHour: 3 };

    // Act
    const error = configError(raw);

    // Assess
    expect(error.problems).toEqual([expect.stringContaining('unknown option "pollLimitHour"')]);
    expect(error.message).toContain('pollLimitHours');
  });

  it('names every bad option at once', () => {
    // Prepare
    const raw = {
      atsBaseUrl: 'ftp://ats.example.com/',
      templates: MINIMAL.templates,
      logRetentionDays: 8,
      alarmEmail: 'not-an-address',
      existingSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ats-bot',
      removalPolicy: 'snapshot',
      atsTimeoutMs: 120_000,
    };

    // Act
    const error = configError(raw);

    // Assess
    const named = error.problems.map((p) => p.split(' ')[0]).sort();
    expect(named).toEqual([
      'alarmEmail',
      'atsAppId',
      'atsBaseUrl',
      'atsTimeoutMs',
      'existingSecretArn',
      'logRetentionDays',
      'removalPolicy',
    ]);
  });

  it('refuses a catalog too large for the Lambda environment', () => {
    // Prepare
    const templates = Array.from({ length: 40 }, (_, i) => ({
      alias: `suite-${i}`,
      templateId: `template-${'x'.repeat(60)}-${i}`,
      name: `A long descriptive name for test suite number ${i}`,
    }));

    // Act
    const error = configError({ ...MINIMAL, templates });

    // Assess
    expect(error.message).toMatch(/templates: the catalog is \d+ bytes as JSON/);
    expect(error.message).toContain(String(MAX_TEMPLATES_JSON_BYTES));
  });

  it('refuses a missing object, non-JSON text, an empty catalog and a missing catalog', () => {
    // Prepare
    const inputs: unknown[] = [
      undefined,
      'not json',
      { atsAppId: 'a', templates: [] },
      { atsAppId: 'a' },
    ];

    // Act
    const messages = inputs.map((raw) => configError(raw).message);

    // Assess
    expect(messages[0]).toContain('must be an object');
    expect(messages[1]).toContain('not JSON');
    expect(messages[2]).toContain('templates must list at least one entry');
    expect(messages[3]).toContain('templates is required');
  });

  it('carries any valid catalog unchanged to ATS_TEMPLATES', () => {
    // Prepare
    const entry = fc.record({
      alias: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}$/),
      templateId: fc.uuid(),
      name: fc.string({ minLength: 1, maxLength: 20 }),
      autoReruns: fc.integer({ min: 0, max: 2 }),
    });
    const catalogs = fc.uniqueArray(entry, {
      minLength: 1,
      maxLength: 5,
      selector: (e) => e.alias,
    });

    // Act / Assess
    fc.assert(
      fc.property(catalogs, (templates) => {
        const config = loadBotConfig({ atsAppId: 'a', templates });
        expect(JSON.parse(config.templatesJson)).toEqual(templates);
        expect(config.templates.map((t) => t.alias)).toEqual(templates.map((t) => t.alias));
      }),
      { numRuns: 50 },
    );
  });
});

describe('logRetentionDays', () => {
  it('accepts exactly the retention periods CloudWatch Logs offers, "never expire" aside', () => {
    // Prepare
    const offered = Object.values(RetentionDays).filter(
      (days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE,
    );

    // Act
    const listed = SETTINGS.logRetentionDays.rule.values;

    // Assess
    expect([...listed].sort((a, b) => a - b)).toEqual(offered.sort((a, b) => a - b));
  });
});
