import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { renderOutcome } from '../../../functions/slack/blocks/outcome';
import {
  checkSlackRequest,
  MAX_CLOCK_SKEW_SECONDS,
  MAX_SLACK_BODY_BYTES,
} from '../../../functions/slack/request-guard';
import { signSlackRequest } from '../../support/slack-requests';
import { failingCases, finished } from './blocks-support';

const SECRET = 'guard-signing-secret';
const NOW = 1_800_000_000;

function request(
  body: string,
  options: {
    timestamp?: number;
    signature?: string;
    base64?: boolean;
    headerCase?: 'lower' | 'title';
  } = {},
) {
  const timestamp = options.timestamp ?? NOW;
  const signature = options.signature ?? signSlackRequest(SECRET, timestamp, body);
  const title = options.headerCase === 'title';
  return {
    headers: {
      [title ? 'X-Slack-Signature' : 'x-slack-signature']: signature,
      [title ? 'X-Slack-Request-Timestamp' : 'x-slack-request-timestamp']: String(timestamp),
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

/** A click on a button of `message`, form-encoded as Slack posts it. */
function clickBody(blocks: KnownBlock[]): string {
  const payload = {
    type: 'block_actions',
    user: { id: 'U0CLICKER', username: 'clicker', team_id: 'T0LOCAL' },
    container: { type: 'message', message_ts: '1.2', channel_id: 'C0ROOM' },
    trigger_id: '1.2.abc',
    channel: { id: 'C0ROOM', name: 'room' },
    message: { type: 'message', ts: '1.2', text: 'x', blocks },
    response_url: 'https://hooks.slack.com/actions/T0LOCAL/1/abc',
    actions: [{ type: 'button', action_id: 'rerun_not_passed', value: 'req-1' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

describe('checkSlackRequest: what reaches Bolt', () => {
  it('lets a request signed with v0 within five minutes through, base64 or not, whatever the header case', () => {
    // Prepare
    const body = 'command=%2Fats&text=run+smoke';

    // Act
    const decisions = [
      checkSlackRequest(request(body), SECRET, NOW),
      checkSlackRequest(request(body, { base64: true }), SECRET, NOW),
      checkSlackRequest(request(body, { headerCase: 'title' }), SECRET, NOW),
      checkSlackRequest(request(body, { timestamp: NOW - MAX_CLOCK_SKEW_SECONDS }), SECRET, NOW),
      checkSlackRequest(request(body, { timestamp: NOW + MAX_CLOCK_SKEW_SECONDS }), SECRET, NOW),
    ];

    // Assess
    expect(decisions).toEqual(Array(5).fill({ ok: true }));
  });

  it('refuses timestamps more than five minutes in the future, even a correctly signed year 2286', () => {
    // Prepare
    const body = 'command=%2Fats&text=run+smoke';

    // Act
    const soon = checkSlackRequest(
      request(body, { timestamp: NOW + MAX_CLOCK_SKEW_SECONDS + 1 }),
      SECRET,
      NOW,
    );
    const far = checkSlackRequest(request(body, { timestamp: 9_999_999_999 }), SECRET, NOW);

    // Assess
    expect(soon).toEqual({ ok: false, statusCode: 401, reason: 'future_timestamp' });
    expect(far).toEqual({ ok: false, statusCode: 401, reason: 'future_timestamp' });
  });

  it('refuses stale, missing and malformed timestamps', () => {
    // Prepare
    const body = 'text=x';
    const stale = request(body, { timestamp: NOW - MAX_CLOCK_SKEW_SECONDS - 1 });
    const missing = { headers: { 'x-slack-signature': signSlackRequest(SECRET, NOW, body) }, body };
    const malformed = request(body);
    malformed.headers['x-slack-request-timestamp'] = '1e9';

    // Act + Assess
    expect(checkSlackRequest(stale, SECRET, NOW)).toMatchObject({ reason: 'stale_timestamp' });
    expect(checkSlackRequest(missing, SECRET, NOW)).toMatchObject({ reason: 'missing_signature' });
    expect(checkSlackRequest(malformed, SECRET, NOW)).toMatchObject({ reason: 'bad_timestamp' });
  });

  it('accepts only v0 signatures: a v1= carrying the right digest is refused', () => {
    // Prepare
    const body = 'text=x';
    const v0 = signSlackRequest(SECRET, NOW, body);

    // Act
    const v1 = checkSlackRequest(
      request(body, { signature: v0.replace('v0=', 'v1=') }),
      SECRET,
      NOW,
    );
    const upper = checkSlackRequest(request(body, { signature: v0.toUpperCase() }), SECRET, NOW);

    // Assess
    expect(v1).toEqual({ ok: false, statusCode: 401, reason: 'bad_signature_format' });
    expect(upper).toMatchObject({ statusCode: 401 });
  });

  it('refuses a signature over another body, another timestamp or with another secret', () => {
    // Prepare
    const body = 'text=run+smoke';
    const forBody = signSlackRequest(SECRET, NOW, 'text=run+prod');
    const forTime = signSlackRequest(SECRET, NOW - 1, body);
    const forSecret = signSlackRequest('other-secret', NOW, body);

    // Act + Assess
    for (const signature of [forBody, forTime, forSecret]) {
      expect(checkSlackRequest(request(body, { signature }), SECRET, NOW)).toEqual({
        ok: false,
        statusCode: 401,
        reason: 'signature_mismatch',
      });
    }
  });

  it('answers 413 to a body over the cap before looking at its signature, base64 or not', () => {
    // Prepare: unsigned, as an attacker would send it.
    const big = 'x'.repeat(MAX_SLACK_BODY_BYTES + 1);
    const unsigned = { headers: {}, body: big, isBase64Encoded: false };
    const unsigned64 = {
      headers: {},
      body: Buffer.from(big).toString('base64'),
      isBase64Encoded: true,
    };

    // Act + Assess
    expect(checkSlackRequest(unsigned, SECRET, NOW)).toEqual({
      ok: false,
      statusCode: 413,
      reason: 'body_too_large',
    });
    expect(checkSlackRequest(unsigned64, SECRET, NOW)).toMatchObject({ statusCode: 413 });
  });

  it('admits a body of exactly the cap when signed', () => {
    // Prepare
    const body = 'x'.repeat(MAX_SLACK_BODY_BYTES);

    // Act
    const decision = checkSlackRequest(request(body, { base64: true }), SECRET, NOW);

    // Assess
    expect(decision).toEqual({ ok: true });
  });
});

describe("Slack's SSL check", () => {
  it('passes an unsigned ssl_check form on to Bolt, which answers it', () => {
    // Act
    const decision = checkSlackRequest({ headers: {}, body: 'ssl_check=1&token=x' }, SECRET, NOW);

    // Assess
    expect(decision).toEqual({ ok: true });
  });

  it('does not take a large unsigned body for an SSL check because it mentions ssl_check', () => {
    // Prepare
    const body = `ssl_check=1&pad=${'x'.repeat(2_000)}`;

    // Act
    const decision = checkSlackRequest({ headers: {}, body }, SECRET, NOW);

    // Assess
    expect(decision).toMatchObject({ ok: false, statusCode: 401 });
  });
});

describe('the body cap against the largest requests Slack sends', () => {
  it("admits a click on the bot's largest message (5,000 failing cases, 50 blocks) with room to spare", () => {
    // Prepare
    const outcome = renderOutcome(finished(failingCases(5_000)));

    // Act
    const bytes = Buffer.byteLength(clickBody(outcome.blocks));

    // Assess
    console.info(`[request-guard] click on a 5,000-failure result: ${bytes} bytes`);
    expect(outcome.blocks.length).toBeLessThanOrEqual(50);
    expect(bytes).toBeLessThan(MAX_SLACK_BODY_BYTES / 4);
  });

  it('admits a click on the largest message Slack allows: 50 sections of 3,000 three-byte characters', () => {
    // Prepare
    const blocks: KnownBlock[] = Array.from({ length: 50 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: '測'.repeat(3_000) },
    }));

    // Act
    const bytes = Buffer.byteLength(clickBody(blocks));

    // Assess
    console.info(`[request-guard] click on a 50-block worst-case message: ${bytes} bytes`);
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(bytes).toBeLessThan(MAX_SLACK_BODY_BYTES);
  });
});
