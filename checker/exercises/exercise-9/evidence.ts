// What the cache checks conclude from what they read: the app's hit and miss counters on
// GET /metrics, and how far apart the expiries of keys written one after another lie.
import type { MetricSample } from '../../src/probes/metrics-page.js';

export interface CacheCounts {
  hits: number;
  misses: number;
  /** The series counted, e.g. ['cache_lookups_total{result="hit"}', …]: what the verdict names. */
  series: string[];
}

const HIT = /^hits?$/i;
const MISS = /^miss(es)?$/i;

/**
 * Hits and misses, however the app names them: one counter with a label whose value is hit or
 * miss (cache_lookups_total{result="hit"}), or a counter each (cache_hits_total). Only the
 * families about a cache count, and of a histogram or summary only its _count.
 */
export function cacheCounts(samples: MetricSample[]): CacheCounts {
  const counts: CacheCounts = { hits: 0, misses: 0, series: [] };
  for (const s of samples) {
    if (!/cache/i.test(s.name) || /_(bucket|sum|created)$/.test(s.name)) continue;
    const values = Object.values(s.labels);
    const kind = values.some((v) => HIT.test(v)) || /hit/i.test(s.name) ? 'hits' : values.some((v) => MISS.test(v)) || /miss/i.test(s.name) ? 'misses' : undefined;
    if (!kind) continue;
    counts[kind] += s.value;
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`);
    counts.series.push(labels.length ? `${s.name}{${labels.join(',')}}` : s.name);
  }
  return counts;
}

/** One key as the app left it after a request for one week: when the reply came and when the key expires. */
export interface KeyExpiry {
  key: string;
  /** When the reply that wrote it arrived, on the checker's clock. */
  repliedAtMs: number;
  /** When Redis will expire it, on Redis's clock (TIME + PTTL). */
  expiresAtMs: number;
}

/**
 * How far apart the TTLs the app gave its keys lie, in ms. Each TTL is read as the key's expiry
 * minus the moment its reply arrived: the two clocks differ by a constant, which the spread
 * cancels, and without jitter every key gets the same TTL, so the spread is only the time
 * between a key's write and its reply: milliseconds, or a few hundred on a busy machine. From
 * five keys on, the longest and the shortest are left out, so that one reply held up on a busy
 * machine cannot pass for jitter.
 */
export function ttlSpreadMs(keys: KeyExpiry[]): number {
  if (keys.length < 2) return 0;
  const ttls = keys.map((k) => k.expiresAtMs - k.repliedAtMs).sort((a, b) => a - b);
  const kept = ttls.length >= 5 ? ttls.slice(1, -1) : ttls;
  return kept.at(-1)! - kept[0]!;
}
