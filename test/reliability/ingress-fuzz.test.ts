import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../functions/aws/dynamo-job-store';
import type { Job } from '../../functions/core/job';
import type { JobStore } from '../../functions/core/ports';
import { parseCatalog } from '../../functions/core/requests/catalog';
import { JobRequests } from '../../functions/core/requests/requests';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../functions/local/slack-api/slack-api-server';
import { createSlackIngress, type SlackIngress } from '../../functions/slack/bolt-app';
import { MAX_SLACK_BODY_BYTES } from '../../functions/slack/request-guard';
import { SlackUserGroupDirectory } from '../../functions/slack/user-group-directory';
import { createSlackWebClient } from '../../functions/slack/web-client';
import { type RunningDynalite, startDynalite } from '../support/dynalite';
import { RecordingInvoker } from '../support/recording-invoker';
import { SEED_VARIABLE, seedFromEnvironment } from '../support/reliability/seeded-chance';
import { SilentBoltLogger } from '../support/reliability/silent-bolt-logger';
import { functionUrlEvent, signSlackRequest } from '../support/slack-requests';

/*
 * The real ingress handler (Bolt's AwsLambdaReceiver and the /ats and button listeners) fed with
 * thousands of generated requests: random and malformed bodies, wrong content types, missing and
 * forged signatures, replays older than five minutes, oversized bodies, random command text.
 */

const SEED = seedFromEnvironment();
console.log(`[reliability] ingress fuzzing seed ${SEED} (${SEED_VARIABLE}=${SEED} replays it)`);
const SIGNING_SECRET = 'fuzz-signing-secret-5b7e1c';
const BOT_TOKEN = 'xoxb-fuzz-ingress';
const UNSIGNED_RUNS = 1_500;
const SIGNED_RUNS = 600;
const LAMBDA_CONTEXT = {} as never;

const catalog = parseCatalog([
  { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke tests' },
  { alias: 'nightly', templateId: 'TPL-NIGHTLY', name: 'Nightly run', autoReruns: 1 },
  {
    alias: 'prod',
    templateId: 'TPL-PROD',
    name: 'Production checks',
    allowedUsers: ['U0BOSS'],
    allowedUserGroups: ['S0QA'],
  },
]);

/** The store, counting writes (a write is the ingress recording something). */
function countingStore(store: JobStore): { store: JobStore; writes: () => number } {
  let writes = 0;
  return {
    store: {
      create: (job: Job) => {
        writes++;
        return store.create(job);
      },
      replace: (job: Job, version: number) => {
        writes++;
        return store.replace(job, version);
      },
      get: (id) => store.get(id),
      findByAtsJobId: (id) => store.findByAtsJobId(id),
      listActiveInChannel: (channel, limit) => store.listActiveInChannel(channel, limit),
      latestOfUser: (user, limit) => store.latestOfUser(user, limit),
      recentFinishedRuns: (template, reruns, limit) =>
        store.recentFinishedRuns(template, reruns, limit),
      getSlots: (app) => store.getSlots(app),
      putSlots: (next) => {
        writes++;
        return store.putSlots(next);
      },
    },
    writes: () => writes,
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Text a person may type after `/ats`. */
const commandText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 3_000 }),
  fc
    .tuple(
      fc.constantFrom('run', 'rerun', 'watch', 'status', 'list', 'help', 'RUN', 'Run', ''),
      fc.oneof(
        fc.constantFrom('smoke', 'prod', 'nightly', 'smoek', 'TPL-SMOKE', '<!channel>', '*bold*'),
        fc.string({ maxLength: 150 }),
        fc.string({ unit: 'grapheme', maxLength: 60 }),
      ),
      fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0'),
    )
    .map(([verb, arg, gap]) => `${verb}${gap}${arg}`),
);

const slackId = (prefix: string) =>
  fc.oneof(
    fc.stringMatching(new RegExp(`^${prefix}[A-Z0-9]{4,10}$`)),
    fc.string({ maxLength: 20 }),
  );

/** A slash command body as Slack sends it (form-encoded, so always ASCII). */
const slashCommandBody = fc
  .record({
    text: commandText,
    command: fc.constantFrom('/ats', '/ats', '/ats', '/other'),
    user_id: slackId('U'),
    channel_id: slackId('C'),
    trigger_id: fc.string({ minLength: 1, maxLength: 60 }),
    response_url: fc.constantFrom('', 'https://hooks.slack.com/commands/T0/1/x', 'not a url'),
  })
  .map((fields) => ({
    fields,
    body: new URLSearchParams({
      token: 'x',
      team_id: 'T0FUZZ',
      api_app_id: 'A0FUZZ',
      ...fields,
    }).toString(),
  }));

