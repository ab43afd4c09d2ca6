// The cache in front of PostgreSQL: cache-aside over Redis. The routes read through getOrLoad()
// and call invalidate() after a write. Redis is a cache, not a
// database: without REDIS_URL there is none, and when Redis fails (stopped, or hung and silent)
// every request still gets its answer from PostgreSQL, only slower.
import type { Redis } from 'ioredis';
import { logger } from './logger.js';
import { cacheLookups } from './metrics.js';

export interface Cache {
  /**
   * What is stored under `key`, or else what `load()` returns, stored under `key` for about
   * `ttlSeconds` and returned. Values travel as JSON.
   */
  getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  /** Deletes the keys: the next read of each loads it afresh. */
  invalidate(keys: string[]): Promise<void>;
}

/** The longest one Redis call may take: a hung Redis costs a request this much, not forever. */
const REDIS_TIMEOUT_MS = 200;

/** Up to a fifth more: keys written in the same second expire seconds apart, not all at once. */
export function withJitter(ttlSeconds: number): number {
  return ttlSeconds + Math.floor(Math.random() * ttlSeconds * 0.2);
}

/** The call's answer, or an error once it has taken REDIS_TIMEOUT_MS. */
async function bounded<T>(call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createCache(redis: Redis | undefined): Cache {
  // Loads in progress, by key: a miss on a key already loading waits for that load (a stampede
  // of misses for one key costs PostgreSQL one query, not one per request).
  const loading = new Map<string, Promise<string>>();

  async function read(key: string): Promise<string | null> {
    if (!redis) return null;
    try {
      return await bounded(redis.get(key));
    } catch (err) {
      logger.warn({ err, key }, 'cache read failed, loading from the database');
      return null;
    }
  }

  async function write(key: string, text: string, ttlSeconds: number): Promise<void> {
    if (!redis) return;
    try {
      await bounded(redis.set(key, text, 'EX', withJitter(ttlSeconds)));
    } catch (err) {
      logger.warn({ err, key }, 'cache write failed');
    }
  }

  return {
    async getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
      const cached = await read(key);
      if (cached !== null) {
        cacheLookups.inc({ result: 'hit' });
        return JSON.parse(cached) as T;
      }
      cacheLookups.inc({ result: 'miss' });
      let pending = loading.get(key);
      if (!pending) {
        pending = (async () => {
          const text = JSON.stringify(await load());
          await write(key, text, ttlSeconds);
          return text;
        })().finally(() => loading.delete(key));
        loading.set(key, pending);
      }
      return JSON.parse(await pending) as T;
    },

    async invalidate(keys: string[]): Promise<void> {
      if (!redis || keys.length === 0) return;
      try {
        await bounded(redis.del(...keys));
      } catch (err) {
        // The entries then live out their TTL: stale for minutes at most, never for good.
        logger.warn({ err, keys }, 'cache invalidation failed');
      }
    },
  };
}
