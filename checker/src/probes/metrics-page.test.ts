import { describe, expect, it } from 'vitest';
import { metricSamples } from './metrics-page.js';

describe('metricSamples', () => {
  it('reads names, labels and values, and skips comments', () => {
    const page = [
      '# HELP cache_lookups_total Reads through the cache.',
      '# TYPE cache_lookups_total counter',
      'cache_lookups_total{result="hit"} 3',
      'cache_lookups_total{result="miss",route="/schedule/weekly"} 1',
      'process_start_time_seconds 1764700000',
      'http_request_duration_seconds_bucket{le="+Inf",path="a \\"quoted\\" \\\\ one"} 7 1764700000000',
      '',
    ].join('\n');
    expect(metricSamples(page)).toEqual([
      { name: 'cache_lookups_total', labels: { result: 'hit' }, value: 3 },
      { name: 'cache_lookups_total', labels: { result: 'miss', route: '/schedule/weekly' }, value: 1 },
      { name: 'process_start_time_seconds', labels: {}, value: 1764700000 },
      { name: 'http_request_duration_seconds_bucket', labels: { le: '+Inf', path: 'a "quoted" \\ one' }, value: 7 },
    ]);
  });

  it('leaves out lines it cannot read rather than guess', () => {
    expect(metricSamples('cache_hits_total{result=hit} 3\nnot a metric\ncache_misses_total NaNish\nok_total 2')).toEqual([
      { name: 'ok_total', labels: {}, value: 2 },
    ]);
  });
});
