import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../functions/core/requests/catalog';
import { SETTINGS } from '../../functions/settings';
import { BotConfigError, type LoadBotConfigOptions, loadBotConfig } from '../../lib/config';
import { largeCatalog } from '../support/large-catalog';
import { cdkJsonBotConfig } from './bot-stack-fixture';

const MINIMAL = {
  atsAppId: 'my-app',
  templates: [{ alias: 'smoke', templateId: 'tpl-1', name: 'Smoke' }],
};

/** Runs loadBotConfig and returns the BotConfigError it threw (fails when it did not). */
function configError(raw: unknown, options?: LoadBotConfigOptions): BotConfigError {
  try {
    loadBotConfig(raw, options);
  } catch (error) {
    expect(error).toBeInstanceOf(BotConfigError);
    return error as BotConfigError;
  }
  throw new Error('loadBotConfig accepted the configuration');
}

describe('loadBotConfig', () => {
  it('reads the configuration committed in cdk.json, its catalog from catalog.json', () => {
    // Prepare
    const raw = cdkJsonBotConfig();

    // Act
    const config = loadBotConfig(raw);

    // Assess
    expect(raw.templates).toBe('catalog.json');
    expect(config.templatesSource).toBe('catalog.json');
    expect(config.templates.map((t) => t.alias)).toEqual(['smoke']);
    expect(config.stage).toBe('prod');
    expect(config.removalPolicy).toBe('retain');
  });

  it('refuses to deploy what cdk.json and catalog.json ship, one line per placeholder', () => {
    // Prepare
    const raw = cdkJsonBotConfig();

    // Act
    const error = configError(raw, { refusePlaceholders: true });

    // Assess
    const hint = 'put your own value there (docs/deploy.md, "Where the ids come from")';
    expect(error.problems).toEqual([
      `atsAppId still holds the placeholder "replace-with-your-mendix-app-id": ${hint}`,
      `templates (catalog.json)[0].templateId still holds the placeholder "replace-with-an-ats-cicd-template-id": ${hint}`,
    ]);
  });

  it('refuses to deploy without the values a deployment needs, and with a placeholder in the options', () => {
    // Prepare
    const raw = { atsBaseUrl: 'https://replace-with-your-ats-host.example/ws/' };

    // Act
    const error = configError(raw, { refusePlaceholders: true });

    // Assess
    expect(error.problems).toEqual([
      `atsAppId is required: ${SETTINGS.atsAppId.meaning}`,
      `templates is required: ${SETTINGS.templates.meaning}`,
      'atsBaseUrl still holds the placeholder "https://replace-with-your-ats-host.example/ws/": put your own value there (docs/deploy.md, "Where the ids come from")',
    ]);
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
          quietPasses: true,
        },
      ],
      templatesJson: expect.any(String),
      templatesSource: 'cdk.json',
      stage: 'prod',
      pollLimitHours: 6,
      unreachableAfterMinutes: 15,
      hopWindowSeconds: 10,
      hopRampSeconds: 38,
      atsTimeoutMs: 10000,
      atsStartTimeoutMs: 60000,
      atsJobCap: 5,
      atsSlotHoldHours: 6,
      retentionDays: 90,
      historyDays: 400,
      admins: [],
      watchers: 'anyone',
      startsPerUser: 10,
      startWindowMinutes: 10,
      activeJobsPerChannel: 10,
      logLevel: 'INFO',
      logRetentionDays: 30,
      removalPolicy: 'retain',
      scheduleDefaultTimeZone: 'UTC',
      scheduleMinIntervalHours: 1,
      schedulesPerChannel: 10,
      scheduleOverlap: 'skip',
    });
  });

  it('refuses hops around the window closer together than inside it', () => {
    // Act
    const error = configError({ ...MINIMAL, hopWindowSeconds: 30, hopRampSeconds: 20 });

    // Assess
    expect(error.problems).toEqual([
      'hopRampSeconds must be at least hopWindowSeconds (30), got 20',
    ]);
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
      existingWorkerSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ats-bot',
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
      'existingWorkerSecretArn',
      'logRetentionDays',
      'removalPolicy',
    ]);
  });

  it('tells a deployment that still sets the one-secret option how to move to two secrets', () => {
    // Prepare
    const raw = {
      ...MINIMAL,
      existingSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ats-bot-AbC123',
    };

    // Act
    const error = configError(raw);

    // Assess
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^existingSecretArn: each function now has a secret/);
    expect(error.problems[0]).toContain('existingIngressSecretArn');
    expect(error.problems[0]).toContain('existingWorkerSecretArn');
    expect(error.problems[0]).toContain('docs/deploy.md');
  });

  it('reads a catalog of 300 templates with access lists from a file, of any size', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'ats-bot-catalog-'));
    const file = join(dir, 'catalog.json');
    const templates = largeCatalog(300);
    writeFileSync(file, JSON.stringify(templates, null, 2));

    // Act
    const config = loadBotConfig({ ...MINIMAL, templates: file });
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(Buffer.byteLength(JSON.stringify(templates))).toBeGreaterThan(100_000);
    expect(config.templates).toHaveLength(300);
    expect(config.templates[299]).toMatchObject({
      alias: 'suite-299',
      allowedUsers: templates[299]?.allowedUsers,
      allowedUserGroups: templates[299]?.allowedUserGroups,
    });
    expect(config.templatesSource).toBe(file);
    expect(parseCatalog(JSON.parse(config.templatesJson))).toEqual(config.templates);
  });

  it('names the file and the entry when a catalog file is missing, not JSON or invalid', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'ats-bot-catalog-'));
    const notJson = join(dir, 'not-json.json');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(notJson, '[{ "alias": ');
    writeFileSync(invalid, JSON.stringify([{ alias: 'Bad Alias', templateId: 't', name: 'n' }]));

    // Act
    const problems = [join(dir, 'missing.json'), notJson, invalid].map(
      (templates) => configError({ ...MINIMAL, templates }).problems,
    );
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(problems[0]).toEqual([
      `templates: cannot read the catalog file ${join(dir, 'missing.json')} (ENOENT)`,
    ]);
    expect(problems[1]?.[0]).toMatch(new RegExp(`^templates: ${notJson} is not JSON: `));
    expect(problems[2]?.[0]).toMatch(
      new RegExp(`^templates \\(${invalid}\\): Invalid templates catalog at \\[0\\.alias\\]`),
    );
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

  it('carries any valid catalog to the bundled catalog.json, read back to the same entries', () => {
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
        expect(parseCatalog(JSON.parse(config.templatesJson))).toEqual(config.templates);
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
