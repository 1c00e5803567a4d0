import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AtsCallRecord, AtsSoapClient } from '../../../functions/ats/client';
import { AtsJobNotStartedError } from '../../../functions/ats/errors';
import { type AtsSimulator, startAtsSimulator } from '../../../functions/ats/simulator/simulator';

/*
 * The strict simulator keeps what the reference and the release notes say ATS does, which the
 * lenient one (for old tests and fault injection) lets pass.
 */

let now = 1_700_000_000_000;
const advance = (seconds: number) => {
  now += seconds * 1000;
};
let strict: AtsSimulator;
let client: AtsSoapClient;
const calls: AtsCallRecord[] = [];
const everything = { flags: true, breakdown: true, details: true };

beforeAll(async () => {
  strict = await startAtsSimulator({ now: () => now, strict: true });
  client = new AtsSoapClient({
    baseUrl: strict.baseUrl,
    appId: 'demo-app',
    appApiToken: 'demo-token',
    onCall: (call) => calls.push(call),
  });
});

afterAll(async () => {
  await strict.close();
});

describe('strict RerunNotPassed: "a finished job that was started with Run Job"', () => {
  it('refuses a rerun of a rerun', async () => {
    // Prepare
    const original = await client.runJob('tpl-regression');
    advance(12);
    const first = await client.rerunNotPassed(original.jobId);
    advance(12);

    // Act
    const error = await client.rerunNotPassed(first.jobId).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AtsJobNotStartedError);
    expect((error as Error).message).toMatch(/was not started with Run Job/);
  });

  it('reruns the original again: rerun 2 runs the cases the original did not pass', async () => {
    // Prepare
    const original = await client.runJob('tpl-regression');
    advance(12);
    const first = await client.rerunNotPassed(original.jobId);
    advance(12);

    // Act
    const second = await client.rerunNotPassed(original.jobId);
    advance(12);
    const status = await client.getJobStatus(second.jobId, everything);

    // Assess
    expect(strict.job(first.jobId)).toMatchObject({ rerunOf: original.jobId, rerunNumber: 1 });
    expect(strict.job(second.jobId)).toMatchObject({ rerunOf: original.jobId, rerunNumber: 2 });
    expect(status.testCases?.map((t) => t.name)).toEqual([
      'Checkout with voucher',
      'Export invoice PDF',
      'Refund order',
    ]);
  });

  it.each([
    [{ response: 'RerunNotPassedResponse', wrapper: 'RunJob' }, 'RerunNotPassedResponse/RunJob'],
    [{ response: 'RunJobResponse', wrapper: 'RunJob' }, 'RunJobResponse/RunJob'],
    [{ response: 'RerunNotPassedResponse', wrapper: undefined }, 'RerunNotPassedResponse'],
  ] as const)('answers a rerun in %o, which the client reads and logs', async (shape, elements) => {
    // Prepare
    const original = await client.runJob('tpl-regression');
    advance(12);
    strict.setRerunAnswer(shape);

    // Act
    const rerun = await client.rerunNotPassed(original.jobId);

    // Assess
    expect(strict.job(rerun.jobId)?.rerunOf).toBe(original.jobId);
    expect(calls.at(-1)).toMatchObject({ operation: 'RerunNotPassed', answerElements: elements });
  });
});

describe('strict job cap: ATS cancels jobs beyond five queued or running per app', () => {
  it('cancels the sixth job on arrival and lets the next one run once a slot is free', async () => {
    // Prepare: nothing else is running (every earlier job is done by now).
    advance(3_600);
    const five = [];
    for (let i = 0; i < 5; i++) five.push(await client.runJob('tpl-smoke'));

    // Act
    const sixth = await client.runJob('tpl-smoke');
    const canceled = await client.getJobStatus(sixth.jobId, everything);
    advance(12);
    const later = await client.runJob('tpl-smoke');

    // Assess
    expect(five.map((j) => strict.job(j.jobId)?.canceledByCap)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(canceled).toMatchObject({
      status: 'Done',
      result: 'Failed',
      flags: { canceled: true, warning: true },
      breakdown: { passed: 0, failed: 0, notExecuted: 4 },
    });
    expect(strict.job(later.jobId)).toMatchObject({ status: 'Queued', canceledByCap: false });
  });
});
