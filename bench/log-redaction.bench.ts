/**
 * Cost of secret redaction per log line: a Powertools line through createLogger with no
 * secret registered, then with the five bot secrets (and their encoded forms) registered.
 * Output is discarded so only formatting and scrubbing are measured. Each case runs five
 * interleaved rounds and reports the median, because the machine is shared.
 *
 * Run: npx tsx bench/log-redaction.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { clearRedactedSecrets, createLogger, redactSecrets } from '../functions/logger';

const LINES = 20_000;
const SECRETS = [
  'xoxb-1111-2222-abcdefghijklmnop',
  '8f14e45fceea167a5a36dedd4bea2543',
  'ats-app-api-token-0123456789',
  'ci-user',
  'p&ss<w0rd> +/?',
];

const ROUNDS = 5;

function microsPerLine(withSecretInMessage: boolean): number {
  const logger = createLogger('bench', 'INFO');
  const extra = {
    requestId: 'req-1',
    job: { phase: 'running', atsJobId: '3f2b8c1e-9d4a-4b7e-8c2f-1a2b3c4d5e6f', pollCount: 12 },
  };
  const message = withSecretInMessage
    ? `Slack answered invalid_auth for ${SECRETS[0]}`
    : 'poll scheduled for the job';
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    for (let i = 0; i < 1000; i++) logger.info(message, extra);
    const start = performance.now();
    for (let i = 0; i < LINES; i++) logger.info(message, extra);
    return ((performance.now() - start) * 1000) / LINES;
  } finally {
    process.stdout.write = write;
  }
}

const cases: Array<{ label: string; secrets: boolean; inMessage: boolean; samples: number[] }> = [
  { label: 'no secrets registered', secrets: false, inMessage: false, samples: [] },
  { label: '5 secrets registered, none in the line', secrets: true, inMessage: false, samples: [] },
  {
    label: '5 secrets registered, one in the message',
    secrets: true,
    inMessage: true,
    samples: [],
  },
];
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    clearRedactedSecrets();
    if (c.secrets) redactSecrets(SECRETS);
    c.samples.push(microsPerLine(c.inMessage));
  }
}
console.log('| log line | lines x rounds | median µs per line |');
console.log('|---|---:|---:|');
for (const c of cases) {
  const median = [...c.samples].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] ?? 0;
  console.log(`| ${c.label} | ${LINES} x ${ROUNDS} | ${median.toFixed(1)} |`);
}
