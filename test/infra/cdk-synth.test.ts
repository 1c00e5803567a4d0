import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/project-root';
import { UnsupportedRegionError } from '../../lib/regions';
import { cdkJsonBotConfig } from './bot-stack-fixture';

// `npx cdk synth` exactly as a person on a fresh clone runs it: offline, with no AWS
// credentials or account, through bin/ats-bot.ts (configuration check, bundling, cdk-nag and
// CloudFormation schema validation).

/**
 * A synth takes 15-25 s on an idle 2-core machine and was measured at 38 s while the rest of
 * the suite ran beside it: 60 s would be a flaky limit, 120 s still catches a hang.
 */
const SYNTH_TIMEOUT_MS = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without anything that could reach or name an AWS account. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AWS_|CDK_)/.test(key) || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  };
}

function cdkSynth(
  outdir: string,
  extraArgs: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['cdk', 'synth', '--quiet', '-o', outdir, ...extraArgs], {
      cwd: PROJECT_ROOT,
      env: { ...offlineEnv(), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), SYNTH_TIMEOUT_MS - 5_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let workdir: string;

beforeAll(() => {
  workdir = mkdtempSync(join(tmpdir(), 'ats-bot-synth-'));
});

afterAll(() => {
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

describe('npx cdk synth', () => {
  it(
    'synthesizes the stack offline without credentials, with cdk-nag and validation clean',
    async () => {
      // Prepare
      const outdir = join(workdir, 'ok');

      // Act
      const run = await cdkSynth(outdir);

      // Assess
      expect(run.code, run.stderr).toBe(0);
      const templatePath = join(outdir, 'AtsSlackBot-prod.template.json');
      expect(existsSync(templatePath)).toBe(true);
      const template = JSON.parse(readFileSync(templatePath, 'utf8'));
      expect(template.Outputs.SlackRequestUrl).toBeDefined();
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
      const violations = (report.pluginReports as { violations?: unknown[] }[]).flatMap(
        (r) => r.violations ?? [],
      );
      expect(violations).toEqual([]);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'fails with a message naming the problem when the configuration has an unknown option',
    async () => {
      // Prepare
      const outdir = join(workdir, 'bad');
      const badConfig = JSON.stringify({ ...cdkJsonBotConfig(), pollEveryMinute: true });

      // Act
      const run = await cdkSynth(outdir, ['-c', `atsBot=${badConfig}`]);

      // Assess
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('INVALID_BOT_CONFIG');
      expect(run.stderr).toContain('unknown option "pollEveryMinute"');
      expect(existsSync(join(outdir, 'AtsSlackBot-prod.template.json'))).toBe(false);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'refuses a region without the secrets extension layer, listing the regions that work',
    async () => {
      // Prepare: the region the CLI hands the app (from AWS_REGION), with no account known.
      const outdir = join(workdir, 'region');

      // Act
      const run = await cdkSynth(outdir, [], { AWS_REGION: 'eu-central-2' });

      // Assess
      expect(run.code).not.toBe(0);
      const line = run.stderr.split('\n').find((l) => l.startsWith('UNSUPPORTED_REGION: '));
      expect(line).toBe(
        `UNSUPPORTED_REGION: ${new UnsupportedRegionError('eu-central-2').message}`,
      );
      expect(existsSync(join(outdir, 'AtsSlackBot-prod.template.json'))).toBe(false);
    },
    SYNTH_TIMEOUT_MS,
  );
});
