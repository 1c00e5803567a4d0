import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtsSoapClient } from '../../../functions/ats/client';
import {
  AtsBadResponseError,
  AtsConnectionError,
  AtsHttpError,
  AtsJobNotStartedError,
  AtsSoapFaultError,
  AtsTimeoutError,
} from '../../../functions/ats/errors';
import {
  type AtsFault,
  type AtsOperation,
  type AtsSimulator,
  startAtsSimulator,
} from '../../../functions/ats/simulator/simulator';
import { AtsError } from '../../../functions/core/errors';

let now = 1_700_000_000_000;
let sim: AtsSimulator;
let client: AtsSoapClient;

beforeAll(async () => {
  sim = await startAtsSimulator({ now: () => now });
  client = new AtsSoapClient({
    baseUrl: sim.baseUrl,
    appId: 'demo-app',
    appApiToken: 'demo-token',
    startTimeoutMs: 2_000,
    statusTimeoutMs: 2_000,
  });
});

afterAll(async () => {
  await sim.close();
});

/** A finished job to ask about. */
async function finishedJob(): Promise<string> {
  const { jobId } = await client.runJob('tpl-regression');
  now += 12_000;
  return jobId;
}

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('every failure is a distinct typed AtsError', () => {
  it('SOAP fault with HTTP 500: faultcode and faultstring, not retryable', async () => {
    // Prepare
    const jobId = await finishedJob();
    sim.injectFault({ kind: 'soap_fault', faultString: 'Database unavailable' });

    // Act
    const error = await rejection(client.getJobStatus(jobId));

    // Assess
    expect(error).toBeInstanceOf(AtsSoapFaultError);
    expect(error).toMatchObject({
      code: 'ATS_SOAP_FAULT',
      faultCode: 'soap:Server',
      faultString: 'Database unavailable',
      httpStatus: 500,
      retryable: false,
      outcomeUnknown: false,
    });
  });

  it('Started=false: ATS message, not retryable, nothing started', async () => {
    // Act
    const error = await rejection(client.runJob('tpl-rejected'));

    // Assess
    expect(error).toBeInstanceOf(AtsJobNotStartedError);
    expect(error).toMatchObject({
      code: 'ATS_NOT_STARTED',
      retryable: false,
      outcomeUnknown: false,
    });
  });

  it.each([
    [502, true, true],
    [503, true, false],
    [429, true, false],
    [403, false, false],
  ])(
    'HTTP %i without a fault body: AtsHttpError (retryable %s, outcome unknown %s)',
    async (status, retryable, outcomeUnknown) => {
      // Prepare
      sim.injectFault({ kind: 'http_error', status }, { operation: 'RunJob' });

      // Act
      const error = await rejection(client.runJob('tpl-smoke'));

      // Assess
      expect(error).toBeInstanceOf(AtsHttpError);
      expect(error).toMatchObject({
        code: 'ATS_HTTP_ERROR',
        httpStatus: status,
        retryable,
        outcomeUnknown,
      });
    },
  );

  it.each([
    ['html5', 503],
    ['apache', 502],
    ['lowercase', 504],
    ['bare', 503],
  ] as const)(
    'a gateway %s error page with HTTP %i: retryable AtsHttpError, no hint at the URL',
    async (page, status) => {
      // Prepare
      const jobId = await finishedJob();
      sim.injectFault({ kind: 'http_error', status, page }, { operation: 'GetJobStatus' });

      // Act
      const error = await rejection(client.getJobStatus(jobId));

      // Assess
      expect(error).toBeInstanceOf(AtsHttpError);
      expect(error).toMatchObject({ httpStatus: status, retryable: true });
      expect((error as Error).message).toMatch(/^Gateway error/);
      expect((error as Error).message).not.toContain('ATS_BASE_URL');
    },
  );

  it('a wrong base path (404 page): AtsHttpError that tells to check ATS_BASE_URL', async () => {
    // Prepare
    const wrongPath = new AtsSoapClient({
      baseUrl: sim.baseUrl.replace('/ws/', '/api/'),
      appId: 'demo-app',
      appApiToken: 'demo-token',
    });

    // Act
    const error = await rejection(wrongPath.runJob('tpl-smoke'));

    // Assess
    expect(error).toMatchObject({ httpStatus: 404, retryable: false });
    expect((error as Error).message).toContain('ATS_BASE_URL');
  });

  it('a body that is not a SOAP envelope (HTML with 200): AtsBadResponseError not_soap', async () => {
    // Prepare
    sim.injectFault({ kind: 'http_error', status: 200 });

    // Act
    const error = await rejection(client.runJob('tpl-smoke'));

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect(error).toMatchObject({ reason: 'not_soap', retryable: false, outcomeUnknown: true });
  });

  it('a cut-off answer: AtsBadResponseError not_xml, and ATS did act on it', async () => {
    // Prepare
    sim.injectFault({ kind: 'malformed' });
    const jobsBefore = sim.jobs().length;

    // Act
    const error = await rejection(client.runJob('tpl-smoke'));

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect(error).toMatchObject({ reason: 'not_xml', retryable: true, outcomeUnknown: true });
    expect(sim.jobs()).toHaveLength(jobsBefore + 1);
  });

  it('an answer above the size limit: AtsBadResponseError too_large', async () => {
    // Prepare
    const jobId = await finishedJob();
    const small = new AtsSoapClient({
      baseUrl: sim.baseUrl,
      appId: 'demo-app',
      appApiToken: 'demo-token',
      maxResponseBytes: 512,
    });

    // Act
    const error = await rejection(small.getJobStatus(jobId, { details: true }));

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect(error).toMatchObject({ reason: 'too_large' });
  });

  it('a slow answer: AtsTimeoutError, retryable, outcome unknown (the job did start)', async () => {
    // Prepare
    const impatient = new AtsSoapClient({
      baseUrl: sim.baseUrl,
      appId: 'demo-app',
      appApiToken: 'demo-token',
      startTimeoutMs: 150,
    });
    sim.injectFault({ kind: 'slow', delayMs: 5_000 });
    const jobsBefore = sim.jobs().length;

    // Act
    const error = await rejection(impatient.runJob('tpl-smoke'));

    // Assess
    expect(error).toBeInstanceOf(AtsTimeoutError);
    expect(error).toMatchObject({
      code: 'ATS_TIMEOUT',
      retryable: true,
      outcomeUnknown: true,
      timeoutMs: 150,
    });
    expect((error as Error).message).toContain('0.1 s');
    expect(sim.jobs()).toHaveLength(jobsBefore + 1);
  });

  it('a connection reset after sending: AtsConnectionError, outcome unknown', async () => {
    // Prepare
    sim.injectFault({ kind: 'drop' });
    const jobsBefore = sim.jobs().length;

    // Act
    const error = await rejection(client.runJob('tpl-smoke'));

    // Assess
    expect(error).toBeInstanceOf(AtsConnectionError);
    expect(error).toMatchObject({
      code: 'ATS_CONNECTION',
      errorCode: 'ECONNRESET',
      retryable: true,
      outcomeUnknown: true,
    });
    // The simulator drops before acting: a retry must not find a job already started.
    expect(sim.jobs()).toHaveLength(jobsBefore);
  });

  it('a refused connection: AtsConnectionError, retryable, nothing sent', async () => {
    // Prepare
    const gone = await startAtsSimulator();
    const baseUrl = gone.baseUrl;
    await gone.close();
    const toNowhere = new AtsSoapClient({ baseUrl, appId: 'demo-app', appApiToken: 'demo-token' });

    // Act
    const error = await rejection(toNowhere.runJob('tpl-smoke'));

    // Assess
    expect(error).toBeInstanceOf(AtsConnectionError);
    expect(error).toMatchObject({
      errorCode: 'ECONNREFUSED',
      retryable: true,
      outcomeUnknown: false,
    });
    expect((error as Error).message).toContain(new URL(baseUrl).host);
  });
});

