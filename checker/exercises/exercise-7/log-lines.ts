// Reading a container's log as a log system would: line by line, each line one JSON object.
// The shape inside is the learner's (pino's defaults, ECS, their own field names), so lines are
// searched by value and by the kind of key, never by one library's field names.

export interface LogLine {
  /** As printed, for a verdict to quote. */
  text: string;
  /** The line parsed; undefined when it is not one JSON object. */
  json: Record<string, unknown> | undefined;
}

export function parseLog(output: string): LogLine[] {
  return output
    .split('\n')
    .map((text) => text.replace(/\r$/, ''))
    .filter((text) => text.trim() !== '')
    .map((text) => ({ text, json: objectOf(text) }));
}

function objectOf(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Every value at any depth of a parsed line, with the path of keys that leads to it. */
function* entries(value: unknown, path: string[] = []): Generator<[string, unknown, string[]]> {
  if (Array.isArray(value)) {
    for (const item of value) yield* entries(item, path);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) yield* entries(v, [...path, k]);
  } else {
    yield [path.at(-1) ?? '', value, path];
  }
}

const LEVEL_KEYS = ['level', 'severity', 'levelname', 'log.level'];
const TIME_KEYS = ['time', 'timestamp', '@timestamp', 'ts'];

/** pino's numbers, and the names every logger uses. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, warning: 40, error: 50, fatal: 60, critical: 60 };

/** The line's level on pino's scale (10 trace … 60 fatal), or undefined if it has none. */
export function levelOf(line: LogLine): number | undefined {
  const json = line.json;
  if (!json) return undefined;
  const nested = (json.log as Record<string, unknown> | undefined)?.level;
  for (const raw of [...LEVEL_KEYS.map((k) => json[k]), nested]) {
    if (typeof raw === 'number' && raw >= 10 && raw <= 60) return raw;
    if (typeof raw === 'string' && LEVELS[raw.toLowerCase()] !== undefined) return LEVELS[raw.toLowerCase()];
  }
  return undefined;
}

export function hasTime(line: LogLine): boolean {
  return TIME_KEYS.some((k) => {
    const v = line.json?.[k];
    return (typeof v === 'number' && v > 0) || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  });
}

/** The first line that is not a JSON object with a level and a time, and what it lacks. */
export function firstUnstructured(lines: LogLine[]): { line: LogLine; lacks: 'json' | 'level' | 'time' } | undefined {
  for (const line of lines) {
    if (!line.json) return { line, lacks: 'json' };
    if (levelOf(line) === undefined) return { line, lacks: 'level' };
    if (!hasTime(line)) return { line, lacks: 'time' };
  }
  return undefined;
}

/**
 * Lines holding `value` (a request id) as one of their values, at any depth, but not as a copy
 * of a request or response header: the id the app assigned is what must be logged, and a
 * logged X-Request-Id header only shows what the client sent or what the app answered.
 */
export function linesWith(lines: LogLine[], value: string): LogLine[] {
  return lines.filter((l) => l.json && [...entries(l.json)].some(([, v, path]) => v === value && !path.some((k) => /headers/i.test(k))));
}

/** Where `needle` sits in the line, e.g. req.headers.authorization; undefined if not in a value. */
export function pathTo(line: LogLine, needle: string): string | undefined {
  for (const [k, v, path] of entries(line.json)) {
    if ((typeof v === 'string' && v.includes(needle)) || k.includes(needle)) return path.map((p) => (/^[\w$]+$/.test(p) ? p : `["${p}"]`)).join('.').replace(/\.\[/g, '[');
  }
  return undefined;
}

/** The part of a line around `needle`, for a verdict to quote where a long line hides it. */
export function around(text: string, needle: string, before = 80, after = 40): string {
  const at = text.indexOf(needle);
  if (at < 0) return text.slice(0, before + after);
  return `${at > before ? '…' : ''}${text.slice(Math.max(0, at - before), at + needle.length + after)}${at + needle.length + after < text.length ? '…' : ''}`;
}

/** Whether the line holds `status` under a key that names a status (statusCode, status, http.status). */
export function hasStatus(line: LogLine, status: number): boolean {
  return [...entries(line.json)].some(([k, v]) => /status/i.test(k) && (v === status || v === String(status)));
}

/** Whether some value is this method (GET), alone or at the start of a message (`GET /employees 200`). */
export function hasMethod(line: LogLine, method: string): boolean {
  return [...entries(line.json)].some(([, v]) => typeof v === 'string' && (v === method || v.startsWith(`${method} `)));
}

/** Whether some value names the path or the route template it matched. */
export function hasRoute(line: LogLine, path: string, template: string): boolean {
  return [...entries(line.json)].some(([, v]) => typeof v === 'string' && (v.includes(path) || v.includes(template)));
}

/** A duration: a number under a key that names one (responseTime, duration_ms, elapsed…). */
export function hasDuration(line: LogLine): boolean {
  return [...entries(line.json)].some(
    ([k, v]) => typeof v === 'number' && v >= 0 && !TIME_KEYS.includes(k) && /duration|elapsed|latency|took|responsetime|response_time|ms$/i.test(k),
  );
}

/** A line cut to what a verdict can show. */
export function quote(line: LogLine, max = 240): string {
  return line.text.length > max ? `${line.text.slice(0, max)}…` : line.text;
}
