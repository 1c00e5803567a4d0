import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import { type Job, newJob } from '../../../functions/core/job';
import { ACTIVE_JOBS } from '../../../functions/local/active-job-scan';
import { DATA_DIR_LOCK_FILE, startEmbeddedDynamo } from '../../../functions/local/embedded-dynamo';
import { LocalModeError } from '../../../functions/local/local-mode-error';
import { scanTable } from '../../../functions/local/table-scan';

const NOW = Date.UTC(2026, 0, 1);

function job(requestId: string, changes: Partial<Job> = {}): Job {
  return {
    ...newJob({
      requestId,
      kind: 'run',
      templateId: 'tpl-smoke',
      templateName: 'Smoke',
      requester: { userId: 'U0LOCAL1' },
      channelId: 'C0LOCAL1',
      now: NOW,
    }),
    ...changes,
  };
}

describe('startEmbeddedDynamo', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('creates the jobs table in memory and serves the job store', async () => {
    // Prepare
    const dynamo = await startEmbeddedDynamo();
    const store = new DynamoJobStore(dynamo.doc, dynamo.tableName);

    // Act
    const created = await store.create(job('req-mem'));
    const read = await store.get('req-mem');
    await dynamo.close();

    // Assess
    expect(dynamo.reopened).toBe(false);
    expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(created).toBe(true);
    expect(read?.templateName).toBe('Smoke');
  });

  it('keeps jobs in DATA_DIR across a restart, and the scan finds the unfinished ones', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'ats-local-'));
    dirs.push(dataDir);
    const first = await startEmbeddedDynamo({ dataDir });
    const firstStore = new DynamoJobStore(first.doc, first.tableName);
    await firstStore.create(
      job('req-running', { phase: 'running', pollCount: 4, nextPollAt: NOW + 3_000 }),
    );
    await firstStore.create(job('req-requested'));
    await firstStore.create(job('req-done', { phase: 'done' }));
    await firstStore.create(job('req-error', { phase: 'error' }));
    await first.close();

    // Act
    const second = await startEmbeddedDynamo({ dataDir });
    const secondStore = new DynamoJobStore(second.doc, second.tableName);
    const kept = await secondStore.get('req-done');
    const active = await scanTable(second.doc, second.tableName, ACTIVE_JOBS);
    await second.close();

    // Assess
    expect(second.reopened).toBe(true);
    expect(kept?.phase).toBe('done');
    expect(active.sort((a, b) => a.requestId.localeCompare(b.requestId))).toEqual([
      { requestId: 'req-requested', kind: 'run', phase: 'requested', pollCount: 0 },
      {
        requestId: 'req-running',
        kind: 'run',
        phase: 'running',
        pollCount: 4,
        nextPollAt: NOW + 3_000,
      },
    ]);
  });

  it('reads every page of a scan, and no more pages than allowed', async () => {
    // Prepare
    const dynamo = await startEmbeddedDynamo({ tableName: 'paged' });
    const store = new DynamoJobStore(dynamo.doc, dynamo.tableName);
    const padding = 'x'.repeat(100_000);
    for (let i = 0; i < 15; i++) {
      await store.create(job(`req-${i}`, { phase: 'queued', lastError: padding }));
    }

    // Act
    const active = await scanTable(dynamo.doc, dynamo.tableName, ACTIVE_JOBS);
    const firstPageOnly = await scanTable(dynamo.doc, dynamo.tableName, ACTIVE_JOBS, 1);
    await dynamo.close();

    // Assess
    expect(active).toHaveLength(15);
    expect(firstPageOnly.length).toBeLessThan(15);
  });
});

describe('DATA_DIR lock', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a DATA_DIR in use by a running process, naming it, instead of crashing', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'ats-local-lock-'));
    dirs.push(dataDir);
    const first = await startEmbeddedDynamo({ dataDir });

    // Act
    const refused = await startEmbeddedDynamo({ dataDir }).catch((error: unknown) => error);
    await first.close();
    const afterRelease = await startEmbeddedDynamo({ dataDir });
    await afterRelease.close();

    // Assess
    expect(refused).toBeInstanceOf(LocalModeError);
    expect((refused as LocalModeError).code).toBe('EMBEDDED_DYNAMO_FAILED');
    expect((refused as Error).message).toContain(`DATA_DIR ${dataDir} is in use`);
    expect(afterRelease.reopened).toBe(true);
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'ats-local-stale-'));
    dirs.push(dataDir);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(dataDir, DATA_DIR_LOCK_FILE), String(gone));

    // Act
    const dynamo = await startEmbeddedDynamo({ dataDir });
    const lockHolder = await readFile(join(dataDir, DATA_DIR_LOCK_FILE), 'utf8');
    await dynamo.close();

    // Assess
    expect(lockHolder).toBe(String(process.pid));
    await expect(readFile(join(dataDir, DATA_DIR_LOCK_FILE), 'utf8')).rejects.toThrow();
  });
});
