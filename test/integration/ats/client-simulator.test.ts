import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtsSoapClient } from '../../../functions/ats/client';
import { AtsJobNotStartedError, AtsSoapFaultError } from '../../../functions/ats/errors';
import { type AtsSimulator, startAtsSimulator } from '../../../functions/ats/simulator/simulator';

/** Virtual clock driving the simulator's job lifecycle. */
let now = 1_700_000_000_000;
const advance = (seconds: number) => {
  now += seconds * 1000;
};

let sim: AtsSimulator;
let client: AtsSoapClient;

beforeAll(async () => {
  sim = await startAtsSimulator({ now: () => now });
  client = new AtsSoapClient({
    baseUrl: sim.baseUrl,
    appId: 'demo-app',
    appApiToken: 'demo-token',
  });
});

afterAll(async () => {
  await sim.close();
});

const everything = { flags: true, breakdown: true, details: true };

describe('a job from RunJob to Done', () => {
  it('moves Queued → Running → Done with results, breakdown and durations', async () => {
    // Prepare
    const { jobId } = await client.runJob('tpl-regression');

    // Act
    const queued = await client.getJobStatus(jobId, everything);
    advance(7);
    const running = await client.getJobStatus(jobId, everything);
    advance(5);
    const done = await client.getJobStatus(jobId, everything);

    // Assess
    expect(queued).toMatchObject({ status: 'Queued', result: undefined, testCases: [] });
    expect(running.status).toBe('Running');
    expect(running.testCases?.length).toBeGreaterThan(0);
    expect(running.testCases?.length).toBeLessThan(6);
    expect(done).toMatchObject({
      status: 'Done',
      result: 'Failed',
      errorMessage: undefined,
      flags: { canceled: false, warning: false },
      breakdown: { passed: 3, failed: 2, notExecuted: 1 },
    });
    expect(done.testCases?.find((t) => t.name === 'Checkout with voucher')).toEqual({
      name: 'Checkout with voucher',
      result: 'Failed',
      durationSeconds: 97,
      errorMessage: "Element 'Apply voucher' not found within 30 seconds",
    });
  });

  it('returns only the parts asked for', async () => {
    // Prepare
    const { jobId } = await client.runJob('tpl-smoke');
    advance(12);

    // Act
    const basic = await client.getJobStatus(jobId);
    const withBreakdown = await client.getJobStatus(jobId, { breakdown: true });

    // Assess
    expect(basic).toEqual({ status: 'Done', result: 'Passed', errorMessage: undefined });
    expect(withBreakdown).toEqual({
      ...basic,
      breakdown: { passed: 4, failed: 0, notExecuted: 0 },
    });
  });

  it('answers in CDATA and in plain text read to the same status', async () => {
    // Prepare
    const { jobId } = await client.runJob('tpl-regression');
    advance(12);

    // Act
    sim.setCdata(true);
    const fromCdata = await client.getJobStatus(jobId, everything);
    sim.setCdata(false);
    const fromPlain = await client.getJobStatus(jobId, everything);
    sim.setCdata(true);

    // Assess
    expect(fromPlain).toEqual(fromCdata);
    expect(fromCdata.testCases).toHaveLength(6);
  });

  it('reports the canceled and warning flags of their templates', async () => {
    // Prepare
    const canceled = await client.runJob('tpl-canceled');
    const warning = await client.runJob('tpl-warning');
    advance(12);

    // Act
    const a = await client.getJobStatus(canceled.jobId, { flags: true });
    const b = await client.getJobStatus(warning.jobId, { flags: true });

    // Assess
    expect(a.flags).toEqual({ canceled: true, warning: false });
    expect(b.flags).toEqual({ canceled: false, warning: true });
  });
});

