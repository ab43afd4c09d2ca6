import { describe, expect, it } from 'vitest';
import { firstUnstructured, hasDuration, hasMethod, hasRoute, hasStatus, levelOf, linesWith, parseLog } from './log-lines.js';

// What pino-http writes for a request, trimmed.
const pinoLine = JSON.stringify({
  level: 30,
  time: 1796266734665,
  req: { id: 'abc-1', method: 'GET', url: '/employees/3', headers: { host: 'app' } },
  res: { statusCode: 200 },
  responseTime: 12,
  msg: 'request completed',
});
// The same in another shape: ECS-like names, ISO time, a level name.
const ecsLine = JSON.stringify({ '@timestamp': '2026-12-03T02:58:54Z', log: { level: 'info' }, http: { request: { method: 'GET' }, response: { status_code: 200 } }, url: { path: '/employees/3' }, trace: { id: 'abc-1' }, event: { duration_ms: 4 }, message: 'done' });

describe('parseLog', () => {
  it('finds the first line that is not a structured log line, and says why', () => {
    expect(firstUnstructured(parseLog(`${pinoLine}\n${ecsLine}\n`))).toBeUndefined();
    expect(firstUnstructured(parseLog(`${pinoLine}\nhr-api listening on port 3000\n`))).toMatchObject({ lacks: 'json', line: { text: 'hr-api listening on port 3000' } });
    expect(firstUnstructured(parseLog('{"msg":"no level","time":1}'))?.lacks).toBe('level');
    expect(firstUnstructured(parseLog('{"msg":"no time","level":"info"}'))?.lacks).toBe('time');
    expect(firstUnstructured(parseLog('[1,2]'))?.lacks).toBe('json');
  });

  it('reads levels as numbers or names, on pino\'s scale', () => {
    const [a, b, c] = parseLog(`${pinoLine}\n${ecsLine}\n{"severity":"WARNING","time":1}`);
    expect([a, b, c].map((l) => l && levelOf(l))).toEqual([30, 30, 40]);
  });
});

describe('a request line', () => {
  it('is found by its id and judged by value, whatever the field names', () => {
    for (const text of [pinoLine, ecsLine]) {
      const [line] = linesWith(parseLog(text), 'abc-1');
      expect(line).toBeDefined();
      if (!line) continue;
      expect(hasStatus(line, 200)).toBe(true);
      expect(hasStatus(line, 404)).toBe(false);
      expect(hasMethod(line, 'GET')).toBe(true);
      expect(hasMethod(line, 'POST')).toBe(false);
      expect(hasRoute(line, '/employees/3', '/employees/:id')).toBe(true);
      expect(hasDuration(line)).toBe(true);
    }
  });

  it('is not a line that only mentions the id inside a longer text, and a timestamp is no duration', () => {
    expect(linesWith(parseLog('{"msg":"abc-1 started","level":30,"time":1}'), 'abc-1')).toEqual([]);
    const [line] = parseLog('{"time":5,"level":30,"id":"x"}');
    expect(line && hasDuration(line)).toBe(false);
  });
});
