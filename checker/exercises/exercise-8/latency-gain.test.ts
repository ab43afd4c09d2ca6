import { describe, expect, test } from 'vitest';
import { judgeGain } from './latency-gain.js';

describe('judgeGain', () => {
  test('passes a query that got faster: both the p95 and the median three times better or more', () => {
    const verdict = judgeGain({ p50: 520, p95: 560 }, { p50: 40, p95: 89 }, 3);
    expect(verdict.shortfall).toBeUndefined();
    expect(verdict.summary.en).toBe('p95 89 ms against the starter\'s 560 ms: 6 times better; median 40 ms against 520 ms: 13 times better');
    expect(verdict.summary['zh-Hans']).toContain('中位数为 40 毫秒');
  });

  test('fails a p95 inflated by one slow moment in the starter\'s turn, naming the medians', () => {
    // The untouched query: the same typical time, but the starter's slowest request took 2 s.
    const verdict = judgeGain({ p50: 540, p95: 2000 }, { p50: 530, p95: 600 }, 3);
    expect(verdict.shortfall?.en).toBe(
      "p95 600 ms against the starter's 2 s, but the median is 530 ms against 540 ms, only 1.0 times better: the typical request is not faster, so neither is the schedule's query",
    );
    expect(verdict.shortfall?.['zh-Hans']).toContain('只好了 1.0 倍');
  });

  test('fails a p95 short of the ratio before looking at the median', () => {
    expect(judgeGain({ p50: 500, p95: 600 }, { p50: 100, p95: 300 }, 3).shortfall?.en).toBe("p95 300 ms against the starter's 600 ms: 2.0 times better");
  });

  test('says slower when it is', () => {
    expect(judgeGain({ p50: 500, p95: 539 }, { p50: 520, p95: 551 }, 3).shortfall?.en).toBe("p95 551 ms against the starter's 539 ms: 1.0 times slower");
  });
});
