import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo } from '../request-body';

/*
 * Reading Web API requests and writing answers the way Slack's HTTP does.
 */

/** Largest request body accepted (Slack's own limit is of the same order). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Answers with `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The request body as text.
 * @throws Error when it is larger than Slack would take.
 */
export async function readBody(req: IncomingMessage): Promise<string> {
  const body = await readBodyUpTo(req, MAX_BODY_BYTES);
  if (!body) throw new Error('body too large');
  return body.toString('utf8');
}

/** Form fields that carry JSON (the Web API client stringifies nested values in forms). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);

/**
 * Parses JSON or form-encoded bodies as Slack does: in forms, nested values arrive as JSON
 * strings and booleans as `true`/`false`.
 */
export function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.length === 0) return {};
  if ((contentType ?? '').includes('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  }
  const form = new URLSearchParams(raw);
  const args: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (key === 'payload') {
      Object.assign(args, JSON.parse(value));
    } else if (JSON_FIELDS.has(key)) {
      args[key] = JSON.parse(value);
    } else if (value === 'true' || value === 'false') {
      args[key] = value === 'true';
    } else {
      args[key] = value;
    }
  }
  return args;
}

/** The token of an `Authorization: Bearer …` header. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** A non-empty string argument, else undefined. */
export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
