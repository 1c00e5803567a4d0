import { spawn } from 'node:child_process';
import { BOT_NODE_OPTIONS } from '../../lib/constructs/bot-function';
import { JOB_WORKER_MEMORY_MB } from '../../lib/constructs/job-worker';

/** How a script run in a worker-sized process ended. */
export interface WorkerSizedRun<Report> {
  code: number | null;
  /** The JSON object on the last line of its stdout, when that line is one. */
  report?: Report;
  /** The last 4,000 characters of its stderr. */
  stderr: string;
}

/**
 * Runs `script` (under tsx, with `args`) in a process of its own with the job worker's
 * NODE_OPTIONS and a heap limited to the worker's memory, so what it measures is what the worker
 * would meet; it is killed after `deadlineMs`.
 */
export function runWorkerSized<Report>(
  script: string,
  args: string[],
  deadlineMs: number,
): Promise<WorkerSizedRun<Report>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
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
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve({
        code,
        report: line.startsWith('{') ? (JSON.parse(line) as Report) : undefined,
        stderr,
      });
    });
  });
}
