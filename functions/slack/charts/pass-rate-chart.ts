/**
 * The digest's chart: the daily pass rate of each template over the digest's days, as SVG. Pure
 * string building (no DOM, no chart library in the worker bundle); the PNG is rendered from it by
 * `png-renderer.ts`. Every text is XML-escaped: template names come from the catalog.
 */

/** One template's line: a pass rate (0 to 1) per day, `null` on days it did not run. */
export interface PassRateSeries {
  label: string;
  rates: ReadonlyArray<number | null>;
}

/** What the chart shows. */
export interface PassRateChartInput {
  title: string;
  /** The days of the x axis, `YYYY-MM-DD`, oldest first; each series has one rate per day. */
  days: readonly string[];
  /** Drawn in order; past {@link PASS_RATE_CHART}`.maxSeries` the legend says how many more. */
  series: readonly PassRateSeries[];
}

/** The chart's fixed geometry: SVG units, and the scale the PNG is rendered at. */
export const PASS_RATE_CHART = {
  width: 800,
  height: 400,
  /** PNG pixels per SVG unit: sharp on high-density screens, where Slack shows it scaled down. */
  scale: 2,
  /** Lines drawn at most: one colour each, told apart at a glance. */
  maxSeries: 8,
} as const;

/** Colour-blind-friendly (Okabe–Ito), in drawing order. */
const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const;

const PLOT = { left: 56, right: 590, top: 64, bottom: 340 } as const;
const LEGEND_X = 612;
const MAX_LABEL_CHARS = 22;
const MAX_X_LABELS = 8;
const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * The chart as an SVG document of {@link PASS_RATE_CHART}'s size: y from 0 % to 100 %, a line per
 * template broken where it did not run (a day alone shows as a dot), a legend at the right.
 * @throws RangeError when a series has not one rate per day.
 */
export function passRateChartSvg(input: PassRateChartInput): string {
  const { width, height, maxSeries } = PASS_RATE_CHART;
  const drawn = input.series.slice(0, maxSeries);
  for (const series of drawn) {
    if (series.rates.length !== input.days.length) {
      throw new RangeError(
        `Series ${series.label} has ${series.rates.length} rates for ${input.days.length} days`,
      );
    }
  }
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Inter, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="34" font-size="18" fill="#1d1c1d">${xml(input.title)}</text>`,
    ...yAxis(),
    ...xAxis(input.days),
    ...drawn.flatMap((series, i) => line(series, input.days.length, PALETTE[i] as string)),
    ...legend(drawn, input.series.length - drawn.length),
    '</svg>',
  ];
  return parts.join('');
}

function yAxis(): string[] {
  return [0, 25, 50, 75, 100].flatMap((percent) => {
    const y = yOf(percent / 100);
    return [
      `<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="${percent === 0 ? '#868686' : '#e8e8e8'}" stroke-width="1"/>`,
      `<text x="${PLOT.left - 8}" y="${y + 4}" font-size="12" fill="#616061" text-anchor="end">${percent}%</text>`,
    ];
  });
}

function xAxis(days: readonly string[]): string[] {
  const step = Math.max(1, Math.ceil(days.length / MAX_X_LABELS));
  return days.flatMap((day, i) => {
    // Every step-th day, and the last one when it is not too close to the label before it.
    const last = i === days.length - 1 && i % step >= step / 2;
    if (i % step !== 0 && !last) return [];
    const x = xOf(i, days.length);
    return [
      `<text x="${x}" y="${PLOT.bottom + 20}" font-size="12" fill="#616061" text-anchor="middle">${xml(dayLabel(day))}</text>`,
    ];
  });
}

/** The series as polylines over runs of days that have a rate; a lone day as a dot. */
function line(series: PassRateSeries, dayCount: number, colour: string): string[] {
  const out: string[] = [];
  let segment: string[] = [];
  const flush = () => {
    if (segment.length > 1) {
      out.push(
        `<polyline points="${segment.join(' ')}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`,
      );
    }
    segment = [];
  };
  series.rates.forEach((rate, i) => {
    if (rate === null || !Number.isFinite(rate)) {
      flush();
      return;
    }
    const x = xOf(i, dayCount);
    const y = yOf(Math.min(1, Math.max(0, rate)));
    segment.push(`${x},${y}`);
    out.push(`<circle cx="${x}" cy="${y}" r="3" fill="${colour}"/>`);
  });
  flush();
  return out;
}

function legend(drawn: readonly PassRateSeries[], more: number): string[] {
  const rows = drawn.flatMap((series, i) => {
    const y = PLOT.top + 6 + i * 24;
    return [
      `<rect x="${LEGEND_X}" y="${y - 10}" width="12" height="12" rx="2" fill="${PALETTE[i]}"/>`,
      `<text x="${LEGEND_X + 20}" y="${y}" font-size="13" fill="#1d1c1d">${xml(shorten(series.label))}</text>`,
    ];
  });
  if (more > 0) {
    const y = PLOT.top + 6 + drawn.length * 24;
    rows.push(
      `<text x="${LEGEND_X}" y="${y}" font-size="12" fill="#616061">+${more} more not drawn</text>`,
    );
  }
  if (drawn.length === 0) {
    rows.push(
      `<text x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" font-size="14" fill="#616061" text-anchor="middle">No runs in this period</text>`,
    );
  }
  return rows;
}

function xOf(index: number, count: number): number {
  if (count <= 1) return round((PLOT.left + PLOT.right) / 2);
  return round(PLOT.left + 12 + (index * (PLOT.right - PLOT.left - 24)) / (count - 1));
}

function yOf(rate: number): number {
  return round(PLOT.bottom - rate * (PLOT.bottom - PLOT.top));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** `Mon 30` from `2026-11-30`: short, and the weekday helps read a week. */
function dayLabel(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return `${WEEKDAY[date.getUTCDay()]} ${date.getUTCDate()}`;
}

function shorten(label: string): string {
  const chars = Array.from(label);
  return chars.length <= MAX_LABEL_CHARS
    ? label
    : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`;
}

/** Escapes text for XML character data and attribute values; drops characters XML forbids. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
