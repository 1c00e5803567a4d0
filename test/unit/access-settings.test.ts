import { describe, expect, it } from 'vitest';
import { settingFromJson, settingFromText } from '../../functions/setting-values';
import { BotConfigError, loadBotConfig } from '../../lib/config';

const CATALOG = [{ alias: 'smoke', templateId: 'tpl-1', name: 'Smoke' }];

describe('the admins setting', () => {
  it('takes user and user group ids, from cdk.json as a list and from the variable with commas', () => {
    // Act
    const synth = settingFromJson('admins', ['U0BOSS', 'S0OPS', 'W0GRID'], 'admins');
    const synthText = settingFromJson('admins', 'U0BOSS, S0OPS,W0GRID', 'admins');
    const run = settingFromText('admins', ' U0BOSS ,S0OPS,,W0GRID', 'BOT_ADMINS');

    // Assess
    expect(synth).toStrictEqual({ ok: true, value: ['U0BOSS', 'S0OPS', 'W0GRID'] });
    expect(synthText).toStrictEqual(synth);
    expect(run).toStrictEqual(synth);
  });

  it.each([
    ['a channel id', ['C0CHANNEL']],
    ['a lower-case id', ['u0boss']],
    ['a name', ['@alice']],
    ['an id longer than Slack makes them', ['U0123456789ABCDEF']],
    ['11 ids', Array.from({ length: 11 }, (_, i) => `U0ADMIN${i}`)],
  ])('refuses %s, saying what it takes', (_, ids) => {
    // Act
    const synth = settingFromJson('admins', ids, 'admins');
    const run = settingFromText('admins', ids.join(','), 'BOT_ADMINS');

    // Assess
    expect(synth).toMatchObject({ ok: false });
    expect(run).toMatchObject({ ok: false });
    expect(synth.ok ? '' : synth.problem).toContain(
      'admins must be a list of up to 10 Slack user ids (U…, W…) and user group ids (S…)',
    );
  });

  it('defaults to nobody, anyone may watch, and quotas that a person working normally never meets', () => {
    // Act
    const config = loadBotConfig({ atsAppId: 'a', templates: CATALOG });

    // Assess
    expect(config).toMatchObject({
      admins: [],
      watchers: 'anyone',
      startsPerUser: 10,
      startWindowMinutes: 10,
      activeJobsPerChannel: 10,
    });
    expect(config).not.toHaveProperty('ingressReservedConcurrency');
    expect(config).not.toHaveProperty('workerReservedConcurrency');
  });

  it('refuses a quota of zero at synth', () => {
    // Act
    const attempt = () => loadBotConfig({ atsAppId: 'a', templates: CATALOG, startsPerUser: 0 });

    // Assess
    expect(attempt).toThrow(BotConfigError);
    expect(attempt).toThrow(/startsPerUser must be a whole number of jobs between 1 and 1000/);
  });
});
