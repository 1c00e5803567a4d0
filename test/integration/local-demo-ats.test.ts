import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtsSoapClient } from '../../functions/ats/client';
import { loadLocalConfig, SIMULATOR_CREDENTIALS } from '../../functions/local/local-config';
import { type RunningLocalMode, startLocalMode } from '../../functions/local/local-mode';
import { createLogger } from '../../functions/logger';

/*
 * `npm start` without ATS_BASE_URL plays ATS with the embedded simulator in its strict mode: the
 * demo behaves as the reference and the release notes say real ATS does.
 */

let local: RunningLocalMode;
let ats: AtsSoapClient;

beforeAll(async () => {
  local = await startLocalMode(loadLocalConfig({ PORT: '0' }), {
    logger: createLogger('local-demo-ats-test', 'SILENT'),
  });
  ats = new AtsSoapClient({ baseUrl: local.atsBaseUrl, ...SIMULATOR_CREDENTIALS });
});

afterAll(async () => {
  await local?.close();
});

describe('the local demo ATS', () => {
  it('cancels a sixth job queued or running at once, as ATS does beyond five per app', async () => {
    // Act
    const jobs = [];
    for (let i = 0; i < 6; i++) jobs.push(await ats.runJob('tpl-smoke'));
    const statuses = await Promise.all(jobs.map((j) => ats.getJobStatus(j.jobId, { flags: true })));

    // Assess
    expect(statuses.map((s) => s.flags?.canceled)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });
});
