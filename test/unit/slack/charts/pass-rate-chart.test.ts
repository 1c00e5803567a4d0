import { describe, expect, it } from 'vitest';
import {
  PASS_RATE_CHART,
  type PassRateSeries,
  passRateChartSvg,
} from '../../../../functions/slack/charts/pass-rate-chart';

const DAYS = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'];

function count(svg: string, tag: string): number {
  return svg.split(`<${tag} `).length - 1;
}

describe('passRateChartSvg', () => {
  it('draws each template as a line broken on days it did not run, a lone day as a dot', () => {
    // Prepare
    const series: PassRateSeries[] = [
      { label: 'Smoke', rates: [1, 0.5, null, 0.75] },
      { label: 'Regression', rates: [null, 0.25, null, null] },
    ];

    // Act
    const svg = passRateChartSvg({ title: 'Daily pass rate', days: DAYS, series });

    // Assess
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"')).toBe(
      true,
    );
    // Smoke: one polyline over its first two days; its fourth day and Regression's one day alone.
    expect(count(svg, 'polyline')).toBe(1);
    expect(count(svg, 'circle')).toBe(4);
    // 100 % is the top of the plot, 0 % its bottom.
    expect(svg).toContain('points="68,64 238,202"');
    expect(svg).toContain('>Mon 30<');
    expect(svg).toContain('>Smoke<');
    expect(svg).toContain('>Regression<');
  });

  it('escapes names and drops characters XML cannot hold', () => {
    // Prepare
    const label = 'Checkout <b>&"x"\u0007';

    // Act
    const svg = passRateChartSvg({
      title: 'A & B',
      days: DAYS,
      series: [{ label, rates: [1, 1, 1, 1] }],
    });

    // Assess
    expect(svg).toContain('>Checkout &lt;b&gt;&amp;&quot;x&quot;<');
    expect(svg).toContain('>A &amp; B<');
    expect(svg).not.toContain('\u0007');
  });

  it(`draws at most ${PASS_RATE_CHART.maxSeries} lines and says how many more there are`, () => {
    // Prepare
    const series = Array.from({ length: 11 }, (_, i) => ({
      label: `template ${i}`,
      rates: [0.1 * i, null, null, null],
    }));

    // Act
    const svg = passRateChartSvg({ title: 'Busy channel', days: DAYS, series });

    // Assess
    expect(count(svg, 'circle')).toBe(PASS_RATE_CHART.maxSeries);
    expect(svg).toContain('>+3 more not drawn<');
    expect(svg).not.toContain('>template 8<');
  });

  it('says there were no runs when there is nothing to draw', () => {
    // Act
    const svg = passRateChartSvg({ title: 'Quiet', days: DAYS, series: [] });

    // Assess
    expect(svg).toContain('>No runs in this period<');
    expect(count(svg, 'polyline')).toBe(0);
  });

  it('refuses a series without one rate per day', () => {
    // Act
    const draw = () =>
      passRateChartSvg({ title: 'x', days: DAYS, series: [{ label: 'short', rates: [1] }] });

    // Assess
    expect(draw).toThrow(RangeError);
  });
});
