import type { ChannelDigest } from '../../core/digest/channel-digest';
import { PASS_RATE_CHART, passRateChartSvg } from './pass-rate-chart';
import { type RenderedPng, renderSvgToPng } from './png-renderer';

/** The digest's chart as SVG, or undefined when no template ran in its days. */
export function digestChartSvg(digest: ChannelDigest): string | undefined {
  const { days, series } = digest.chart;
  if (series.length === 0 || days.length === 0) return undefined;
  return passRateChartSvg({
    title: `Daily pass rate, ${days[0]} to ${days.at(-1)}`,
    days,
    series: series.map((s) => ({ label: s.templateName, rates: s.rates })),
  });
}

/**
 * The digest's chart as PNG ({@link PASS_RATE_CHART}'s size times its scale: 1600 × 800), or
 * undefined when there is nothing to draw.
 * @throws Error when the renderer cannot be loaded.
 */
export async function renderDigestChart(
  digest: ChannelDigest,
  render: (svg: string, scale: number) => Promise<RenderedPng> = renderSvgToPng,
): Promise<RenderedPng | undefined> {
  const svg = digestChartSvg(digest);
  return svg === undefined ? undefined : render(svg, PASS_RATE_CHART.scale);
}
