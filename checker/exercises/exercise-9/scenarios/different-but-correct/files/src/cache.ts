// Cache-aside another way: a lock in Redis (SET NX PX) so that one replica of many loads a
// missing key while the others wait for its value; a counter each for hits and misses; TTLs
// shortened by up to a fifth rather than lengthened; Redis skipped while ioredis reports it is
// not ready, and every call bounded by ioredis' own commandTimeout (set in redis.ts).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { logger } from './logger.js';
import { cacheHits, cacheMisses } from './metrics.js';

export interface Cache {
  getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  invalidate(keys: string[]): Promise<void>;
}

/** How long a lock is held at most: a loader that dies frees it this late. */
const LOCK_MS = 5000;
const POLL_MS = 25;
/** Deletes the lock only if it is still ours. */
const UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

export function createCache(redis: Redis | undefined): Cache {
  /** The call's result, or undefined when Redis is away or the call fails (then logged). */
  async function quietly<T>(what: string, call: (r: Redis) => Promise<T>): Promise<T | undefined> {
    if (!redis || redis.status !== 'ready') return undefined;
    try {
      return await call(redis);
    } catch (err) {
      logger.warn({ err }, `cache ${what} failed`);
      return undefined;
    }
  }

  const lifetime = (ttlSeconds: number): number => Math.max(1, Math.round(ttlSeconds * (0.8 + Math.random() * 0.2)));

  async function loadAndStore<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const value = await load();
    await quietly('write', (r) => r.set(key, JSON.stringify(value), 'EX', lifetime(ttlSeconds)));
    return value;
  }

  return {
    async getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
      const cached = await quietly('read', (r) => r.get(key));
      if (typeof cached === 'string') {
        cacheHits.inc();
        return JSON.parse(cached) as T;
      }
      cacheMisses.inc();
      const token = randomUUID();
      const lock = `lock:${key}`;
      let locked = await quietly('lock', (r) => r.set(lock, token, 'PX', LOCK_MS, 'NX'));
      if (locked === undefined) {
        // The call may have reached Redis and only its answer come too late (an event loop busy
        // for longer than commandTimeout times out every call in flight at once): whose lock is
        // it? Without this, thirty requests that all time out here all load.
        const owner = await quietly('lock owner', (r) => r.get(lock));
        if (typeof owner === 'string') locked = owner === token ? 'OK' : null;
      }
      if (locked === 'OK') {
        try {
          return await loadAndStore(key, ttlSeconds, load);
        } finally {
          await quietly('unlock', (r) => r.eval(UNLOCK, 1, lock, token));
        }
      }
      if (locked === null) {
        // Another request is loading it: wait for its value, while Redis answers.
        // A read that fails now and then (a busy event loop outlasts commandTimeout) is no reason
        // to load too; three in a row mean Redis is gone.
        const deadline = Date.now() + LOCK_MS;
        let failures = 0;
        while (Date.now() < deadline && failures < 3) {
          await sleep(POLL_MS);
          const value = await quietly('read', (r) => r.get(key));
          if (typeof value === 'string') return JSON.parse(value) as T;
          failures = value === undefined ? failures + 1 : 0;
        }
      }
      return loadAndStore(key, ttlSeconds, load);
    },

    async invalidate(keys: string[]): Promise<void> {
      if (keys.length > 0) await quietly('invalidate', (r) => r.unlink(...keys));
    },
  };
}
