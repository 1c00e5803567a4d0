import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtsSoapClient } from '../../functions/ats/client';
import {
  AtsBadResponseError,
  AtsConnectionError,
  AtsHttpError,
  AtsJobNotStartedError,
  AtsSoapFaultError,
  AtsTimeoutError,
} from '../../functions/ats/errors';
import type { AtsJobStatus, AtsStartedJob } from '../../functions/core/ats';
import {
  type ScriptedAnswer,
  type ScriptedAtsServer,
  startScriptedAtsServer,
} from '../support/reliability/scripted-ats-server';
import { SEED_VARIABLE, seedFromEnvironment } from '../support/reliability/seeded-chance';

/*
 * Untrusted ATS answers through the real client (transport + parser), served raw from
 * 127.0.0.1: random and cut-off XML, unexpected and missing elements, huge values, entity tricks.
 * Only the client's typed errors may come out, nothing declared in a document is expanded, and
 * memory stays bounded.
 */

const SEED = seedFromEnvironment();
console.log(`[reliability] ATS answer fuzzing seed ${SEED} (${SEED_VARIABLE}=${SEED} replays it)`);
const TOKEN = 'fuzz-token-7d1c9a3b';
const PASSWORD = 'fuzz-password-4e8f2b6c';
const RUNS = 1_000;
/** Text an entity would expand to: it must never come out of the client. */
const EXPANSION = 'ENTITY-EXPANDED-9f3a';

const TYPED_ERRORS = [
  AtsSoapFaultError,
  AtsJobNotStartedError,
  AtsHttpError,
  AtsBadResponseError,
  AtsTimeoutError,
  AtsConnectionError,
];

type Operation = 'runJob' | 'getJobStatus' | 'rerunNotPassed';

const NS =
  'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.mendix.com/"';

