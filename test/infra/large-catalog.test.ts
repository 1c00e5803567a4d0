import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/env';
import { type AwsHttpStandIns, startAwsHttpStandIns } from '../support/aws-http-stand-ins';
import { largeCatalog } from '../support/large-catalog';
import { signedSlashCommand } from '../support/slack-requests';
import { assetDirOf, type BuiltBotStack, buildBotStack, environmentOf } from './bot-stack-fixture';

// A team's catalog of 300 templates with access lists (over 100 KB of JSON, far more than the
// 4 KB a function's environment holds) is checked at synth, bundled with both functions and
// served by the deployed ingress bundle.
const SIGNING_SECRET = 'large-catalog-signing-secret';
const templates = largeCatalog(300);
let dir: string;
let built: BuiltBotStack;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ats-bot-large-catalog-'));
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(templates, null, 2));
  built = buildBotStack({ overrides: { templates: file } });
}, 60_000);

afterAll(() => {
  built?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the deployed ingress bundle as Lambda would, on one signed `/ats` command. */
async function ingressAnswer(
  aws: AwsHttpStandIns,
  command: { text: string; userId: string; channelId: string },
): Promise<string> {
  const { stack, template } = built;
  const env = environmentOf(template, stack.ingress.fn) as Record<string, string>;
  const code = assetDirOf(built, stack.ingress.fn);
  const event = signedSlashCommand(command, { signingSecret: SIGNING_SECRET });
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(join(code, 'index.mjs')).href)});
const context = { functionName: 'ingress', awsRequestId: 'large', getRemainingTimeInMillis: () => 10000 };
console.log(JSON.stringify(await handler(${JSON.stringify(event)}, context)));`;
  const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      ...aws.environment,
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      WORKER_FUNCTION_NAME: 'large-worker',
      SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:large-AbCdEf',
      ATS_APP_ID: env[ENV.atsAppId],
      LAMBDA_TASK_ROOT: code,
      ATS_TEMPLATES: env[ENV.templates],
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const response = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  expect(response.statusCode).toBe(200);
  return JSON.parse(response.body).text;
}

describe('a catalog of 300 templates with access lists', () => {
  it('is bundled with both functions, whole, and named by ATS_TEMPLATES', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const bundled = [stack.ingress.fn, stack.worker.fn].map((fn) => ({
      variable: environmentOf(template, fn)[ENV.templates],
      entries: JSON.parse(readFileSync(join(assetDirOf(built, fn), 'catalog.json'), 'utf8')),
    }));

    // Assess
    expect(Buffer.byteLength(JSON.stringify(templates))).toBeGreaterThan(100_000);
    for (const { variable, entries } of bundled) {
      expect(variable).toBe('catalog.json');
      expect(entries).toHaveLength(300);
      expect(entries[299]).toMatchObject(templates[299] ?? {});
    }
  });

  it('lets the deployed ingress start the last template for an allowed user and refuse others', async () => {
    // Prepare
    const aws = await startAwsHttpStandIns({
      secret: { slackSigningSecret: SIGNING_SECRET, slackBotToken: 'xoxb-large' },
    });
    const last = templates[299] as { allowedUsers: string[]; name: string };

    // Act
    const answers = await Promise.all([
      ingressAnswer(aws, {
        text: 'run suite-299',
        userId: last.allowedUsers[4] ?? '',
        channelId: 'C0PUBLIC1',
      }),
      ingressAnswer(aws, { text: 'run suite-299', userId: 'U0NOTALLOWED', channelId: 'C0PUBLIC1' }),
    ]).finally(() => aws.close());

    // Assess
    expect(answers[0]).toMatch(new RegExp(`^:rocket: Starting \\*${last.name}\\*`));
    expect(answers[1]).not.toMatch(/Starting/);
    expect(Object.fromEntries(aws.invocations)).toEqual({ 'large-worker': 1 });
  }, 40_000);
});
