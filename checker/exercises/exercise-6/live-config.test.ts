import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { durationMs, liveAlertmanager, liveConfig, liveRules } from './live-config.js';

describe('the live run clock', () => {
  it('reads Prometheus durations, and refuses what is not one', () => {
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('90s')).toBe(90_000);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('0')).toBe(0);
    expect(durationMs('15')).toBeUndefined();
    expect(durationMs('5 m')).toBeUndefined();
  });

  it('scrapes and evaluates every second, per job too, and keeps the rest', () => {
    const config = parse(liveConfig('global: { scrape_interval: 15s, external_labels: { env: dev } }\nscrape_configs:\n  - job_name: api\n    scrape_interval: 30s\n    static_configs: [{ targets: [app:3000] }]\n')) as {
      global: Record<string, unknown>;
      scrape_configs: Record<string, unknown>[];
    };
    expect(config.global).toEqual({ scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s', external_labels: { env: 'dev' } });
    expect(config.scrape_configs[0]).toEqual({ job_name: 'api', static_configs: [{ targets: ['app:3000'] }] });
  });

  it("caps alerts' for: and drops group intervals, leaving shorter ones and recording rules alone", () => {
    const rules = parse(
      liveRules(`groups:
  - name: a
    interval: 1m
    rules:
      - record: job:x:rate5m
        expr: sum(rate(x[5m]))
      - alert: Slow
        expr: x > 1
        for: 10m
      - alert: Quick
        expr: x > 2
        for: 2s
      - alert: Instant
        expr: x > 3
`),
    ) as { groups: { interval?: string; rules: { for?: string }[] }[] };
    expect(rules.groups[0]!.interval).toBeUndefined();
    expect(rules.groups[0]!.rules.map((r) => r.for)).toEqual([undefined, '5000ms', '2s', undefined]);
  });

  it('caps group_wait on the root route, and on a child only where it sets its own', () => {
    const config = parse(liveAlertmanager('route:\n  receiver: a\n  routes:\n    - receiver: b\n      group_wait: 45s\n    - receiver: c\n')) as {
      route: { group_wait: string; routes: Record<string, unknown>[] };
    };
    expect(config.route.group_wait).toBe('1000ms');
    expect(config.route.routes).toEqual([{ receiver: 'b', group_wait: '1000ms' }, { receiver: 'c' }]);
  });
});
