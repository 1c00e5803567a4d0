import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../functions/config';
import { newJob } from '../../functions/core/job';
import { createLogger } from '../../functions/logger';
import { assembleWorker } from '../../functions/worker-assembly';
import { MemoryJobStore } from '../support/memory-job-store';
import { RecordingScheduler } from '../support/recording-scheduler';
import { VirtualClock } from '../support/virtual-clock';

const SECRETS = {
  slackSigningSecret: 'signing-secret',
  slackBotToken: 'xoxb-test',
  atsAppApiToken: 'ats-token',
};

describe('the worker as assembled from its configuration', () => {
  it('gives a RunJob in flight the whole start timeout before the watchdog gives up on it', async () => {
    // Prepare: a start whose worker sent RunJob 70 s ago and may still be waiting for ATS.
    const runtime = loadRuntimeConfig(
      { ATS_APP_ID: 'app-1', ATS_TIMEOUT_MS: '10000', ATS_START_TIMEOUT_MS: '60000' },
      'local',
    );
    const clock = new VirtualClock();
    const store = new MemoryJobStore();
    const scheduler = new RecordingScheduler(() => clock.now());
    const lifecycle = assembleWorker({
      runtime,
      secrets: SECRETS,
      store,
      scheduler,
      logger: createLogger('worker-assembly-test', 'ERROR'),
      clock,
      atsBaseUrl: 'http://127.0.0.1:9/ws/',
      slackApiUrl: 'http://127.0.0.1:9/api/',
      precisionMs: 1_000,
    });
    const claimedAt = clock.now();
    await store.create({
      ...newJob({
        requestId: 'req-1',
        kind: 'run',
        templateId: 'tpl-1',
        templateName: 'Smoke',
        requester: { userId: 'U0ALICE' },
        channelId: 'C0TESTS',
        now: claimedAt,
      }),
      phase: 'starting',
      claimedAt,
      orderSentAt: claimedAt,
      pollCount: 1,
    });
    clock.advance(70_000);

    // Act: the watchdog poll comes.
    await lifecycle.handle({ type: 'poll', requestId: 'req-1', seq: 1 });

    // Assess: still waiting for RunJob's answer, the watchdog booked after the start timeout.
    const job = await store.get('req-1');
    expect(lifecycle.settings.atsStartTimeoutMs).toBe(60_000);
    expect(job?.phase).toBe('starting');
    expect(job?.nextPollAt).toBeGreaterThanOrEqual(claimedAt + 60_000 + 60_000);
  });
});
