import { describe, expect, it } from 'vitest';
import { metricSamples } from '../../src/probes/metrics-page.js';
import { cacheCounts, ttlSpreadMs } from './evidence.js';

describe('cacheCounts', () => {
  it('reads one counter with a result label', () => {
    const page = 'cache_lookups_total{result="hit"} 3\ncache_lookups_total{result="miss"} 1\nhttp_requests_total{status="200"} 9';
    expect(cacheCounts(metricSamples(page))).toEqual({
      hits: 3,
      misses: 1,
      series: ['cache_lookups_total{result="hit"}', 'cache_lookups_total{result="miss"}'],
    });
  });

  it('reads a counter each, and sums them over other labels', () => {
    const page = 'schedule_cache_hits_total{week="a"} 2\nschedule_cache_hits_total{week="b"} 2\nschedule_cache_misses_total 5';
    expect(cacheCounts(metricSamples(page))).toMatchObject({ hits: 4, misses: 5 });
  });

  it("counts a histogram by its _count only, and ignores families that are not the cache's", () => {
    const page = [
      'cache_read_seconds_bucket{outcome="hit",le="0.1"} 4',
      'cache_read_seconds_sum{outcome="hit"} 0.2',
      'cache_read_seconds_count{outcome="hit"} 4',
      'cache_read_seconds_count{outcome="miss"} 2',
      'redis_commands_total{result="hit"} 100',
    ].join('\n');
    expect(cacheCounts(metricSamples(page))).toMatchObject({ hits: 4, misses: 2 });
  });

  it('finds nothing on a page without cache counters, as the starter serves it', () => {
    expect(cacheCounts(metricSamples('# HELP cache_lookups_total x\n# TYPE cache_lookups_total counter\n'))).toEqual({ hits: 0, misses: 0, series: [] });
  });
});

describe('ttlSpreadMs', () => {
  it('is the jitter, whatever the offset between the two clocks', () => {
    const keys = [
      { key: 'a', repliedAtMs: 1_000, expiresAtMs: 50_000_300 + 1_000 },
      { key: 'b', repliedAtMs: 1_400, expiresAtMs: 50_000_300 + 1_400 + 4_000 },
      { key: 'c', repliedAtMs: 2_000, expiresAtMs: 50_000_300 + 2_000 + 1_500 },
    ];
    expect(ttlSpreadMs(keys)).toBe(4_000);
  });

  it('leaves out the longest and the shortest from five keys on: one slow reply is not jitter', () => {
    const keys = [0, 250, 600, 900, 1200].map((t, i) => ({ key: `k${i}`, repliedAtMs: t + (i === 2 ? 1500 : 0), expiresAtMs: 9_000_000 + t + 300_000 }));
    expect(ttlSpreadMs(keys)).toBe(0);
    const jittered = [0, 250, 600, 900, 1200].map((t, i) => ({ key: `k${i}`, repliedAtMs: t, expiresAtMs: 9_000_000 + t + 300_000 + i * 1000 }));
    expect(ttlSpreadMs(jittered)).toBe(2000);
  });

  it('is close to nothing for keys written one after another with the same TTL', () => {
    const keys = [0, 250, 600, 900].map((t, i) => ({ key: `k${i}`, repliedAtMs: t, expiresAtMs: 9_000_000 + t + 300_000 - (i % 2) * 3 }));
    expect(ttlSpreadMs(keys)).toBeLessThan(10);
  });
});
