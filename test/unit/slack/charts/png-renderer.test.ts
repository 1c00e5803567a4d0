import { describe, expect, it } from 'vitest';
import {
  PASS_RATE_CHART,
  passRateChartSvg,
} from '../../../../functions/slack/charts/pass-rate-chart';
import { renderSvgToPng } from '../../../../functions/slack/charts/png-renderer';
import { DIGEST_CHART_HEADER, readPngHeader } from '../../../support/png-header';

const DAYS = Array.from({ length: 14 }, (_, i) =>
  new Date(Date.UTC(2026, 10, 22 + i)).toISOString().slice(0, 10),
);

describe('renderSvgToPng', () => {
  it('renders the pass-rate chart as a valid PNG of the designed size', async () => {
    // Prepare
    const svg = passRateChartSvg({
      title: 'Daily pass rate',
      days: DAYS,
      series: [
        { label: 'Smoke', rates: DAYS.map((_, i) => (i % 3 === 0 ? 0.5 : 1)) },
        { label: 'Regression', rates: DAYS.map((_, i) => (i % 4 === 1 ? null : 0.9)) },
      ],
    });

    // Act
    const rendered = await renderSvgToPng(svg, PASS_RATE_CHART.scale);

    // Assess
    const header = readPngHeader(rendered.png);
    expect(header).toEqual(DIGEST_CHART_HEADER);
    expect(rendered).toMatchObject({ width: 1600, height: 800 });
    // Text and lines on white: tens of kilobytes, far from Slack's limits and a worker's memory.
    expect(rendered.png.length).toBeGreaterThan(15_000);
    expect(rendered.png.length).toBeLessThan(250_000);
  });

  it('draws text with the bundled font: a label changes the pixels', async () => {
    // Prepare
    const svg = (text: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="120" height="30" fill="#fff"/><text x="4" y="20" font-family="Anything" font-size="16">${text}</text></svg>`;

    // Act
    const blank = await renderSvgToPng(svg(''));
    const written = await renderSvgToPng(svg('Smoke 97%'));

    // Assess
    expect(Buffer.from(written.png).equals(Buffer.from(blank.png))).toBe(false);
    expect(written.png.length).toBeGreaterThan(blank.png.length);
  });

  it('renders the same bytes for the same chart', async () => {
    // Prepare
    const svg = passRateChartSvg({
      title: 'Same',
      days: DAYS,
      series: [{ label: 'Smoke', rates: DAYS.map(() => 0.75) }],
    });

    // Act
    const [a, b] = [await renderSvgToPng(svg, 2), await renderSvgToPng(svg, 2)];

    // Assess
    expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
  });

  it('refuses a document that is not SVG', async () => {
    // Act
    const render = renderSvgToPng('<html>not svg</html>');

    // Assess
    await expect(render).rejects.toThrow();
  });
});
