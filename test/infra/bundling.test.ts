import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotFunction, LAMBDA_CREDENTIALS_MODULE } from '../../lib/constructs/bot-function';
import { chartRendererFiles } from '../../lib/constructs/chart-renderer-files';
import { logicalIdOf } from './bot-stack-fixture';

// Proves the shared bundling settings (ESM, everything bundled, source maps) produce code that
// loads and runs: a probe entry importing every runtime dependency the way the real entries do
// is bundled through a BotFunction, then imported and called by a separate Node process.
let outdir: string;
let assetDir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'ats-bot-bundling-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'BundlingProbe');
  const fn = new BotFunction(stack, 'Probe', {
    entry: 'test/infra/fixtures/runtime-imports.ts',
    functionName: 'bundling-probe',
    metricsNamespace: 'AtsSlackBot/probe',
    description: 'bundling probe',
    serviceName: 'probe',
    logLevel: 'INFO',
    logRetention: RetentionDays.ONE_DAY,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    memorySize: 256,
    timeout: Duration.seconds(3),
    filesBesideBundle: chartRendererFiles(),
  });
  const resource = Template.fromStack(stack).toJSON().Resources[logicalIdOf(fn)];
  const assetHash = String(resource.Properties.Code.S3Key).replace(/\.zip$/, '');
  assetDir = join(outdir, `asset.${assetHash}`);
}, 30_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('BotFunction bundling', () => {
  it("emits one minified ES module with its source map, and the chart renderer's files", () => {
    // Prepare
    const expectedFiles = ['chart-font.ttf', 'index.mjs', 'index.mjs.map', 'resvg.wasm'];

    // Act
    const files = readdirSync(assetDir).sort();
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');

    // Assess
    expect(files).toEqual(expectedFiles);
    expect(code.startsWith("import { createRequire } from 'node:module';")).toBe(true);
    expect(code).toContain('sourceMappingURL=index.mjs.map');
    // Minified: a few hundred very long lines (newlines survive only inside string literals).
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
  });

  it('runs Bolt, the Web API client, Powertools, the SDK, the XML parser and the chart renderer with no node_modules in reach', () => {
    // Prepare
    const url = pathToFileURL(join(assetDir, 'index.mjs')).href;
    const ancestors = assetDir
      .split(sep)
      .map((_, i, parts) => parts.slice(0, i + 1).join(sep) || sep);
    expect(ancestors.filter((dir) => existsSync(join(dir, 'node_modules')))).toEqual([]);
    const script = `const m = await import(${JSON.stringify(url)}); console.log(JSON.stringify(await m.handler()));`;

    // Act
    // The asset lives in a temp directory with no node_modules above it: any module left
    // external (the AWS SDK included) would fail to resolve, as it would on Lambda.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: outdir,
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        PATH: process.env.PATH,
        AWS_EC2_METADATA_DISABLED: 'true',
        // As Lambda sets them for the execution role.
        AWS_ACCESS_KEY_ID: 'ASIAPROBE',
        AWS_SECRET_ACCESS_KEY: 'probe-secret',
        AWS_SESSION_TOKEN: 'probe-session',
      },
    });

    // Assess
    expect(run.status, run.stderr).toBe(0);
    const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(lastLine)).toEqual({
      logger: 'object',
      dynamo: 'object',
      lambda: 'object',
      scheduler: 'object',
      slack: 'object',
      bolt: 'object',
      boltHandler: 'function',
      xml: 'probe',
      defaultCredentials: 'ASIAPROBE',
      chart: '80x40 png true',
    });
  });

  it("replaces the SDK's default credential chain by the environment reader", () => {
    // Prepare
    const mapFile = join(assetDir, 'index.mjs.map');

    // Act
    // The source map lists every input file esbuild put code from into the bundle.
    const sources: string[] = JSON.parse(readFileSync(mapFile, 'utf8')).sources;

    // Assess
    // Only the environment provider stays: the rest of the chain (profiles, SSO, web identity,
    // processes, metadata services) is gone.
    const chainParts = sources.filter((s) =>
      /node_modules\/(@aws-sdk\/(credential-provider-(?!env\/)[a-z-]+|nested-clients|token-providers)|@smithy\/credential-provider-imds)\//.test(
        s,
      ),
    );
    expect(chainParts).toEqual([]);
    expect(sources.filter((s) => s.endsWith(LAMBDA_CREDENTIALS_MODULE))).toHaveLength(1);
  });
});