describe('fault injection', () => {
  it('faults queue per operation and run out after `times` calls', async () => {
    // Prepare
    const jobId = await finishedJob();
    sim.injectFault({ kind: 'http_error', status: 503 }, { operation: 'GetJobStatus', times: 2 });

    // Act
    const run = await client.runJob('tpl-smoke');
    const first = await rejection(client.getJobStatus(jobId));
    const second = await rejection(client.getJobStatus(jobId));
    const third = await client.getJobStatus(jobId);

    // Assess
    expect(run.jobId).toBeTruthy();
    expect([first, second]).toEqual([expect.any(AtsHttpError), expect.any(AtsHttpError)]);
    expect(third.status).toBe('Done');
  });

  it('a fault injector sees each call with its operation and sequence number', async () => {
    // Prepare
    const calls: Array<{ operation: AtsOperation; seq: number }> = [];
    const plan: Record<number, AtsFault> = { 2: { kind: 'drop' }, 3: { kind: 'soap_fault' } };
    const injected = await startAtsSimulator({
      faultInjector: (call) => {
        calls.push(call);
        return plan[call.seq];
      },
    });
    const c = new AtsSoapClient({
      baseUrl: injected.baseUrl,
      appId: 'demo-app',
      appApiToken: 'demo-token',
    });

    // Act
    const { jobId } = await c.runJob('tpl-smoke');
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(
        await c.getJobStatus(jobId).then(
          (s) => s.status,
          (e: AtsError) => e.code,
        ),
      );
    }
    await injected.close();

    // Assess
    expect(calls).toEqual([
      { operation: 'RunJob', seq: 1 },
      { operation: 'GetJobStatus', seq: 2 },
      { operation: 'GetJobStatus', seq: 3 },
      { operation: 'GetJobStatus', seq: 4 },
    ]);
    expect(outcomes).toEqual(['ATS_CONNECTION', 'ATS_SOAP_FAULT', 'Queued']);
  });
});

