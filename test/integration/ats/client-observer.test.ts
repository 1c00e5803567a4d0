import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AtsCallRecord, AtsSoapClient } from '../../../functions/ats/client';
import { type AtsSimulator, startAtsSimulator } from '../../../functions/ats/simulator/simulator';

let sim: AtsSimulator;

beforeAll(async () => {
  sim = await startAtsSimulator();
});

afterAll(async () => {
  await sim.close();
});

describe('AtsSoapClient onCall', () => {
  it('reports each call with its operation, duration and outcome, and no credentials', async () => {
    // Prepare
    const calls: AtsCallRecord[] = [];
    const client = new AtsSoapClient({
      baseUrl: sim.baseUrl,
      appId: 'demo-app',
      appApiToken: 'demo-token',
      onCall: (call) => calls.push(call),
    });
    sim.injectFault({ kind: 'soap_fault', faultString: 'boom' }, { operation: 'GetJobStatus' });

    // Act
    const started = await client.runJob('tpl-smoke');
    await expect(client.getJobStatus(started.jobId)).rejects.toThrow();
    await client.getJobStatus(started.jobId);

    // Assess
    expect(calls.map((c) => [c.operation, c.ok, c.errorCode, c.answerElements])).toEqual([
      ['RunJob', true, undefined, 'RunJobResponse/RunJob'],
      ['GetJobStatus', false, 'ATS_SOAP_FAULT', undefined],
      ['GetJobStatus', true, undefined, undefined],
    ]);
    expect(calls.every((c) => Number.isInteger(c.durationMs) && c.durationMs >= 0)).toBe(true);
    expect(JSON.stringify(calls)).not.toContain('demo-token');
  });

  it('keeps a good answer good when the observer throws', async () => {
    // Prepare
    const client = new AtsSoapClient({
      baseUrl: sim.baseUrl,
      appId: 'demo-app',
      appApiToken: 'demo-token',
      onCall: () => {
        throw new Error('observer broke');
      },
    });

    // Act
    const started = await client.runJob('tpl-smoke');

    // Assess
    expect(started.jobId).toMatch(/\S/);
  });
});