function envelope(body: string, prolog = ''): string {
  return `${prolog}<soap:Envelope ${NS}><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

/** A valid answer of each operation, as real ATS sends it (CDATA) or the reference shows it. */
function validAnswer(operation: Operation, cdata: boolean, value = 'job-1'): string {
  const v = (text: string) => (cdata ? `<![CDATA[${text}]]>` : text);
  if (operation === 'getJobStatus') {
    return envelope(
      `<tns:GetTestRunResponse><TestRun><ExecutionStatus>${v('Done')}</ExecutionStatus><ExecutionResult>${v('Failed')}</ExecutionResult><ErrorMessage>${v('')}</ErrorMessage><ExecutionFlags><Flags><Canceled>${v('false')}</Canceled><Warning>${v('true')}</Warning></Flags></ExecutionFlags><ExecutionResultBreakdown><ResultBreakdown><CountPassed>${v('5')}</CountPassed><CountNotExecuted>${v('1')}</CountNotExecuted><CountFailed>${v('1')}</CountFailed></ResultBreakdown></ExecutionResultBreakdown><ExecutionDetailsPerTestCase><ExecutionDetailsTestCase><Name>${v(value)}</Name><Result>${v('Failed')}</Result><Duration>${v('00:01:37')}</Duration><ErrorMessage>${v('boom')}</ErrorMessage></ExecutionDetailsTestCase></ExecutionDetailsPerTestCase></TestRun></tns:GetTestRunResponse>`,
    );
  }
  const element = operation === 'runJob' ? 'RunJob' : 'RerunNotPassed';
  return envelope(
    `<tns:${element}Response><RunJob><Started>${v('true')}</Started><ErrorMessage>${v('')}</ErrorMessage><JobID>${v(value)}</JobID></RunJob></tns:${element}Response>`,
  );
}

/** Documents that try to make a parser expand entities, read files or blow up. */
function entityTricks(operation: Operation): string[] {
  const inner = validAnswer(operation, false, '&e;');
  const laughs = [
    '<!ENTITY lol "lol">',
    ...Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ),
    `<!ENTITY e "&lol9;${EXPANSION}">`,
  ].join('');
  return [
    `<?xml version="1.0"?><!DOCTYPE x [${laughs}]>${inner}`,
    `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${inner}`,
    `<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]>${inner}`,
    `<!DOCTYPE x SYSTEM "file:///etc/passwd">${inner}`,
    `<!doctype x [<!ENTITY e "${EXPANSION}">]>${inner}`,
    `<!DOCTYPE\tx\n[<!ENTITY\te\t"${EXPANSION}">]>${inner}`,
    inner.replace('<soap:Body>', `<soap:Body><!DOCTYPE y [<!ENTITY e "${EXPANSION}">]>`),
    inner.replace('<soap:Body>', `<soap:Body><!ENTITY e "${EXPANSION}">`),
    `<?xml version="1.0" encoding="UTF-16"?>${inner}`,
    `\uFEFF<!DOCTYPE x [<!ENTITY e "${EXPANSION}">]>${inner}`,
    inner.replace(
      '<soap:Body>',
      '<soap:Body><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>',
    ),
    validAnswer(operation, false, '&#x26;e;&amp;e;&#38;#38;&nbsp;&e;'),
  ];
}

const operationArb = fc.constantFrom<Operation>('runJob', 'getJobStatus', 'rerunNotPassed');

const xmlName = fc.oneof(
  fc.constantFrom(
    'Started',
    'JobID',
    'ErrorMessage',
    'ExecutionStatus',
    'ExecutionResult',
    'TestRun',
    'RunJob',
    'Fault',
    'faultstring',
    'soap:Fault',
    'Envelope',
    'Body',
    'ExecutionDetailsTestCase',
  ),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.:-]{0,12}$/),
);
const xmlText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'true',
    'false',
    'Done',
    'Queued',
    '&amp;',
    '&lt;x&gt;',
    ']]>',
    '<![CDATA[x]]>',
    '&#0;',
    '&#xD800;',
    TOKEN,
    PASSWORD,
  ),
);
/** Random element trees with random names, text, CDATA and comments. */
const xmlTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    xmlText,
    xmlText.map((t) => `<![CDATA[${t}]]>`),
    xmlText.map((t) => `<!--${t}-->`),
    fc
      .tuple(xmlName, fc.array(tie('node'), { maxLength: 4 }))
      .map(([name, children]) => `<${name}>${children.join('')}</${name}>`),
  ),
})).node;

/** One scripted answer, built from a valid one or from nothing. */
const answerArb: fc.Arbitrary<{ operation: Operation; answer: ScriptedAnswer; what: string }> =
  operationArb.chain((operation) => {
    const valid = fc.boolean().map((cdata) => validAnswer(operation, cdata));
    const status = fc.constantFrom(200, 200, 200, 500, 502, 404, 429, 302, 204);
    const body = (what: string, text: fc.Arbitrary<string>) =>
      fc
        .tuple(text, status, fc.constantFrom('text/xml', 'text/html', 'application/json', 'x/y'))
        .map(([b, s, contentType]) => ({
          operation,
          what,
          answer: { kind: 'body' as const, status: s, contentType, body: b },
        }));
    return fc.oneof(
      body('random text', fc.string({ unit: 'binary', maxLength: 2_000 })),
      body('random XML', xmlTree),
      body(
        'random XML in an envelope',
        xmlTree.map((t) => envelope(t)),
      ),
      body(
        'cut-off answer',
        fc.tuple(valid, fc.nat()).map(([xml, at]) => xml.slice(0, at % xml.length)),
      ),
      body(
        'unexpected element',
        fc.tuple(valid, fc.nat(), xmlTree).map(([xml, at, extra]) => {
          const points = [...xml.matchAll(/></g)].map((m) => (m.index ?? 0) + 1);
          const point = points[at % points.length] ?? 0;
          return xml.slice(0, point) + extra + xml.slice(point);
        }),
      ),
      body(
        'missing element',
        fc
          .tuple(valid, xmlName)
          .map(([xml, name]) => xml.replace(new RegExp(`<${name}>.*?</${name}>`), '')),
      ),
      body(
        'huge value',
        fc
          .tuple(fc.integer({ min: 10_000, max: 1_000_000 }), fc.boolean())
          .map(([size, cdata]) => validAnswer(operation, cdata, 'J'.repeat(size))),
      ),
      body('entity trick', fc.constantFrom(...entityTricks(operation))),
      body(
        'fault echoing credentials',
        fc
          .constantFrom(TOKEN, PASSWORD, `${TOKEN}&amp;${PASSWORD}`)
          .map((secret) =>
            envelope(
              `<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Invalid AppAPIToken '${secret}'</faultstring></soap:Fault>`,
            ),
          ),
      ),
      fc.tuple(valid, fc.nat()).map(([xml, at]) => ({
        operation,
        what: 'connection cut mid-answer',
        answer: { kind: 'cut' as const, body: xml, cutAt: at % xml.length },
      })),
    );
  });

function call(client: AtsSoapClient, operation: Operation): Promise<AtsStartedJob | AtsJobStatus> {
  switch (operation) {
    case 'runJob':
      return client.runJob('tpl-fuzz');
    case 'getJobStatus':
      return client.getJobStatus('job-fuzz', { flags: true, breakdown: true, details: true });
    case 'rerunNotPassed':
      return client.rerunNotPassed('job-fuzz');
  }
}

/** Everything the client gave back as text, to look for expanded entities and secrets. */
function allText(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

/**
 * Heap plus array buffers still reachable. V8 frees the backing stores of collected array
 * buffers on a background thread (Node 24), so `arrayBuffers` lags one collection: collect, let
 * the sweeper run, and collect again before reading.
 */
async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe('ATS answers, fuzzed, through the real SOAP client', () => {
  let server: ScriptedAtsServer;
  let client: AtsSoapClient;

  beforeAll(async () => {
    server = await startScriptedAtsServer();
    client = new AtsSoapClient({
      baseUrl: server.baseUrl,
      appId: 'fuzz-app',
      appApiToken: TOKEN,
      username: 'fuzz-user',
      password: PASSWORD,
      startTimeoutMs: 2_000,
      statusTimeoutMs: 2_000,
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it(`gives back a value or a typed AtsError, never expands an entity, never leaks a credential (${RUNS} answers, seed ${SEED})`, async () => {
    // Prepare
    const seen = new Map<string, number>();

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(answerArb, async ({ operation, answer, what }) => {
        seen.set(what, (seen.get(what) ?? 0) + 1);
        server.answer(answer);
        let outcome: unknown;
        try {
          outcome = await call(client, operation);
        } catch (error) {
          outcome = error;
          const typed = TYPED_ERRORS.some((type) => error instanceof type);
          if (!typed) throw new Error(`${what}: untyped rejection ${String(error)}`);
          const text = `${(error as Error).message} ${allText(error)}`;
          expect(text).not.toContain(TOKEN);
          expect(text).not.toContain(PASSWORD);
          expect(typeof (error as { code?: unknown }).code).toBe('string');
        }
        const text = allText(outcome);
        expect(text).not.toContain(EXPANSION);
        expect(text).not.toContain('lollollol');
        expect(text).not.toContain('root:');
        if (!(outcome instanceof Error)) {
          if (operation === 'getJobStatus') {
            expect(typeof (outcome as AtsJobStatus).status).toBe('string');
          } else {
            expect((outcome as AtsStartedJob).jobId.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(seen.size).toBeGreaterThanOrEqual(9);
  });

  it('refuses, without reading it, an answer that declares 50 MB, with bounded memory', async () => {
    // Prepare
    server.answer({ kind: 'declare', declaredBytes: 50 * 1024 * 1024, sentBytes: 1_024 });
    const before = await heapAfterGc();

    // Act
    const error = await client.getJobStatus('job-huge').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect((error as AtsBadResponseError).reason).toBe('too_large');
    expect((await heapAfterGc()) - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('stops reading an answer that streams past the size cap, with bounded memory', async () => {
    // Prepare: the production cap and an answer without Content-Length that goes on.
    const capped = new AtsSoapClient({
      baseUrl: server.baseUrl,
      appId: 'fuzz-app',
      appApiToken: TOKEN,
      statusTimeoutMs: 10_000,
    });
    server.answer({ kind: 'stream', bytes: 60 * 1024 * 1024 });
    const before = await heapAfterGc();

    // Act
    const error = await capped.getJobStatus('job-stream').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect((error as AtsBadResponseError).reason).toBe('too_large');
    expect((await heapAfterGc()) - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('reads a deeply nested answer as a typed error without exhausting the stack or the heap', async () => {
    // Prepare
    const depth = 500_000;
    const deep = validAnswer('getJobStatus', true).replace(
      '<TestRun>',
      `<TestRun>${'<n>'.repeat(depth)}${'</n>'.repeat(depth)}`,
    );
    server.answer({ kind: 'body', status: 200, body: deep });
    const before = await heapAfterGc();

    // Act
    const outcome = await client.getJobStatus('job-deep').catch((e: unknown) => e);

    // Assess
    expect(outcome).toBeInstanceOf(AtsBadResponseError);
    expect((await heapAfterGc()) - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('times out an answer that never comes with AtsTimeoutError', async () => {
    // Prepare
    const impatient = new AtsSoapClient({
      baseUrl: server.baseUrl,
      appId: 'fuzz-app',
      appApiToken: TOKEN,
      startTimeoutMs: 200,
    });
    server.answer({ kind: 'hang' });

    // Act
    const error = await impatient.runJob('tpl-hang').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsTimeoutError);
    expect((error as AtsTimeoutError).outcomeUnknown).toBe(true);
  });
});
