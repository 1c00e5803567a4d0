import { type BuildOptions, build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ingressEsbuildArgs } from '../../functions/slack/bolt-bundle/bolt-aliases';
import { BOT_BUNDLING } from '../../lib/constructs/bot-function';
import { PROJECT_ROOT } from '../../lib/project-root';

// What the Lambda bundles are made of, built as CDK builds them (BOT_BUNDLING plus the
// function's own esbuild arguments) but in memory, which takes a second instead of a synth.

/** Every file esbuild loads for an entry with these extra esbuild arguments, project-relative. */
async function inputsOf(entry: string, esbuildArgs: Record<string, string> = {}) {
  const args = { ...BOT_BUNDLING.esbuildArgs, ...esbuildArgs };
  const options: BuildOptions = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BOT_BUNDLING.target,
    mainFields: BOT_BUNDLING.mainFields,
    banner: BOT_BUNDLING.banner ? { js: BOT_BUNDLING.banner } : undefined,
    external: BOT_BUNDLING.externalModules,
    minify: BOT_BUNDLING.minify,
    // The functions' only esbuild arguments are `--alias:<package>` ones.
    alias: Object.fromEntries(
      Object.entries(args).map(([key, value]) => [key.replace(/^--alias:/, ''), String(value)]),
    ),
    metafile: true,
    write: false,
    outfile: 'index.mjs',
    logLevel: 'error',
    absWorkingDir: PROJECT_ROOT,
  };
  const { metafile } = await build(options);
  return Object.keys(metafile?.inputs ?? {});
}

describe('Lambda bundles', () => {
  it('load no schema library and nothing of the CDK app, though they share the settings table', async () => {
    // Prepare
    const entries = [
      { entry: 'functions/slack-events.ts', esbuildArgs: ingressEsbuildArgs() },
      { entry: 'functions/job-worker.ts', esbuildArgs: {} },
    ];

    // Act
    const bundles = await Promise.all(entries.map((e) => inputsOf(e.entry, e.esbuildArgs)));

    // Assess
    for (const inputs of bundles) {
      expect(
        inputs.filter((path) => /node_modules\/(zod|aws-cdk-lib|constructs)\//.test(path)),
      ).toEqual([]);
      expect(inputs.filter((path) => path.startsWith('lib/'))).toEqual([]);
      // What checks incoming data and the environment is in: plain code of our own.
      expect(inputs).toContain('functions/core/validation.ts');
      expect(inputs).toContain('functions/core/requests/catalog.ts');
      expect(inputs).toContain('functions/settings.ts');
      expect(inputs).toContain('functions/setting-values.ts');
    }
  }, 30_000);
});
