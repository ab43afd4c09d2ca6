// The samples of a Prometheus text exposition (what GET /metrics answers), for checks that read
// an app's own counters without a Prometheus in between: `cache_lookups_total{result="hit"} 3`
// becomes { name: 'cache_lookups_total', labels: { result: 'hit' }, value: 3 }.

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match) return text.slice(start).trim() === '' ? labels : undefined;
    labels[match[1]!] = unescape(match[2]!);
  }
  return labels;
}

/** Every sample line of the page; comments, blank and malformed lines are left out. */
export function metricSamples(page: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of page.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line.trim());
    if (!match) continue;
    const labels = parseLabels(match[2] ?? '');
    const value = Number(match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : match[3]);
    if (labels && !Number.isNaN(value)) samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}
