import { readFileSync } from 'node:fs';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { CHART_ASSETS, chartAssetPath } from './chart-assets';

/** A rendered image. */
export interface RenderedPng {
  png: Uint8Array;
  width: number;
  height: number;
}

/** The font family every chart names (the bundled font's own family name). */
export const CHART_FONT_FAMILY = 'Inter';

let loaded: Promise<Uint8Array> | undefined;

/**
 * Loads resvg's WebAssembly module once per process and reads the chart font; resolves with the
 * font. A failed load is forgotten so a later call tries again.
 */
function loadRenderer(): Promise<Uint8Array> {
  loaded ??= (async () => {
    const wasm = readFileSync(chartAssetPath(CHART_ASSETS.wasm));
    await initWasm(wasm);
    return new Uint8Array(readFileSync(chartAssetPath(CHART_ASSETS.font)));
  })().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/**
 * Renders an SVG document to PNG with resvg compiled to WebAssembly: no native binary, the same
 * result on a developer's machine and on Lambda's arm64. Text is drawn with the bundled font
 * only, whatever families the SVG names. `scale` multiplies the SVG's own size.
 * @throws Error when the renderer's files cannot be loaded or the SVG cannot be parsed.
 */
export async function renderSvgToPng(svg: string, scale = 1): Promise<RenderedPng> {
  const font = await loadRenderer();
  const resvg = new Resvg(svg, {
    font: {
      fontBuffers: [font],
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: scale },
  });
  try {
    const image = resvg.render();
    try {
      return { png: image.asPng(), width: image.width, height: image.height };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