describe('requests as they reach ATS', () => {
  it('a template id such as a&b<c>"d\' arrives unchanged', async () => {
    // Prepare
    const templateId = `a&b<c>"d'`;
    sim.addTemplate({
      templateId,
      name: 'Odd',
      queuedSeconds: 1,
      runningSeconds: 1,
      testCases: [],
    });

    // Act
    const { jobId } = await client.runJob(templateId);

    // Assess
    expect(sim.requests.at(-1)?.fields.JobTemplateID).toBe(templateId);
    expect(sim.job(jobId)?.templateId).toBe(templateId);
  });

  it('posts text/xml with a SOAPAction to <base>/<operation>, GetTestRun to GetJobStatus', async () => {
    // Prepare
    const { jobId } = await client.runJob('tpl-smoke');
    const runRequest = sim.requests.at(-1);

    // Act
    await client.getJobStatus(jobId, { details: true });
    const statusRequest = sim.requests.at(-1);

    // Assess
    expect(runRequest).toMatchObject({
      operation: 'RunJob',
      path: '/ws/RunJob',
      contentType: 'text/xml; charset=utf-8',
      soapAction: '"http://www.mendix.com/RunJob"',
      at: now,
    });
    expect(statusRequest).toMatchObject({
      operation: 'GetJobStatus',
      path: '/ws/GetJobStatus',
      soapAction: '"http://www.mendix.com/GetTestRun"',
      fields: {
        AppAPIToken: 'demo-token',
        JobID: jobId,
        AppID: 'demo-app',
        IncludeDetailsPerTestCase: 'true',
      },
    });
    expect(statusRequest?.body).toContain('<tns:GetTestRun>');
  });

  it('works with a base URL given without its trailing slash', async () => {
    // Prepare
    const noSlash = new AtsSoapClient({
      baseUrl: sim.baseUrl.replace(/\/$/, ''),
      appId: 'demo-app',
      appApiToken: 'demo-token',
    });

    // Act
    const job = await noSlash.runJob('tpl-smoke');

    // Assess
    expect(sim.job(job.jobId)?.templateId).toBe('tpl-smoke');
    expect(sim.requests.at(-1)?.path).toBe('/ws/RunJob');
  });
});

describe('a base URL as people write it', () => {
  it('posts under /ws/ when the base URL names only the host, as the vendor plugin is configured', async () => {
    // Prepare
    const hostOnly = new AtsSoapClient({
      baseUrl: sim.baseUrl.replace(/\/ws\/$/, ''),
      appId: 'demo-app',
      appApiToken: 'demo-token',
    });

    // Act
    const job = await hostOnly.runJob('tpl-smoke');
    const status = await hostOnly.getJobStatus(job.jobId);

    // Assess
    expect(status.status).toBe('Queued');
    expect(sim.requests.slice(-2).map((r) => r.path)).toEqual(['/ws/RunJob', '/ws/GetJobStatus']);
    expect(hostOnly.baseUrlCompleted).toBe(true);
    expect(hostOnly.baseUrl.href).toBe(sim.baseUrl);
  });

  it('keeps any other path as given', () => {
    // Act
    const onPremises = new AtsSoapClient({
      baseUrl: 'https://ats.example.com/ats/ws',
      appId: 'demo-app',
      appApiToken: 'demo-token',
    });

    // Assess
    expect(onPremises.baseUrl.href).toBe('https://ats.example.com/ats/ws/');
    expect(onPremises.baseUrlCompleted).toBe(false);
  });
});

describe('templates ATS refuses', () => {
  it('an unknown template id answers Started=false with ATS message', async () => {
    // Act
    const error = await client.runJob('no-such-template').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsJobNotStartedError);
    expect(error).toMatchObject({ atsMessage: "Template 'no-such-template' not found" });
  });

  it('a rejected template answers Started=false with its message', async () => {
    // Act
    const error = await client.runJob('tpl-rejected').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'ATS_NOT_STARTED',
      message:
        'ATS did not start the job: The job could not be started: no Selenium hub is configured for this template.',
    });
  });

  it('a template rejected with a SOAP fault answers HTTP 500 with a fault', async () => {
    // Prepare
    sim.addTemplate({
      templateId: 'tpl-fault',
      name: 'Faulty',
      queuedSeconds: 1,
      runningSeconds: 1,
      testCases: [],
      reject: { as: 'soap_fault', message: 'Environment is offline' },
    });

    // Act
    const error = await client.runJob('tpl-fault').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsSoapFaultError);
    expect(error).toMatchObject({ httpStatus: 500, faultString: 'Environment is offline' });
  });

  it('GetJobStatus of an unknown job id is an HTTP 500 SOAP fault', async () => {
    // Act
    const error = await client
      .getJobStatus('00000000-0000-0000-0000-000000000000')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsSoapFaultError);
    expect(error).toMatchObject({ httpStatus: 500, faultCode: 'soap:Server' });
  });
});

