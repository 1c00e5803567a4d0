import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** An HTTP request as the local server read it, body complete. */
export interface LocalHttpRequest {
  method: string;
  /** Path and query, as in `IncomingMessage.url`: `/slack/events?x=1`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Client address, for `requestContext.http.sourceIp`. */
  sourceIp?: string;
  /** `Host` the server is reached at, for `requestContext.domainName`. */
  host?: string;
}

/**
 * Content types whose body is handed over as text (`isBase64Encoded: false`); anything else arrives
 * base64-encoded. On AWS, Function URLs base64-encode form posts too; local mode keeps Slack's
 * form bodies readable (in logs and when debugging) since Bolt's receiver decodes either form and
 * the ingress tests cover the base64 one.
 */
const TEXT_TYPES = [
  /^text\//,
  /^application\/(json|xml|javascript|x-www-form-urlencoded)\b/,
  /\+(json|xml)\b/,
];

/**
 * Turns a request into the event a Lambda Function URL delivers (payload format 2.0): header
 * names lower-cased and repeated values joined with commas, cookies moved to `cookies`, the query
 * string both raw and parsed, the body as text for textual content types (`isBase64Encoded:
 * false`, see {@link TEXT_TYPES}) and base64 otherwise, and `requestContext.http` with method,
 * path and source IP: the shape the ingress handler gets from the Function URL on AWS.
 */
export function toFunctionUrlEvent(
  request: LocalHttpRequest,
  now: Date = new Date(),
): APIGatewayProxyEventV2 {
  const { pathname, search } = new URL(request.url, 'http://localhost');
  const rawQueryString = search.startsWith('?') ? search.slice(1) : search;
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(',') : value;
    if (lower === 'cookie') {
      cookies = joined.split(/;\s*/).filter((c) => c.length > 0);
      continue;
    }
    headers[lower] = joined;
  }
  const contentType = headers['content-type'] ?? '';
  const isText = TEXT_TYPES.some((pattern) => pattern.test(contentType.toLowerCase()));
  const domainName = request.host ?? headers.host ?? 'localhost';
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: pathname,
    rawQueryString,
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method.toUpperCase(),
        path: pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: request.body.length > 0 && !isText,
  };
  if (cookies) event.cookies = cookies;
  if (rawQueryString) event.queryStringParameters = parseQuery(rawQueryString);
  if (request.body.length > 0) {
    event.body = isText ? request.body.toString('utf8') : request.body.toString('base64');
  }
  return event;
}

/** What a Function URL handler may return: a structured result, or anything else (sent as JSON). */
export type FunctionUrlResult = APIGatewayProxyStructuredResultV2 | string | object | undefined;

/**
 * Writes a handler's result the way Function URLs do: a structured result (`statusCode` present)
 * as status, headers, cookies and body (decoding base64 when flagged); any other value as a 200
 * JSON response (a string is sent as is).
 */
export function writeFunctionUrlResult(response: ServerResponse, result: FunctionUrlResult): void {
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const structured = result as APIGatewayProxyStructuredResultV2;
    for (const [name, value] of Object.entries(structured.headers ?? {})) {
      response.setHeader(name, String(value));
    }
    if (structured.cookies?.length) response.setHeader('set-cookie', structured.cookies);
    const body = structured.body ?? '';
    response.statusCode = structured.statusCode ?? 200;
    response.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
    return;
  }
  response.statusCode = 200;
  if (typeof result === 'string') {
    response.end(result);
    return;
  }
  response.setHeader('content-type', 'application/json');
  response.end(result === undefined ? '' : JSON.stringify(result));
}

function parseQuery(raw: string): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // Function URLs join repeated parameters with commas, like headers.
    parsed[key] = key in parsed ? `${parsed[key]},${value}` : value;
  }
  return parsed;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
function formatRequestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
