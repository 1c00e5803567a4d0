/**
 * Local mode benchmark: how long `npm start` takes to be ready, how fast `/slack/events`
 * acknowledges a signed `/ats run` over real HTTP, and how long a demo job takes from the command
 * to its result.
 *
 * - Start-up: a fresh `node --import tsx bin/local.ts` (PORT=0, everything embedded: dynalite in
 *   memory, ATS simulator, local Slack, playground), N times; time from spawn to the
 *   `listening on` line, and from SIGTERM to exit. Median, min and max.
 * - Acknowledgement: local mode in this process; signed `/ats run smoke` form posts to
 *   `/slack/events` one after another, exactly as Slack sends them (Function URL event, Bolt
 *   receiver with signature check, listener, job recorded in dynalite, worker handed the start).
 *   The jobs really run in the background meanwhile. p50 / p99 after a warm-up.
 * - Round trip: three `/ats run smoke` at once with the demo template (3 s queued + 8 s running)
 *   and the local 3 s poll interval; seconds from the command to the result: the card turned
 *   to Passed (a clean pass posts no reply, docs/messages.md) or a reply in the thread.
 *
 * Run: npm run bench:local   (tsx bench/local-mode.bench.ts [--runs N] [--requests N])
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadLocalConfig } from '../functions/local/local-config';
import { startLocalMode } from '../functions/local/local-mode';
import { startSlackApiServer } from '../functions/local/slack-api/slack-api-server';
import { signSlackRequest, slashCommandBody } from '../functions/local/slack-request-signing';
import { createLogger } from '../functions/logger';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const START_RUNS = argument('--runs', 5);
const REQUESTS = argument('--requests', 200);
const WARM_UP = 20;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function startUp(): Promise<{ readyMs: number; stopMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  const readyMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('local mode did not start in 120 s')), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    });
  });
  const stopping = performance.now();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, stopMs: performance.now() - stopping };
}

async function acknowledgements(): Promise<{ p50: number; p99: number; max: number }> {
  // A local Slack without the playground, so the bench sees only what the bot does.
  const slack = await startSlackApiServer();
  const config = loadLocalConfig({
    PORT: '0',
    SLACK_API_URL: slack.url,
    SLACK_SIGNING_SECRET: 'bench-secret',
  });
  const local = await startLocalMode(config, { logger: createLogger('bench', 'SILENT') });
  const send = async (i: number) => {
    const body = slashCommandBody(
      {
        teamId: 'T0BENCH',
        teamDomain: 'bench',
        appId: 'A0BENCH',
        channelId: 'C0BENCH',
        channelName: 'bench',
        userId: 'U0BENCH',
        userName: 'bench',
        responseUrl: slack.responseUrl(`bench-${i}`, { channel: 'C0BENCH', userId: 'U0BENCH' }),
      },
      '/ats',
      'run smoke',
    );
    const t0 = performance.now();
    const response = await fetch(`${local.url}/slack/events`, {
      method: 'POST',
      headers: { ...signSlackRequest('bench-secret', body) },
      body,
    });
    await response.text();
    if (response.status !== 200) throw new Error(`ack ${response.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < WARM_UP; i++) await send(-i - 1);
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await send(i));
  await local.close();
  await slack.close();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? 0 };
}

async function roundTrips(): Promise<number[]> {
  const slack = await startSlackApiServer();
  const local = await startLocalMode(
    loadLocalConfig({ PORT: '0', SLACK_API_URL: slack.url, SLACK_SIGNING_SECRET: 'bench-secret' }),
    { logger: createLogger('bench', 'SILENT') },
  );
  const channels = ['C0TRIP1', 'C0TRIP2', 'C0TRIP3'];
  const results = await Promise.all(
    channels.map(async (channel) => {
      const body = slashCommandBody(
        {
          teamId: 'T0BENCH',
          teamDomain: 'bench',
          appId: 'A0BENCH',
          channelId: channel,
          channelName: 'bench',
          userId: 'U0BENCH',
          userName: 'bench',
          responseUrl: slack.responseUrl(undefined, { channel, userId: 'U0BENCH' }),
        },
        '/ats',
        'run smoke',
      );
      const t0 = performance.now();
      await fetch(`${local.url}/slack/events`, {
        method: 'POST',
        headers: { ...signSlackRequest('bench-secret', body) },
        body,
      });
      // Bounded: 60 s at most. The result is told by a reply in the thread or, for a pass with
      // nothing to look at (the demo's), by the card alone (docs/messages.md).
      for (let i = 0; i < 600; i++) {
        const told = slack
          .messages({ channel })
          .some(
            (m) =>
              m.ephemeralFor === undefined &&
              (m.thread_ts !== undefined || /: Passed\b/.test(m.text ?? '')),
          );
        if (told) return (performance.now() - t0) / 1000;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return Number.NaN;
    }),
  );
  await local.close();
  await slack.close();
  return results;
}

const starts: Array<{ readyMs: number; stopMs: number }> = [];
for (let i = 0; i < START_RUNS; i++) starts.push(await startUp());
const ready = starts.map((s) => s.readyMs).sort((a, b) => a - b);
const stops = starts.map((s) => s.stopMs).sort((a, b) => a - b);
const acks = await acknowledgements();
const trips = await roundTrips();

const ms = (n: number) => `${Math.round(n)} ms`;
console.log(`| Measure | Result |`);
console.log(`|---|---|`);
console.log(
  `| \`npm start\` to ready (${START_RUNS} runs) | median ${ms(percentile(ready, 50))} (min ${ms(ready[0] ?? 0)}, max ${ms(ready.at(-1) ?? 0)}) |`,
);
console.log(`| SIGTERM to exit | median ${ms(percentile(stops, 50))} |`);
console.log(
  `| \`/ats run\` acknowledged over HTTP (${REQUESTS} requests) | p50 ${acks.p50.toFixed(1)} ms, p99 ${acks.p99.toFixed(1)} ms, max ${acks.max.toFixed(1)} ms |`,
);
console.log(
  `| Demo job, command to result (3 at once) | ${trips.map((s) => `${s.toFixed(1)} s`).join(', ')} |`,
);
