import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGetJobStatusEnvelope, buildRunJobEnvelope } from '../../../functions/ats/envelope';
import { type AtsSimulator, startAtsSimulator } from '../../../functions/ats/simulator/simulator';

const auth = { appId: 'demo-app', appApiToken: 'demo-token' };
let now = 1_700_000_000_000;
let sim: AtsSimulator;

beforeAll(async () => {
  sim = await startAtsSimulator({ now: () => now });
});

afterAll(async () => {
  await sim.close();
});

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** One HTTP exchange with the simulator, no client code involved. */
function post(
  path: string,
  body: string,
  headers: Record<string, string> = { 'Content-Type': 'text/xml; charset=utf-8' },
  options: { method?: string; agent?: Agent; baseUrl?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, options.baseUrl ?? sim.baseUrl),
      { method: options.method ?? 'POST', headers, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP level checks', () => {
  it.each([
    ['application/json', "Unsupported Content-Type 'application/json': expected text/xml"],
    ['text/xml; charset=iso-8859-1', "Unsupported charset 'iso-8859-1': expected utf-8"],
  ])('refuses Content-Type %s with HTTP 500 and a fault naming it', async (type, message) => {
    // Act
    const answer = await post('RunJob', buildRunJobEnvelope(auth, 'tpl-smoke'), {
      'Content-Type': type,
    });

    // Assess
    expect(answer.status).toBe(500);
    expect(answer.body).toContain('<faultcode>soap:Client</faultcode>');
    expect(answer.body).toContain(`<faultstring>${message.replace(/'/g, '&apos;')}</faultstring>`);
  });

  it('refuses a request without Content-Type', async () => {
    // Act
    const answer = await post('RunJob', buildRunJobEnvelope(auth, 'tpl-smoke'), {});

    // Assess
    expect(answer.status).toBe(500);
    expect(answer.body).toContain('Missing Content-Type');
  });

  it('accepts application/xml, as the vendor Jenkins plugin sends it', async () => {
    // Act
    const answer = await post('RunJob', buildRunJobEnvelope(auth, 'tpl-smoke'), {
      'Content-Type': 'application/xml',
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Started>true</Started>');
  });

  it('answers 404 for an unknown path and records it as unknown', async () => {
    // Act
    const answer = await post('StartEverything', '<x/>');

    // Assess
    expect(answer.status).toBe(404);
    expect(sim.requests.at(-1)).toMatchObject({
      operation: 'unknown',
      path: '/ws/StartEverything',
      fields: {},
    });
  });

  it('answers 405 to a GET of an operation', async () => {
    // Act
    const answer = await post('RunJob', '', {}, { method: 'GET' });

    // Assess
    expect(answer.status).toBe(405);
  });
});

describe('SOAP level checks', () => {
  it('answers a field-order violation with HTTP 500 and a fault naming the element', async () => {
    // Prepare
    const swapped = buildRunJobEnvelope(auth, 'tpl-smoke').replace(
      '<AppAPIToken>demo-token</AppAPIToken><AppID>demo-app</AppID>',
      '<AppID>demo-app</AppID><AppAPIToken>demo-token</AppAPIToken>',
    );

    // Act
    const answer = await post('RunJob', swapped);

    // Assess
    expect(answer.status).toBe(500);
    expect(answer.contentType).toBe('text/xml; charset=utf-8');
    expect(answer.body).toContain(
      'Required element &apos;AppAPIToken&apos; is missing from TestRun',
    );
  });

  it('refuses an unknown AppID and a wrong token', async () => {
    // Act
    const wrongApp = await post(
      'RunJob',
      buildRunJobEnvelope({ ...auth, appId: 'other' }, 'tpl-smoke'),
    );
    const wrongToken = await post(
      'RunJob',
      buildRunJobEnvelope({ ...auth, appApiToken: 'nope' }, 'tpl-smoke'),
    );

    // Assess
    expect([wrongApp.status, wrongToken.status]).toEqual([500, 500]);
    expect(wrongApp.body).toContain('Unknown AppID &apos;other&apos;');
    expect(wrongToken.body).toContain('Invalid AppAPIToken &apos;nope&apos;');
  });

  it('answers in CDATA by default and in plain text when asked', async () => {
    // Prepare
    const run = await post('RunJob', buildRunJobEnvelope(auth, 'tpl-smoke'));
    const jobId = /<JobID><!\[CDATA\[(.+?)\]\]><\/JobID>/.exec(run.body)?.[1] ?? '';
    const statusRequest = buildGetJobStatusEnvelope(auth, jobId);

    // Act
    sim.setCdata(false);
    const plain = await post('GetJobStatus', statusRequest);
    sim.setCdata(true);
    const cdata = await post('GetJobStatus', statusRequest);

    // Assess
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(plain.body).toContain('<ExecutionStatus>Queued</ExecutionStatus>');
    expect(cdata.body).toContain('<ExecutionStatus><![CDATA[Queued]]></ExecutionStatus>');
  });

  it('records every request with its headers, fields and clock time', async () => {
    // Prepare
    now += 1234;
    const before = sim.requests.length;

    // Act
    await post('GetJobStatus', buildGetJobStatusEnvelope(auth, 'job-7', { flags: true }), {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '"x"',
    });

    // Assess
    expect(sim.requests.slice(before)).toEqual([
      {
        operation: 'GetJobStatus',
        path: '/ws/GetJobStatus',
        contentType: 'text/xml; charset=utf-8',
        soapAction: '"x"',
        body: buildGetJobStatusEnvelope(auth, 'job-7', { flags: true }),
        fields: {
          AppAPIToken: 'demo-token',
          JobID: 'job-7',
          AppID: 'demo-app',
          IncludeExecutionFlags: 'true',
        },
        at: now,
      },
    ]);
  });
});

describe('closing', () => {
  it('closes kept-alive connections, so close() resolves and the port stops answering', async () => {
    // Prepare
    const own = await startAtsSimulator();
    const agent = new Agent({ keepAlive: true });
    await post('RunJob', buildRunJobEnvelope(auth, 'tpl-smoke'), undefined, {
      agent,
      baseUrl: own.baseUrl,
    });
    const openSockets = Object.values(agent.freeSockets).flat().length;

    // Act
    await own.close();
    const after = await post('RunJob', '', undefined, { baseUrl: own.baseUrl }).catch(
      (e: NodeJS.ErrnoException) => e.code,
    );
    agent.destroy();

    // Assess
    expect(openSockets).toBe(1);
    expect(after).toBe('ECONNREFUSED');
  });
});
