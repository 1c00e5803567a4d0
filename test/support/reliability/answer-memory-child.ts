/*
 * One hostile GetJobStatus answer read by the real ATS client, in a process of its own started by
 * `test/reliability/ats-answer-memory.test.ts` with the worker's V8 settings: a scripted ATS on
 * 127.0.0.1 serves the answer (its copy counts in this process's peak, so the figure is on the
 * safe side), the client reads, redacts, checks and parses it. Prints one JSON line: what came
 * out and the process's peak resident memory.
 */
import { answerBudgetFor, DEFAULT_MAX_RESPONSE_BYTES } from '../../../functions/ats/answer-budget';
import { AtsSoapClient } from '../../../functions/ats/client';
import { AtsBadResponseError } from '../../../functions/ats/errors';
import { HOSTILE_ANSWERS } from './hostile-answers';
import { startScriptedAtsServer } from './scripted-ats-server';

const shape = process.argv[2] ?? '';
const answer = HOSTILE_ANSWERS[shape];
if (!answer) throw new Error(`unknown answer shape "${shape}"`);
const maxBytes = DEFAULT_MAX_RESPONSE_BYTES;
const body = Buffer.from(answer.build(maxBytes, answerBudgetFor(maxBytes)));
if (body.length > maxBytes) throw new Error(`${shape}: ${body.length} bytes, over the cap`);
const server = await startScriptedAtsServer();
server.answer({ kind: 'body', status: 200, body });
const client = new AtsSoapClient({
  baseUrl: server.baseUrl,
  appId: 'memory-app',
  appApiToken: 'memory-token-5b1e',
  password: 'memory-password-9c2d',
  statusTimeoutMs: 120_000,
});
const started = performance.now();
let outcome: string;
try {
  const status = await client.getJobStatus('job-memory', {
    flags: true,
    breakdown: true,
    details: true,
  });
  outcome = `parsed: ${status.testCases?.length ?? 0} cases`;
} catch (error) {
  outcome =
    error instanceof AtsBadResponseError
      ? `refused: ${error.reason} ${error.detail ?? ''}`.trim()
      : `failed: ${String(error)}`;
}
const ms = Math.round(performance.now() - started);
await server.close();
console.log(
  JSON.stringify({
    shape,
    bytes: body.length,
    outcome,
    ms,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapLimitMb: Math.round(
      (await import('node:v8')).getHeapStatistics().heap_size_limit / 1024 / 1024,
    ),
  }),
);
