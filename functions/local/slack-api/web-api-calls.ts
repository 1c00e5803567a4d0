import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, optionalString, parseBody, readBody, sendJson } from './http-io';
import { BlocksError } from './message-content';
import { SlackApiError } from './slack-api-error';
import type { WebApiMethod } from './web-api-methods';

/** A fault the server answers with instead of handling a call. */
export type SlackFault =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'server_error'; status: number };

/** One Web API call as received, and how it was answered. */
export interface SlackApiCall {
  method: string;
  args: Record<string, unknown>;
  /** Epoch ms when it arrived. */
  at: number;
  ok: boolean;
  /** Slack error code when not ok (`not_in_channel`, `ratelimited`, …). */
  error?: string;
}

/** What {@link webApiCallHandler} dispatches to and records in. */
export interface WebApiCallDeps {
  methods: Record<string, WebApiMethod>;
  /** Every call is appended here, token left out. */
  calls: SlackApiCall[];
  now: () => number;
  /** Decides, per call, to answer with a fault instead (`seq` counts Web API calls from 1). */
  faultInjector?: (call: { method: string; seq: number }) => SlackFault | undefined;
}

/**
 * Answers `POST /api/<method>` as Slack does: an unreadable body, an injected fault, a missing or
 * non-bot token, an unknown method, then the method's own answer or refusal. Every call is
 * recorded with how it was answered.
 */
export function webApiCallHandler(
  deps: WebApiCallDeps,
): (method: string, req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { methods, calls, now } = deps;
  let seq = 0;
  return async (method, req, res) => {
    seq += 1;
    const at = now();
    let args: Record<string, unknown> = {};
    try {
      args = parseBody(await readBody(req), req.headers['content-type']);
    } catch {
      return answerCall(res, calls, { method, args, at }, 200, {
        ok: false,
        error: 'invalid_form_data',
      });
    }
    const fault = deps.faultInjector?.({ method, seq });
    if (fault?.kind === 'rate_limited') {
      res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      return answerCall(res, calls, { method, args, at }, 429, { ok: false, error: 'ratelimited' });
    }
    if (fault?.kind === 'server_error') {
      return answerCall(res, calls, { method, args, at }, fault.status, {
        ok: false,
        error: 'fatal_error',
      });
    }
    const token = bearerToken(req) ?? optionalString(args.token);
    if (!token)
      return answerCall(res, calls, { method, args, at }, 200, { ok: false, error: 'not_authed' });
    if (!token.startsWith('xoxb-')) {
      return answerCall(res, calls, { method, args, at }, 200, {
        ok: false,
        error: 'invalid_auth',
      });
    }
    const handler = methods[method];
    if (!handler)
      return answerCall(res, calls, { method, args, at }, 200, {
        ok: false,
        error: 'unknown_method',
      });
    try {
      const result = handler(args);
      return answerCall(res, calls, { method, args, at }, 200, { ok: true, ...result });
    } catch (error) {
      const code = error instanceof SlackApiError ? error.code : 'internal_error';
      const detail =
        error instanceof BlocksError
          ? { response_metadata: { messages: [error.message] } }
          : error instanceof SlackApiError
            ? (error.extra ?? {})
            : {};
      return answerCall(res, calls, { method, args, at }, 200, {
        ok: false,
        error: code,
        ...detail,
      });
    }
  };
}

function answerCall(
  res: ServerResponse,
  calls: SlackApiCall[],
  call: { method: string; args: Record<string, unknown>; at: number },
  status: number,
  body: Record<string, unknown>,
): void {
  const ok = body.ok === true;
  calls.push({
    ...call,
    args: redactToken(call.args),
    ok,
    ...(ok ? {} : { error: String(body.error) }),
  });
  sendJson(res, status, body);
}

function redactToken(args: Record<string, unknown>): Record<string, unknown> {
  if (!('token' in args)) return args;
  const { token: _token, ...rest } = args;
  return rest;
}