/** A button click body (form field `payload` with JSON). */
const blockActionBody = fc
  .record({
    value: fc.oneof(fc.string({ maxLength: 140 }), fc.constantFrom('req-missing', '')),
    actionId: fc.constantFrom('rerun_not_passed', 'something_else'),
    userId: slackId('U'),
  })
  .map(({ value, actionId, userId }) => ({
    rerun: actionId === 'rerun_not_passed',
    body: new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: userId },
        team: { id: 'T0FUZZ' },
        api_app_id: 'A0FUZZ',
        trigger_id: 'trigger-fuzz',
        container: { type: 'message', channel_id: 'C0FUZZ', message_ts: '1.2' },
        channel: { id: 'C0FUZZ' },
        response_url: 'https://hooks.slack.com/actions/T0/1/x',
        actions: [{ type: 'button', action_id: actionId, block_id: 'b', value }],
      }),
    }).toString(),
  }));

/** A body for a request that would start something if it got through. */
const OVERSIZED = `text=run+smoke&command=%2Fats&trigger_id=big&padding=${'A'.repeat(5 * 1024 * 1024)}`;
const anyBody = fc.oneof(
  slashCommandBody.map((b) => b.body),
  blockActionBody.map((b) => b.body),
  fc.string({ unit: 'binary', maxLength: 2_000 }),
  fc.string({ maxLength: 500 }),
  fc.json(),
  fc.constantFrom(
    '',
    'payload=',
    'payload=%7Bnot-json',
    '{"type":"url_verification","challenge":"c"}',
    'ssl_check=1&token=x',
    'text=run+smoke&command=%2Fats&user_id=U0X&channel_id=C0X&trigger_id=t',
    OVERSIZED,
  ),
);

const contentType = fc.oneof(
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded; charset=utf-8',
    'APPLICATION/X-WWW-FORM-URLENCODED',
    'multipart/form-data; boundary=x',
    undefined,
  ),
  fc.string({ maxLength: 40 }),
);

type Forgery =
  | 'missing'
  | 'random'
  | 'wrong-secret'
  | 'other-body'
  | 'replayed'
  | 'no-timestamp'
  | 'bad-timestamp'
  | 'v1'
  | 'truncated'
  | 'no-headers';

/** A request that is not signed with the signing secret, or signed too long ago. */
const unsignedEvent = fc
  .record({
    body: anyBody,
    type: contentType,
    base64: fc.boolean(),
    forgery: fc.constantFrom<Forgery>(
      'missing',
      'random',
      'wrong-secret',
      'other-body',
      'replayed',
      'no-timestamp',
      'bad-timestamp',
      'v1',
      'truncated',
      'no-headers',
    ),
    junk: fc.stringMatching(/^[0-9a-f]{0,64}$/),
    age: fc.integer({ min: 301, max: 30 * 24 * 3600 }),
  })
  .map(({ body, type, base64, forgery, junk, age }) => {
    const ts = nowSeconds();
    const valid = (secret: string, at: number, signed: string) =>
      signSlackRequest(secret, at, signed);
    const headers: Record<string, string | undefined> = {};
    let timestamp: string | undefined = String(ts);
    let signature: string | undefined;
    switch (forgery) {
      case 'missing':
        break;
      case 'random':
        signature = `v0=${junk}`;
        break;
      case 'wrong-secret':
        signature = valid(`${SIGNING_SECRET}-not`, ts, body);
        break;
      case 'other-body':
        signature = valid(SIGNING_SECRET, ts, `${body}x`);
        break;
      case 'replayed':
        timestamp = String(ts - age);
        signature = valid(SIGNING_SECRET, ts - age, body);
        break;
      case 'no-timestamp':
        timestamp = undefined;
        signature = valid(SIGNING_SECRET, ts, body);
        break;
      case 'bad-timestamp':
        timestamp = `${ts}abc`;
        signature = valid(SIGNING_SECRET, ts, body);
        break;
      case 'v1':
        signature = valid(SIGNING_SECRET, ts, body).replace('v0=', 'v1=');
        break;
      case 'truncated':
        signature = valid(SIGNING_SECRET, ts, body).slice(0, 40);
        break;
      case 'no-headers':
        break;
    }
    if (type !== undefined) headers['content-type'] = type;
    if (timestamp !== undefined) headers['x-slack-request-timestamp'] = timestamp;
    if (signature !== undefined) headers['x-slack-signature'] = signature;
    const event = rawEvent(body, headers, base64);
    if (forgery === 'no-headers') (event as { headers?: unknown }).headers = undefined;
    return { event, forgery, what: `${forgery} ${type ?? 'no type'} ${body.slice(0, 60)}` };
  });

