import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digestChartSvg, renderDigestChart } from '../../../../functions/slack/charts/digest-chart';
import { DIGEST_EXAMPLE_PNG, exampleDigest } from '../../../support/digest-example';
import { DIGEST_CHART_HEADER, readPngHeader } from '../../../support/png-header';

describe('the digest chart of a fixed history', () => {
  it('is a valid PNG of 1600 × 800 pixels, between 40 and 250 KB', async () => {
    // Prepare
    const digest = exampleDigest();

    // Act
    const chart = await renderDigestChart(digest);

    // Assess
    expect(chart).toBeDefined();
    const png = chart?.png ?? new Uint8Array();
    expect(readPngHeader(png)).toEqual(DIGEST_CHART_HEADER);
    expect(png.length).toBeGreaterThan(40_000);
    expect(png.length).toBeLessThan(250_000);
    console.log(`[digest chart] ${chart?.width}x${chart?.height}, ${png.length} bytes`);
  });

  it('draws a line per template that ran, named in its legend', () => {
    // Act
    const svg = digestChartSvg(exampleDigest()) ?? '';

    // Assess
    expect(svg).toContain('>Smoke suite<');
    expect(svg).toContain('>Regression suite<');
    expect(svg).toContain('>Checkout flow<');
    expect(svg).toContain('>Daily pass rate, 2026-11-23 to 2026-11-30<');
  });

  it(`is what ${DIGEST_EXAMPLE_PNG} shows (npm run docs:digest-example writes it)`, async () => {
    // Act
    const chart = await renderDigestChart(exampleDigest());

    // Assess
    const committed = readFileSync(DIGEST_EXAMPLE_PNG);
    expect(Buffer.from(chart?.png ?? []).equals(committed)).toBe(true);
  });

  it('draws nothing for a period without runs', () => {
    // Prepare
    const digest = { ...exampleDigest(), chart: { ...exampleDigest().chart, series: [] } };

    // Act
    const svg = digestChartSvg(digest);

    // Assess
    expect(svg).toBeUndefined();
  });
});
