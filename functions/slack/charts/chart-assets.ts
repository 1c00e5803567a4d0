import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The files the PNG renderer loads at run time: resvg's WebAssembly module and the one font the
 * charts are drawn with (WebAssembly sees no system fonts). The Lambda bundle carries them beside
 * `index.mjs` under `file` (the worker's bundling hooks copy them there from `source`); in
 * development and local mode they are read from `node_modules`.
 */
export const CHART_ASSETS = {
  wasm: { file: 'resvg.wasm', source: '@resvg/resvg-wasm/index_bg.wasm' },
  font: {
    file: 'chart-font.ttf',
    source: '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  },
} as const;

/** One of {@link CHART_ASSETS}. */
export type ChartAsset = (typeof CHART_ASSETS)[keyof typeof CHART_ASSETS];

/**
 * Where an asset is: beside the running bundle when it was copied there, else in the installed
 * package.
 * @throws Error when neither holds it (a bundle built without the hooks, a missing package).
 */
export function chartAssetPath(asset: ChartAsset, moduleUrl: string = import.meta.url): string {
  const beside = fileURLToPath(new URL(`./${asset.file}`, moduleUrl));
  if (existsSync(beside)) return beside;
  try {
    return createRequire(moduleUrl).resolve(asset.source);
  } catch {
    throw new Error(
      `Chart asset ${asset.file} is neither beside the bundle (${beside}) nor installed (${asset.source})`,
    );
  }
}
