import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm start`'s local mode, running as a child process. */
export interface LocalModeChild {
  /** `http://127.0.0.1:<port>`, as the child printed it. */
  baseUrl: string;
  /** All the child wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the child has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `bin/local.ts` with this process's environment plus `env` (warnings only in its log) and
 * waits, at most 45 s, for it to print the address it listens on.
 * @throws Error with the child's output when it exits first.
 */
export async function startLocalModeChild(
  env: Record<string, string | undefined>,
): Promise<LocalModeChild> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const baseUrl = await waitFor('local mode to print its address', 45, () => {
      if (child.exitCode !== null) throw new Error(`local mode exited early:\n${output}`);
      return /ATS bot local mode listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    });
    return { baseUrl, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
