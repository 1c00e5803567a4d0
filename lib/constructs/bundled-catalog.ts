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

/** A file copied beside a function's `index.mjs`: from `source` (absolute) to `file`. */
export interface FileBesideBundle {
  readonly source: string;
  readonly file: string;
}

/**
 * The checked catalog (`json`, from `loadBotConfig`) as a file to put beside a function's bundle
 * as {@link BUNDLED_CATALOG_FILE}, so the catalog travels with the code whatever its size (an
 * environment variable holds 4 KB). The JSON is written once per content into the cloud
 * assembly; the asset's hash covers the output, so a changed catalog is a new code version that
 * `cdk deploy` rolls out.
 */
export function stagedCatalog(scope: IConstruct, json: string): FileBesideBundle {
  const digest = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const dir = join(Stage.of(scope)?.outdir ?? '.', 'ats-bot-catalogs');
  const staged = join(dir, `catalog-${digest}.json`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(staged, json);
  return { source: staged, file: BUNDLED_CATALOG_FILE };
}

/** Esbuild hooks that copy `files` beside the bundle after bundling. */
export function filesBesideBundleHooks(files: readonly FileBesideBundle[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) =>
      files.map((f) => `cp ${shellQuoted(f.source)} ${shellQuoted(join(outputDir, f.file))}`),
  };
}

/** A path as one shell word. */
function shellQuoted(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}
