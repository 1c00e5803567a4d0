import { describe, expect, it } from 'vitest';
import { secretsChanged, secretValuesToRedact } from '../../functions/bot-secrets';
import { type BotSecrets, SECRET_KEYS } from '../../functions/env';

const SECRETS: Required<BotSecrets> = {
  slackSigningSecret: 'signing-secret-value',
  slackBotToken: 'xoxb-bot-token-value',
  atsAppApiToken: 'ats-app-api-token-value',
  atsUsername: 'ats-user',
  atsPassword: 'ats-password-value',
};

describe('secretValuesToRedact', () => {
  it('lists every credential of the secret and leaves the ATS user name readable', () => {
    // Act
    const values = secretValuesToRedact(SECRETS);

    // Assess
    expect(values.sort()).toEqual(
      [
        SECRETS.slackSigningSecret,
        SECRETS.slackBotToken,
        SECRETS.atsAppApiToken,
        SECRETS.atsPassword,
      ].sort(),
    );
  });

  it('covers every key of the secret but the user name, so a new key cannot be forgotten', () => {
    // Prepare
    const keys = Object.keys(SECRET_KEYS) as (keyof BotSecrets)[];

    // Act
    const values = secretValuesToRedact(SECRETS);

    // Assess
    for (const key of keys) {
      expect(values.includes(SECRETS[key]), key).toBe(key !== 'atsUsername');
    }
  });

  it('adds the values only one entry point has and leaves absent ones out', () => {
    // Prepare
    const { atsUsername: _user, atsPassword: _password, ...withoutAtsLogin } = SECRETS;

    // Act
    const values = secretValuesToRedact(withoutAtsLogin, ['xapp-app-token-value', undefined, '']);

    // Assess
    expect(values).toEqual([
      SECRETS.slackSigningSecret,
      SECRETS.slackBotToken,
      SECRETS.atsAppApiToken,
      'xapp-app-token-value',
    ]);
  });
});

describe('secretsChanged', () => {
  it('is true when nothing was built yet', () => {
    expect(secretsChanged(undefined, SECRETS)).toBe(true);
  });

  it('is false for the same values read again, in any key order', () => {
    // Prepare
    const reread = Object.fromEntries(Object.entries(SECRETS).reverse()) as unknown as BotSecrets;

    // Act / Assess
    expect(secretsChanged(SECRETS, reread)).toBe(false);
  });

  it.each(Object.keys(SECRET_KEYS) as (keyof BotSecrets)[])('is true when %s changes', (key) => {
    // Prepare
    const rotated = { ...SECRETS, [key]: `${SECRETS[key]}-rotated` };

    // Act / Assess
    expect(secretsChanged(SECRETS, rotated)).toBe(true);
  });

  it('is true when an optional value is added or removed', () => {
    // Prepare
    const { atsPassword: _password, ...withoutPassword } = SECRETS;

    // Act / Assess
    expect(secretsChanged(withoutPassword, SECRETS)).toBe(true);
    expect(secretsChanged(SECRETS, withoutPassword)).toBe(true);
  });
});