describe('RerunNotPassed', () => {
  it('reruns only the not-passed cases; the flaky one passes, the other fails again', async () => {
    // Prepare
    const original = await client.runJob('tpl-regression');
    advance(12);

    // Act
    const rerun = await client.rerunNotPassed(original.jobId);
    advance(12);
    const status = await client.getJobStatus(rerun.jobId, everything);

    // Assess
    expect(sim.job(rerun.jobId)).toMatchObject({ rerunOf: original.jobId, rerunNumber: 1 });
    expect(status.testCases?.map((t) => [t.name, t.result])).toEqual([
      ['Checkout with voucher', 'Passed'],
      ['Export invoice PDF', 'Failed'],
      ['Refund order', 'Passed'],
    ]);
    expect(status).toMatchObject({
      result: 'Failed',
      breakdown: { passed: 2, failed: 1, notExecuted: 0 },
    });
  });

  it('accepts a rerun of a rerun', async () => {
    // Prepare
    const original = await client.runJob('tpl-regression');
    advance(12);
    const first = await client.rerunNotPassed(original.jobId);
    advance(12);

    // Act
    const second = await client.rerunNotPassed(first.jobId);

    // Assess
    expect(sim.job(second.jobId)).toMatchObject({ rerunOf: first.jobId, rerunNumber: 2 });
  });

  it('refuses a job that has not finished', async () => {
    // Prepare
    const running = await client.runJob('tpl-regression');

    // Act
    const error = await client.rerunNotPassed(running.jobId).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsJobNotStartedError);
    expect((error as Error).message).toMatch(
      /^ATS did not start the rerun: Job '.+' has not finished yet/,
    );
  });

  it('refuses a job where everything passed', async () => {
    // Prepare
    const smoke = await client.runJob('tpl-smoke');
    advance(12);

    // Act
    const error = await client.rerunNotPassed(smoke.jobId).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'ATS_NOT_STARTED', operation: 'RerunNotPassed' });
  });
});

describe('header credentials', () => {
  let guarded: AtsSimulator;

  beforeAll(async () => {
    guarded = await startAtsSimulator({
      username: 'ATSAPIUser',
      password: 'ATSAPIPassword',
      now: () => now,
    });
  });

  afterAll(async () => {
    await guarded.close();
  });

  it('are sent in soap:Header when configured and let the call through', async () => {
    // Prepare
    const withUser = new AtsSoapClient({
      baseUrl: guarded.baseUrl,
      appId: 'demo-app',
      appApiToken: 'demo-token',
      username: 'ATSAPIUser',
      password: 'ATSAPIPassword',
    });

    // Act
    const job = await withUser.runJob('tpl-smoke');

    // Assess
    expect(guarded.job(job.jobId)).toBeDefined();
    expect(guarded.requests.at(-1)?.body).toContain(
      '<soap:Header><tns:authentication><username>ATSAPIUser</username><password>ATSAPIPassword</password></tns:authentication></soap:Header>',
    );
  });

  it('are required by a simulator configured with them', async () => {
    // Prepare
    const withoutUser = new AtsSoapClient({
      baseUrl: guarded.baseUrl,
      appId: 'demo-app',
      appApiToken: 'demo-token',
    });

    // Act
    const error = await withoutUser.runJob('tpl-smoke').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsSoapFaultError);
    expect(error).toMatchObject({
      faultCode: 'soap:Client',
      faultString: expect.stringMatching(/^Authentication required/),
    });
  });
});
