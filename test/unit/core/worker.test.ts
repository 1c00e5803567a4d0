import { describe, expect, it } from 'vitest';
import { handleWorkerEvent } from '../../../functions/core/worker';
import { createHarness } from './lifecycle/lifecycle-harness';

function recordingLog() {
  const warnings: { message: string; extra?: object }[] = [];
  return { warnings, warn: (message: string, extra?: object) => warnings.push({ message, extra }) };
}

describe('handleWorkerEvent', () => {
  it('drops malformed events with a warning and never throws for them', async () => {
    // Prepare
    const h = createHarness();
    const log = recordingLog();
    const bad = [
      undefined,
      'not json',
      { type: 'poll', requestId: 'r1' },
      { type: 'start', requestId: '' },
      { type: 'explode', requestId: 'r1' },
      { type: 'start', requestId: 'r1', extra: true },
      { type: 'poll', requestId: 'r1', seq: -1 },
    ];

    // Act
    const results = await Promise.all(
      bad.map((event) => handleWorkerEvent(h.lifecycle, event, log)),
    );

    // Assess
    expect(results.every((r) => r === 'dropped')).toBe(true);
    expect(log.warnings).toHaveLength(bad.length);
    expect(log.warnings[0]?.message).toBe('Malformed worker message dropped');
    expect(h.store.stats.gets).toBe(0);
  });

  it('hands a valid message, as an object or as JSON text, to the lifecycle', async () => {
    // Prepare
    const h = createHarness();
    const log = recordingLog();
    const first = await h.request('run');
    const second = await h.request('run');

    // Act
    const a = await handleWorkerEvent(
      h.lifecycle,
      { type: 'start', requestId: first.requestId },
      log,
    );
    const b = await handleWorkerEvent(
      h.lifecycle,
      JSON.stringify({ type: 'start', requestId: second.requestId }),
      log,
    );

    // Assess
    expect([a, b]).toEqual(['handled', 'handled']);
    expect(h.ats.count('RunJob')).toBe(2);
    expect(log.warnings).toEqual([]);
  });

  it('lets infrastructure errors through so that Lambda retries the event', async () => {
    // Prepare
    const h = createHarness();
    const job = await h.request('run');
    h.scheduler.failNext(1);

    // Act
    const outcome = handleWorkerEvent(
      h.lifecycle,
      { type: 'start', requestId: job.requestId },
      recordingLog(),
    );

    // Assess
    await expect(outcome).rejects.toThrow(/throttled/);
  });

  it('treats a message about an unknown job as handled, without effects', async () => {
    // Prepare
    const h = createHarness();

    // Act
    const result = await handleWorkerEvent(
      h.lifecycle,
      { type: 'poll', requestId: 'gone', seq: 3 },
      recordingLog(),
    );

    // Assess
    expect(result).toBe('handled');
    expect(h.warnings.map((w) => w.message)).toEqual(['Poll of an unknown job dropped']);
  });
});
