import { describe, expect, it } from 'vitest';
import { learnersOwn } from './metrics-checks.js';

describe('learnersOwn', () => {
  it("keeps the learner's families and drops prom-client's default ones, HELP and TYPE lines included", () => {
    const page = [
      '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
      '# TYPE process_cpu_seconds_total counter',
      'process_cpu_seconds_total 0.42',
      '# HELP nodejs_heap_size_used_bytes Process heap size used from Node.js in bytes.',
      '# TYPE nodejs_heap_size_used_bytes gauge',
      'nodejs_heap_size_used_bytes 123',
      '# HELP http_requests_total HTTP requests answered.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="GET",route="/employees",status="200"} 3',
      '',
    ].join('\n');
    expect(learnersOwn(page)).toBe(
      [
        '# HELP http_requests_total HTTP requests answered.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="GET",route="/employees",status="200"} 3',
        '',
      ].join('\n'),
    );
  });
});
