import { createRequire } from 'node:module';
import { CHART_ASSETS } from '../../functions/slack/charts/chart-assets';
import { PROJECT_ROOT } from '../project-root';
import type { FileBesideBundle } from './bundled-catalog';

/**
 * The chart renderer's WebAssembly module and font, taken from the installed packages and put
 * beside a bundle under the names the renderer looks for (`functions/slack/charts/chart-assets.ts`).
 * esbuild bundles code, not these files, so a bundle without them could not draw the digest.
 * @throws Error when a package is not installed.
 */
export function chartRendererFiles(): FileBesideBundle[] {
  const require = createRequire(`${PROJECT_ROOT}/package.json`);
  return Object.values(CHART_ASSETS).map((asset) => ({
    source: require.resolve(asset.source),
    file: asset.file,
  }));
}
