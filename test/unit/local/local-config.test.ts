import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative as relativePath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../../functions/local/demo-catalog';
import { loadLocalConfig, PLAYGROUND_BOT_TOKEN } from '../../../functions/local/local-config';
import { LocalModeError } from '../../../functions/local/local-mode-error';

function problemsOf(env: Record<string, string>): string {
  try {
    loadLocalConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(LocalModeError);
    expect((error as LocalModeError).code).toBe('LOCAL_CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadLocalConfig', () => {
  it('works with no configuration at all: simulator, playground, demo catalog, 3 s polls', () => {
    // Act
    const config = loadLocalConfig({});

    // Assess
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      useSimulator: true,
      usePlayground: true,
      secrets: { slackBotToken: PLAYGROUND_BOT_TOKEN, atsAppApiToken: 'demo-token' },
      runtime: { atsAppId: 'demo-app', pollIntervalSeconds: 3, role: 'local' },
    });
    expect(config.runtime.templates.map((t) => t.alias)).toEqual([
      'smoke',
      'regression',
      'canceled',
      'warning',
      'rejected',
    ]);
    expect(config.runtime.templates).toEqual(DEMO_CATALOG);
    expect(config.secrets.slackSigningSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(config.dataDir).toBeUndefined();
    expect(config.slackAppToken).toBeUndefined();
  });

  it('reads the catalog from the file ATS_TEMPLATES names, as the deployed functions do', () => {
    // Prepare: a relative path is taken from where local mode runs, as `npm start` gives it.
    const dir = mkdtempSync(join(tmpdir(), 'ats-bot-local-catalog-'));
    writeFileSync(
      join(dir, 'catalog.json'),
      JSON.stringify([{ alias: 'nightly', templateId: 'tpl-9', name: 'Nightly' }]),
    );
    const relative = join(relativePath(process.cwd(), dir), 'catalog.json');

    // Act
    const config = loadLocalConfig({
      ATS_BASE_URL: 'http://127.0.0.1:8888/ws',
      ATS_APP_ID: 'app-1',
      ATS_APP_API_TOKEN: 'token-1',
      ATS_TEMPLATES: relative,
      PLAYGROUND: 'on',
    });
    const missing = problemsOf({ ATS_TEMPLATES: join(dir, 'nope.json') });
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(config.runtime.templates.map((t) => [t.alias, t.templateId])).toEqual([
      ['nightly', 'tpl-9'],
    ]);
    expect(missing).toContain(
      `ATS_TEMPLATES: cannot read the catalog file ${join(dir, 'nope.json')} (ENOENT)`,
    );
  });

  it('uses real Slack and ATS settings with their AWS meaning when given', () => {
    // Prepare
    const env = {
      PORT: '0',
      DATA_DIR: 'tmp/local-data',
      SLACK_SIGNING_SECRET: 'secret-1',
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_APP_TOKEN: 'xapp-1-2',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      ATS_BASE_URL: 'http://127.0.0.1:8888/ws',
      ATS_APP_ID: 'app-1',
      ATS_APP_API_TOKEN: 'token-1',
      ATS_USERNAME: 'user',
      ATS_PASSWORD: 'pass',
      ATS_TEMPLATES: '[{"alias":"smoke","templateId":"tpl-1","name":"Smoke"}]',
      POLL_INTERVAL_SECONDS: '1',
    };

    // Act
    const config = loadLocalConfig(env);

    // Assess
    expect(config).toMatchObject({
      port: 0,
      useSimulator: false,
      usePlayground: false,
      slackAppToken: 'xapp-1-2',
      secrets: {
        slackSigningSecret: 'secret-1',
        slackBotToken: 'xoxb-1-2',
        atsAppApiToken: 'token-1',
        atsUsername: 'user',
        atsPassword: 'pass',
      },
      runtime: {
        atsBaseUrl: 'http://127.0.0.1:8888/ws/',
        slackApiUrl: 'http://127.0.0.1:9999/api/',
        atsAppId: 'app-1',
        pollIntervalSeconds: 1,
      },
    });
    expect(config.dataDir).toMatch(/^\/.*tmp\/local-data$/);
    expect(config.runtime.templates[0]?.templateId).toBe('tpl-1');
  });

  it('leaves the playground off when only a Slack API URL is given (a fake Slack in tests)', () => {
    // Act
    const config = loadLocalConfig({ SLACK_API_URL: 'http://127.0.0.1:1234/api/' });

    // Assess
    expect(config.usePlayground).toBe(false);
    expect(config.secrets.slackBotToken).toBe(PLAYGROUND_BOT_TOKEN);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a port number between 0 and 65535'],
    [{ PORT: '70000' }, 'PORT must be a port number'],
    [{ POLL_INTERVAL_SECONDS: '0' }, 'POLL_INTERVAL_SECONDS must be a whole number of seconds'],
    [{ SLACK_API_URL: 'ftp://x' }, 'SLACK_API_URL must be an http(s) URL'],
    [{ SLACK_BOT_TOKEN: 'nope' }, 'SLACK_BOT_TOKEN must be a bot token starting with "xoxb-"'],
    [{ SLACK_APP_TOKEN: 'xoxb-1' }, 'SLACK_APP_TOKEN must be an app-level token'],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN is set'],
    [
      { ATS_BASE_URL: 'http://ats.example/ws/' },
      'ATS_TEMPLATES is required when ATS_BASE_URL is set',
    ],
    [{ ATS_BASE_URL: 'http://ats.example/ws/', ATS_TEMPLATES: '[]' }, 'ATS_APP_ID is required'],
    [{ ATS_TEMPLATES: '{' }, 'ATS_TEMPLATES must be a JSON array of templates'],
    [{ ATS_TEMPLATES: '[{"alias":"Bad Alias","templateId":"t","name":"n"}]' }, 'ATS_TEMPLATES'],
    [{ ATS_USERNAME: 'only-user' }, 'ATS_USERNAME and ATS_PASSWORD must be set together'],
  ])('refuses %j naming the variable', (env, expected) => {
    // Act
    const message = problemsOf(env);

    // Assess
    expect(message).toContain(expected);
  });

  it('lists every problem at once and never echoes a secret value', () => {
    // Act
    const message = problemsOf({
      PORT: '-1',
      POLL_INTERVAL_SECONDS: 'soon',
      SLACK_BOT_TOKEN: 'xoxq-very-secret',
    });

    // Assess
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(3);
    expect(message).toContain('PORT');
    expect(message).toContain('POLL_INTERVAL_SECONDS');
    expect(message).toContain('SLACK_BOT_TOKEN');
    expect(message).not.toContain('very-secret');
  });
  describe('the playground with a real ATS', () => {
    const realAts = {
      ATS_BASE_URL: 'https://ats.example/ws/',
      ATS_APP_ID: 'app',
      ATS_APP_API_TOKEN: 'token',
      ATS_TEMPLATES: '[{"alias":"smoke","templateId":"t","name":"Smoke"}]',
    };

    it('stays off with a real ATS_BASE_URL unless asked for, and says why', () => {
      // Act
      const message = problemsOf(realAts);

      // Assess
      expect(message).toContain('ATS_BASE_URL is set and no Slack is');
      expect(message).toContain('PLAYGROUND=on');
    });

    it('runs with a real ATS_BASE_URL when PLAYGROUND=on', () => {
      // Act
      const config = loadLocalConfig({ ...realAts, PLAYGROUND: 'on' });

      // Assess
      expect(config).toMatchObject({ useSimulator: false, usePlayground: true });
    });

    it('is off with PLAYGROUND=off and a Slack token, and refused with nothing else to talk to', () => {
      // Act
      const withSlack = loadLocalConfig({ PLAYGROUND: 'off', SLACK_BOT_TOKEN: 'xoxb-real' });
      const message = problemsOf({ PLAYGROUND: 'off' });

      // Assess
      expect(withSlack.usePlayground).toBe(false);
      expect(message).toContain('PLAYGROUND=off leaves no Slack to talk to');
    });

    it('refuses a PLAYGROUND value it does not know', () => {
      // Act
      const message = problemsOf({ PLAYGROUND: 'yes' });

      // Assess
      expect(message).toContain('PLAYGROUND must be');
    });
  });

  describe('the listen address', () => {
    it('takes HOST for containers and refuses what is not a host', () => {
      // Act
      const anyInterface = loadLocalConfig({ HOST: '0.0.0.0' });
      const ipv6 = loadLocalConfig({ HOST: '::1' });
      const message = problemsOf({ HOST: 'not a host!' });

      // Assess
      expect(anyInterface.host).toBe('0.0.0.0');
      expect(ipv6.host).toBe('::1');
      expect(message).toContain('HOST must be a host name or IP address');
    });
  });
});
