import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The checks every request to the public Slack endpoint passes before anything parses its body.
 *
 * Bolt's `AwsLambdaReceiver` parses the body (form fields, then the `payload` JSON) before it
 * verifies the signature, accepts timestamps far in the future, and takes any `v…=` prefix. On a
 * public Function URL that lets an unsigned request cost seconds of CPU (a 6 MB nested JSON body)
 * and lets a captured request replay for as long as its clock claims. So the ingress decides
 * here, on the raw bytes, in this order: size (413), then the `v0=` signature over the exact body
 * and a timestamp within five minutes either way (401). Only what passes reaches Bolt.
 */

/**
 * Largest body accepted, in bytes. Slack's largest real requests are `block_actions` clicks, which
 * carry the clicked message. Form-encoded, the bot's largest message (a result with 5,000 failing
 * cases, packed into at most 50 blocks) makes a click of about 35 KB, and the largest message Slack
 * allows at all (50 sections of 3,000 three-byte characters) about 1.4 MB
 * (`test/unit/slack/request-guard.test.ts` measures both): 2 MiB admits every real request and
 * still refuses abuse before any parsing.
 */
export const MAX_SLACK_BODY_BYTES = 2 * 1024 * 1024;

/** How far a request's timestamp may be from now, either way (Slack's own advice: 5 minutes). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** What the guard needs from a Function URL (payload 2.0) or API Gateway event. */
export interface RawSlackRequest {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** Outcome of {@link checkSlackRequest}: the request may go on, or the answer to give instead. */
export type GuardDecision =
  | { ok: true }
  | { ok: false; statusCode: 401 | 413; reason: GuardRefusal };

/** Why a request was refused (logged; never shown to the sender beyond the status). */
export type GuardRefusal =
  | 'body_too_large'
  | 'missing_signature'
  | 'bad_signature_format'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'signature_mismatch';

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
/** An SSL check is a few form fields; only bodies this small are looked at for one. */
const SSL_CHECK_MAX_BYTES = 1024;
const TIMESTAMP = /^\d{1,12}$/;

/**
 * Decides whether a raw request may reach Bolt: body at most `maxBodyBytes` (checked on the
 * encoded length first, so an oversized body is never decoded); then either Slack's unsigned SSL
 * check (a form of at most 1 KB with `ssl_check`), or a `v0=` signature of 64 hex
 * digits, a timestamp within {@link MAX_CLOCK_SKEW_SECONDS} of `nowSeconds`, and the signature
 * matching HMAC-SHA256(`v0:<timestamp>:<body>`) compared in constant time. Never throws.
 */
export function checkSlackRequest(
  request: RawSlackRequest,
  signingSecret: string,
  nowSeconds: number,
  maxBodyBytes: number = MAX_SLACK_BODY_BYTES,
): GuardDecision {
  const raw = request.body ?? '';
  // Base64 is 4/3 of the bytes it carries: compare without decoding anything too large.
  const encodedLimit = request.isBase64Encoded
    ? Math.ceil((maxBodyBytes * 4) / 3) + 4
    : maxBodyBytes;
  if (raw.length > encodedLimit) return refuse(413, 'body_too_large');
  const body = request.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (body.length > maxBodyBytes) return refuse(413, 'body_too_large');

  // Slack's SSL check of a slash command URL carries no signature; Bolt answers it with 200.
  if (
    body.length <= SSL_CHECK_MAX_BYTES &&
    new URLSearchParams(body.toString('utf8')).has('ssl_check')
  ) {
    return { ok: true };
  }
  const headers = lowerCased(request.headers);
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (!signature || !timestamp) return refuse(401, 'missing_signature');
  if (!SIGNATURE.test(signature)) return refuse(401, 'bad_signature_format');
  if (!TIMESTAMP.test(timestamp)) return refuse(401, 'bad_timestamp');
  const age = nowSeconds - Number(timestamp);
  if (age > MAX_CLOCK_SKEW_SECONDS) return refuse(401, 'stale_timestamp');
  if (age < -MAX_CLOCK_SKEW_SECONDS) return refuse(401, 'future_timestamp');

  const expected = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:`)
    .update(body)
    .digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return refuse(401, 'signature_mismatch');
  }
  return { ok: true };
}

function refuse(statusCode: 401 | 413, reason: GuardRefusal): GuardDecision {
  return { ok: false, statusCode, reason };
}

/** Header names are case-insensitive; Function URLs lower-case them, API Gateway may not. */
function lowerCased(
  headers: Record<string, string | undefined> | null | undefined,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}