function rawEvent(
  body: string,
  headers: Record<string, string | undefined>,
  base64: boolean,
): APIGatewayProxyEventV2 {
  const event = functionUrlEvent(body, { signingSecret: SIGNING_SECRET, base64 });
  const clean = Object.fromEntries(
    Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined),
  );
  event.headers = { host: event.headers.host, ...clean };
  return event;
}

/** A request signed with the right secret, as Slack sends them, or malformed but signed. */
const signedEvent = fc.oneof(
  { weight: 6, arbitrary: slashCommandBody.map((b) => ({ kind: 'command' as const, ...b })) },
  { weight: 2, arbitrary: blockActionBody.map((b) => ({ kind: 'click' as const, ...b })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.constant('payload=%7Bnot-json'))
      .map((body) => ({ kind: 'malformed' as const, body })),
  },
);

function bodyText(event: APIGatewayProxyEventV2): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('latin1') : body;
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').length : Buffer.byteLength(body);
}

function signed(body: string, retry: boolean): APIGatewayProxyEventV2 {
  return functionUrlEvent(body, {
    signingSecret: SIGNING_SECRET,
    ...(retry
      ? { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }
      : {}),
  });
}

describe('Slack ingress, fuzzed', () => {
  let db: RunningDynalite;
  let slack: SlackApiServer;
  let invoker: RecordingInvoker;
  let counted: ReturnType<typeof countingStore>;
  let ingress: SlackIngress;
  let logger: SilentBoltLogger;

  beforeAll(async () => {
    db = await startDynalite();
    slack = await startSlackApiServer({ userGroups: { S0QA: ['U0QA'] } });
    invoker = new RecordingInvoker();
    counted = countingStore(new DynamoJobStore(db.doc, await db.createJobsTable()));
    logger = new SilentBoltLogger();
    const requests = new JobRequests({
      store: counted.store,
      invoker,
      clock: { now: () => Date.now() },
      catalog,
      userGroups: new SlackUserGroupDirectory(
        createSlackWebClient(BOT_TOKEN, { slackApiUrl: slack.url }),
      ),
    });
    ingress = createSlackIngress({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      slackApiUrl: slack.url,
      logger,
      requests,
    });
  });

  afterAll(async () => {
    await slack.close();
    await db.close();
  });

  it(`starts and records nothing for ${UNSIGNED_RUNS} unsigned, forged, replayed or malformed requests, and always answers (seed ${SEED})`, async () => {
    // Prepare
    const statuses = new Map<number, number>();

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(unsignedEvent, async ({ event, what }) => {
        let status: number;
        try {
          status = (await ingress.handler(event, LAMBDA_CONTEXT)).statusCode;
        } catch (error) {
          throw new Error(`handler threw for ${what}: ${String(error)}`);
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        // Refused as too large (413), unsigned (401) or unreadable (400); 200 only for Slack's
        // ssl_check ping.
        expect([200, 400, 401, 413]).toContain(status);
        if (status === 413) expect(bodyBytes(event)).toBeGreaterThan(MAX_SLACK_BODY_BYTES);
        if (status === 200) expect(bodyText(event)).toContain('ssl_check');
        expect(counted.writes()).toBe(0);
        expect(invoker.messages).toEqual([]);
      }),
      { numRuns: UNSIGNED_RUNS, seed: SEED, endOnFailure: true },
    );
    expect(slack.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(statuses.get(401)).toBeGreaterThan(UNSIGNED_RUNS / 10);
    expect(statuses.get(400)).toBeGreaterThan(0);
  });

  it(`answers every signed /ats command with 200 and a text, and any other signed request with a status (${SIGNED_RUNS} requests, seed ${SEED})`, async () => {
    // Prepare
    const kinds = new Map<string, number>();

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(signedEvent, fc.boolean(), async (request, retry) => {
        kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + 1);
        const response = await ingress.handler(signed(request.body, retry), LAMBDA_CONTEXT);
        expect(response.statusCode).toBeGreaterThanOrEqual(200);
        expect(response.statusCode).toBeLessThan(600);
        if (request.kind === 'command' && request.fields.command === '/ats') {
          expect(response.statusCode).toBe(200);
          const answer = JSON.parse(response.body) as { text?: unknown };
          expect(typeof answer.text).toBe('string');
          expect(String(answer.text).trim().length).toBeGreaterThan(0);
        }
        if (request.kind === 'click' && request.rerun) expect(response.statusCode).toBe(200);
      }),
      { numRuns: SIGNED_RUNS, seed: SEED, endOnFailure: true },
    );
    expect(kinds.size).toBe(3);
  });
});
