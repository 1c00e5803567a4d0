import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RERUN_ACTION_ID } from '../../../functions/slack/blocks/outcome';

const manifest = JSON.parse(
  readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8'),
);

describe('Slack app manifest', () => {
  it('declares /ats and interactivity on the same placeholder request URL the deploy output replaces', () => {
    // Prepare
    const [command] = manifest.features.slash_commands;

    // Act
    const urls = [command.url, manifest.settings.interactivity.request_url];

    // Assess
    expect(command.command).toBe('/ats');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toContain('REPLACE-WITH-SlackRequestUrl');
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(RERUN_ACTION_ID).toBe('rerun_not_passed');
  });

  it("asks for the minimal bot scopes: commands, posting, the JUnit file, user groups for access checks, people's time zones for schedules, and history to find its own messages and files again", () => {
    // Prepare / Act
    const scopes = manifest.oauth_config.scopes.bot;

    // Assess
    expect([...scopes].sort()).toEqual([
      'channels:history',
      'chat:write',
      'commands',
      'files:write',
      'groups:history',
      'usergroups:read',
      'users:read',
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('turns the Home tab on and subscribes to app_home_opened on the same request URL', () => {
    // Prepare
    const [command] = manifest.features.slash_commands;

    // Act
    const events = manifest.settings.event_subscriptions;

    // Assess
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(events.request_url).toBe(command.url);
    expect(events.bot_events).toEqual(['app_home_opened']);
  });

  it('names the bot ATS, as the invite hint (`/invite @ATS`) says', () => {
    // Prepare / Act
    const name = manifest.features.bot_user.display_name;

    // Assess
    expect(name).toBe('ATS');
  });
});
