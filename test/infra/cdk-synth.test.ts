import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS, type SettingName, settingSpec } from '../../functions/settings';
import { loadBotConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../../lib/project-root';
import { UnsupportedRegionError } from '../../lib/regions';
import { TEST_BOT_CONFIG } from './bot-stack-fixture';

/** A configuration `cdk synth` accepts: valid, no placeholder (given with -c atsBot=…). */
const VALID_CONFIG = JSON.stringify(TEST_BOT_CONFIG);

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
      const run = await cdkSynth(outdir, ['-c', `atsBot=${VALID_CONFIG}`]);

      // Assess
      expect(run.code, run.stderr).toBe(0);
      const templatePath = join(outdir, 'AtsSlackBot-prod.template.json');
      // Both functions' code carries the checked catalog.
      const catalogs = readdirSync(outdir)
        .filter((dir) => dir.startsWith('asset.') && existsSync(join(outdir, dir, 'index.mjs')))
        .map((dir) => readFileSync(join(outdir, dir, 'catalog.json'), 'utf8'));
      expect(catalogs).toEqual([
        loadBotConfig(TEST_BOT_CONFIG).templatesJson,
        loadBotConfig(TEST_BOT_CONFIG).templatesJson,
      ]);
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
      const badConfig = JSON.stringify({ ...TEST_BOT_CONFIG, pollEveryMinute: true });

      // Act
      const run = await cdkSynth(outdir, ['-c', `atsBot=${badConfig}`]);

      // Assess
      expect(run.code).not.toBe(0);
      expect(configLines(run)).toEqual([
        `INVALID_BOT_CONFIG: unknown option "pollEveryMinute" (known options: ${Object.keys(
          SETTINGS,
        )
          .filter((name) => settingSpec(name as SettingName).scope === 'deployment')
          .join(', ')})`,
      ]);
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
      const run = await cdkSynth(outdir, ['-c', `atsBot=${VALID_CONFIG}`], {
        AWS_REGION: 'eu-central-2',
      });

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

  it(
    'refuses what a fresh clone ships, one line per placeholder left in cdk.json and catalog.json',
    async () => {
      // Prepare: no -c: the committed cdk.json, its catalog in catalog.json.
      const outdir = join(workdir, 'placeholders');

      // Act
      const run = await cdkSynth(outdir);

      // Assess
      expect(run.code).not.toBe(0);
      const hint = 'put your own value there (docs/deploy.md, "Where the ids come from")';
      expect(configLines(run)).toEqual([
        `INVALID_BOT_CONFIG: atsAppId still holds the placeholder "replace-with-your-mendix-app-id": ${hint}`,
        `INVALID_BOT_CONFIG: templates (catalog.json)[0].templateId still holds the placeholder "replace-with-an-ats-cicd-template-id": ${hint}`,
      ]);
      expect(existsSync(join(outdir, 'AtsSlackBot-prod.template.json'))).toBe(false);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'refuses a configuration without the values a deployment needs, one line each',
    async () => {
      // Prepare
      const outdir = join(workdir, 'missing');

      // Act
      const run = await cdkSynth(outdir, ['-c', 'atsBot={"stage":"staging"}']);

      // Assess
      expect(run.code).not.toBe(0);
      expect(configLines(run)).toEqual([
        `INVALID_BOT_CONFIG: atsAppId is required: ${SETTINGS.atsAppId.meaning}`,
        `INVALID_BOT_CONFIG: templates is required: ${SETTINGS.templates.meaning}`,
      ]);
      expect(
        readdirSync(outdir, { withFileTypes: true }).filter((f) =>
          f.name.endsWith('.template.json'),
        ),
      ).toEqual([]);
    },
    SYNTH_TIMEOUT_MS,
  );
});

/** The configuration lines the app printed, one per problem. */
function configLines(run: Run): string[] {
  return run.stderr.split('\n').filter((line) => line.startsWith('INVALID_BOT_CONFIG: '));
}
