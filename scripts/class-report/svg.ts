// Charts as inline SVG, written out by hand: the report is one file an instructor opens
// anywhere (offline, behind a firewall, from a job artifact), so no script, no CDN and no
// charting package. Every text that reaches the SVG goes through escapeXml.

/** For element text and attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Okabe and Ito's colours, told apart by colour-blind readers too; the yellow, unreadable on white, is left out. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#7F6A1F', '#555555'];

export const colour = (i: number): string => PALETTE[i % PALETTE.length]!;

/** An axis from 0 that ends on a round number: steps of 1, 2 or 5 times a power of ten, whole numbers, about five of them. */
export function axis(largest: number): { end: number; ticks: number[] } {
  const raw = Math.max(largest, 1) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((v) => v >= raw)!);
  const end = Math.max(step, Math.ceil(largest / step) * step);
  return { end, ticks: Array.from({ length: end / step + 1 }, (_, i) => i * step) };
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Long labels are cut to fit the room a chart gives them; the full text stays in the tooltip. */
export function shorten(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

function open(id: string, title: string, width: number, height: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title">` +
    `<title id="${id}-title">${escapeXml(title)}</title>`
  );
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`;
}

export interface Bar {
  label: string;
  value: number;
  /** The tooltip; the label and the value when left out. */
  note?: string;
}

const tooltip = (b: Bar): string => `<title>${escapeXml(b.note ?? `${b.label}: ${fmt(b.value)}`)}</title>`;

export interface ChartOptions {
  /** Unique in the page: the chart's title is found by it. */
  id: string;
  title: string;
  /** The largest value the axis must show (the class size, for counts of students); the largest value charted when left out. */
  max?: number;
  width?: number;
}

/** Vertical bars, one per label (exercises, buckets of points). */
export function columnChart(bars: readonly Bar[], { id, title, max, width = 640 }: ChartOptions): string {
  const height = 260;
  const [left, right, top, bottom] = [44, 12, 16, 40];
  const { end, ticks } = axis(max ?? Math.max(0, ...bars.map((b) => b.value)));
  const plotH = height - top - bottom;
  const slot = (width - left - right) / Math.max(1, bars.length);
  const y = (v: number): number => top + plotH - (plotH * v) / end;
  const grid = ticks.map(
    (t) => `<line x1="${left}" x2="${width - right}" y1="${fmt(y(t))}" y2="${fmt(y(t))}" class="grid"/>` + text(left - 6, y(t) + 4, fmt(t), 'text-anchor="end"'),
  );
  const columns = bars.map((b, i) => {
    const x = left + i * slot + slot * 0.15;
    const h = y(0) - y(b.value);
    return (
      `<rect x="${fmt(x)}" y="${fmt(y(b.value))}" width="${fmt(slot * 0.7)}" height="${fmt(h)}" fill="${colour(0)}">${tooltip(b)}</rect>` +
      text(x + slot * 0.35, y(b.value) - 4, fmt(b.value), 'text-anchor="middle" class="value"') +
      text(x + slot * 0.35, height - bottom + 16, shorten(b.label, Math.max(4, Math.floor(slot / 7))), 'text-anchor="middle"')
    );
  });
  return `${open(id, title, width, height)}${grid.join('')}${columns.join('')}</svg>`;
}

/** Horizontal bars with their labels on the left: for long labels such as check keys. */
export function barChart(bars: readonly Bar[], { id, title, max, width = 640 }: ChartOptions): string {
  const row = 24;
  const [top, bottom, right] = [8, 24, 40];
  const labelChars = Math.min(36, Math.max(8, ...bars.map((b) => b.label.length)));
  const left = labelChars * 6.6 + 12;
  const height = top + bottom + row * Math.max(1, bars.length);
  const { end, ticks } = axis(max ?? Math.max(0, ...bars.map((b) => b.value)));
  const x = (v: number): number => left + ((width - left - right) * v) / end;
  const grid = ticks.map(
    (t) => `<line x1="${fmt(x(t))}" x2="${fmt(x(t))}" y1="${top}" y2="${height - bottom}" class="grid"/>` + text(x(t), height - bottom + 16, fmt(t), 'text-anchor="middle"'),
  );
  const rows = bars.map((b, i) => {
    const y = top + i * row;
    return (
      text(left - 8, y + row / 2 + 4, shorten(b.label, labelChars), 'text-anchor="end"') +
      `<rect x="${fmt(left)}" y="${fmt(y + 4)}" width="${fmt(x(b.value) - left)}" height="${row - 8}" fill="${colour(3)}">${tooltip(b)}</rect>` +
      text(x(b.value) + 4, y + row / 2 + 4, fmt(b.value), 'class="value"')
    );
  });
  return `${open(id, title, width, height)}${grid.join('')}${rows.join('')}</svg>`;
}

export interface Series {
  name: string;
  values: number[];
}

/** Labels on an axis of many days: about eight, always the first and the last. */
export function labelEvery(count: number, wanted = 8): number[] {
  if (count <= 0) return [];
  const step = Math.max(1, Math.ceil((count - 1) / (wanted - 1)));
  const at = Array.from({ length: Math.ceil(count / step) }, (_, i) => i * step);
  return at.at(-1) === count - 1 ? at : [...at.filter((i) => count - 1 - i >= step / 2), count - 1];
}

/** One line per series over the same x labels (days), with a legend underneath. */
export function lineChart(x: readonly string[], series: readonly Series[], { id, title, max, width = 640 }: ChartOptions): string {
  const legendRows = Math.ceil(series.length / 4);
  const [left, right, top, bottom] = [44, 16, 16, 40 + legendRows * 18];
  const height = 240 + legendRows * 18;
  const { end, ticks } = axis(max ?? Math.max(0, ...series.flatMap((s) => s.values)));
  const px = (i: number): number => left + (x.length <= 1 ? 0 : ((width - left - right) * i) / (x.length - 1));
  const py = (v: number): number => top + (height - top - bottom) * (1 - v / end);
  const grid = ticks.map(
    (t) => `<line x1="${left}" x2="${width - right}" y1="${fmt(py(t))}" y2="${fmt(py(t))}" class="grid"/>` + text(left - 6, py(t) + 4, fmt(t), 'text-anchor="end"'),
  );
  // The first and last labels lean inwards, clear of the y axis's numbers and of the edge.
  const anchor = (i: number): string => (x.length > 1 && i === 0 ? 'start' : x.length > 1 && i === x.length - 1 ? 'end' : 'middle');
  const xLabels = labelEvery(x.length).map((i) => text(px(i), height - bottom + 16, x[i]!, `text-anchor="${anchor(i)}"`));
  const lines = series.map((s, n) => {
    const points = s.values.map((v, i) => `${fmt(px(i))},${fmt(py(v))}`).join(' ');
    // A dot per day carries the day's number as a tooltip, until the dots would blur into the line.
    const dot = (v: number, i: number): string => `<circle cx="${fmt(px(i))}" cy="${fmt(py(v))}" r="2.5"><title>${escapeXml(`${s.name}, ${x[i]}: ${v}`)}</title></circle>`;
    const dots = x.length <= 60 ? s.values.map(dot) : [];
    return `<g fill="${colour(n)}" stroke="${colour(n)}"><polyline points="${points}" fill="none" stroke-width="2"/>${dots.join('')}</g>`;
  });
  const legend = series.map((s, n) => {
    const lx = left + (n % 4) * ((width - left) / 4);
    const ly = height - legendRows * 18 + Math.floor(n / 4) * 18;
    return `<rect x="${fmt(lx)}" y="${fmt(ly - 9)}" width="12" height="12" fill="${colour(n)}"/>` + text(lx + 16, ly + 1, shorten(s.name, 18));
  });
  return `${open(id, title, width, height)}${grid.join('')}${xLabels.join('')}${lines.join('')}${legend.join('')}</svg>`;
}
