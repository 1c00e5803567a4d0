import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage } from 'aws-cdk-lib';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IConstruct } from 'constructs';

/**
 * The name of the catalog file in each function's bundle, and the value of `ATS_TEMPLATES` the
 * functions get: a relative path, read from the function's code directory (`LAMBDA_TASK_ROOT`).
 */
export const BUNDLED_CATALOG_FILE = 'catalog.json';

/**
 * Esbuild hooks that put the checked catalog (`json`, from `loadBotConfig`) next to a function's
 * bundle as {@link BUNDLED_CATALOG_FILE}, so the catalog travels with the code whatever its size
 * (an environment variable holds 4 KB). The JSON is written once per content into the cloud
 * assembly and copied after bundling; the asset's hash covers the output, so a changed catalog
 * is a new code version that `cdk deploy` rolls out.
 */
export function catalogBundlingHooks(scope: IConstruct, json: string): ICommandHooks {
  const digest = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const dir = join(Stage.of(scope)?.outdir ?? '.', 'ats-bot-catalogs');
  const staged = join(dir, `catalog-${digest}.json`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(staged, json);
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [
      `cp ${shellQuoted(staged)} ${shellQuoted(join(outputDir, BUNDLED_CATALOG_FILE))}`,
    ],
  };
}

/** A path as one shell word. */
function shellQuoted(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}