describe('credentials never appear in errors', () => {
  it('no error of any kind carries the token or password, even when ATS echoes them', async () => {
    // Prepare
    const token = 'TOKEN-5ecret-7f3a';
    const password = 'PASS-5ecret-9b1c';
    const echoing = await startAtsSimulator({
      appApiToken: token,
      username: 'u',
      password: 'other',
    });
    const secretClient = (
      overrides: { appApiToken?: string; startTimeoutMs?: number; baseUrl?: string } = {},
    ) =>
      new AtsSoapClient({
        baseUrl: overrides.baseUrl ?? echoing.baseUrl,
        appId: 'demo-app',
        appApiToken: overrides.appApiToken ?? token,
        username: 'u',
        password,
        startTimeoutMs: overrides.startTimeoutMs ?? 2_000,
      });
    const wrongToken = secretClient({ appApiToken: `${token}-WRONG` });
    const errors: unknown[] = [];
    const collect = async (p: Promise<unknown>) => errors.push(await rejection(p));

    // Act
    await collect(wrongToken.runJob('tpl-smoke')); // fault echoing the token
    await collect(secretClient().runJob('tpl-smoke')); // fault: wrong password
    for (const fault of [
      { kind: 'soap_fault', faultString: `bad ${token} ${password}` },
      { kind: 'http_error', status: 502 },
      { kind: 'malformed' },
      { kind: 'drop' },
    ] as AtsFault[]) {
      echoing.injectFault(fault);
      await collect(secretClient().runJob('tpl-smoke'));
    }
    echoing.injectFault({ kind: 'slow', delayMs: 2_000 });
    await collect(secretClient({ startTimeoutMs: 100 }).runJob('tpl-smoke'));
    const baseUrl = echoing.baseUrl;
    await echoing.close();
    await collect(secretClient({ baseUrl }).runJob('tpl-smoke'));

    // Assess
    expect(errors.map((e) => (e as AtsError).code)).toEqual([
      'ATS_SOAP_FAULT',
      'ATS_SOAP_FAULT',
      'ATS_SOAP_FAULT',
      'ATS_HTTP_ERROR',
      'ATS_BAD_RESPONSE',
      'ATS_CONNECTION',
      'ATS_TIMEOUT',
      'ATS_CONNECTION',
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AtsError);
      const seen = [String(error), JSON.stringify(error), (error as Error).stack ?? ''].join('\n');
      expect(seen).not.toContain(token);
      expect(seen).not.toContain(password);
    }
    expect((errors[0] as AtsSoapFaultError).faultString).toContain('[redacted]');
  });
});
