import { describe, expect, it } from 'vitest';
import { checkSlackRequest } from '../../../functions/slack/request-guard';
import { signSlackRequest } from '../../support/slack-requests';

/* The Events API's JSON bodies pass the same checks as form posts. */

const SECRET = 'guard-signing-secret';
const NOW = 1_800_000_000;

const APP_HOME_OPENED = JSON.stringify({
  type: 'event_callback',
  team_id: 'T0LOCAL',
  event: { type: 'app_home_opened', user: 'U0ME', channel: 'D0HOME', tab: 'home' },
  event_id: 'Ev0001',
});

function eventRequest(body: string, timestamp: number, signature?: string) {
  return {
    headers: {
      'content-type': 'application/json',
      'x-slack-signature': signature ?? signSlackRequest(SECRET, timestamp, body),
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-retry-num': '1',
    },
    body,
    isBase64Encoded: false,
  };
}

describe('checkSlackRequest on Events API bodies', () => {
  it('lets a signed event callback within five minutes through, a redelivery included', () => {
    // Act
    const decision = checkSlackRequest(eventRequest(APP_HOME_OPENED, NOW - 299), SECRET, NOW);

    // Assess
    expect(decision).toEqual({ ok: true });
  });

  it('refuses an event whose body was changed after signing', () => {
    // Prepare
    const signed = eventRequest(APP_HOME_OPENED, NOW);
    const tampered = { ...signed, body: APP_HOME_OPENED.replace('U0ME', 'U0ADMIN') };

    // Act
    const decision = checkSlackRequest(tampered, SECRET, NOW);

    // Assess
    expect(decision).toEqual({ ok: false, statusCode: 401, reason: 'signature_mismatch' });
  });

  it('refuses an event signed more than five minutes ago or ahead', () => {
    // Act
    const stale = checkSlackRequest(eventRequest(APP_HOME_OPENED, NOW - 301), SECRET, NOW);
    const future = checkSlackRequest(eventRequest(APP_HOME_OPENED, NOW + 301), SECRET, NOW);

    // Assess
    expect(stale).toEqual({ ok: false, statusCode: 401, reason: 'stale_timestamp' });
    expect(future).toEqual({ ok: false, statusCode: 401, reason: 'future_timestamp' });
  });

  it('refuses a url_verification without a signature: the challenge is answered only when signed', () => {
    // Prepare
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc' });

    // Act
    const decision = checkSlackRequest(
      { headers: { 'content-type': 'application/json' }, body },
      SECRET,
      NOW,
    );

    // Assess
    expect(decision).toEqual({ ok: false, statusCode: 401, reason: 'missing_signature' });
  });
});
