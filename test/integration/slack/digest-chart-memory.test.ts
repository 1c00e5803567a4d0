import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BOT_NODE_OPTIONS } from '../../../lib/constructs/bot-function';
import { JOB_WORKER_MEMORY_MB } from '../../../lib/constructs/job-worker';

const CHILD = 'test/support/digest/chart-memory-child.ts';

function renderInChild(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        NODE_OPTIONS: `${BOT_NODE_OPTIONS} --max-old-space-size=${JOB_WORKER_MEMORY_MB}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the digest chart in a worker', () => {
  it(`renders five charts in a process far under the worker's ${JOB_WORKER_MEMORY_MB} MB`, async () => {
    // Act
    const { code, stdout, stderr } = await renderInChild();

    // Assess
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      bytes: number;
      peakRssMb: number;
    };
    expect(report.bytes).toBeGreaterThan(40_000);
    // The WebAssembly renderer, its font and five 1600 × 800 images, with tsx loaded too.
    expect(report.peakRssMb).toBeLessThan(JOB_WORKER_MEMORY_MB / 2);
    console.log(`[digest chart memory] peak RSS ${report.peakRssMb} MB of ${JOB_WORKER_MEMORY_MB}`);
  });
});
