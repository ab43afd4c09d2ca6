// The cache in front of PostgreSQL: cache-aside over Redis. The routes read through getOrLoad()
// and call invalidate() after a write. Redis is a cache, not a
// database: without REDIS_URL there is none, and when Redis fails (stopped, or hung and silent)
// every request must still get its answer from PostgreSQL, only slower.
// 数据库前面的缓存：基于 Redis 的旁路缓存（cache-aside）。各个路由通过 getOrLoad() 读取，
// 写入之后调用 invalidate()。Redis 是缓存，不是数据库：没有 REDIS_URL 就
// 没有缓存；Redis 出故障（被停掉，或者挂起不应答）时，每个请求仍然必须从 PostgreSQL 拿到答案，只是慢一些。
import type { Redis } from 'ioredis';
// For TODO 5 and 6: import { logger } from './logger.js';

export interface Cache {
  /**
   * What is stored under `key`, or else what `load()` returns, stored under `key` for about
   * `ttlSeconds` and returned. Values travel as JSON.
   */
  getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  /** Deletes the keys: the next read of each loads it afresh. */
  invalidate(keys: string[]): Promise<void>;
}

export function createCache(redis: Redis | undefined): Cache {
  return {
    async getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
      // TODO 1: look in Redis first (`redis.get(key)`). A string back is a hit: return it parsed.
      //         On a miss, call load(), store JSON.stringify(value) under key, and return the value.
      // 待办 1：先查 Redis（`redis.get(key)`）。拿到字符串就是命中：解析后返回。
      //         未命中时调用 load()，把 JSON.stringify(value) 存到 key 下，再返回这个值。
      // TODO 2: store with an expiry of about ttlSeconds (`SET key value EX seconds`), plus a random
      //         part, so that keys written together do not all expire in the same second.
      // 待办 2：存的时候设上大约 ttlSeconds 的过期时间（`SET key value EX seconds`），再加一个随机量，
      //         让一起写入的键不会在同一秒里全部过期。
      // TODO 3: count every lookup with the counter metrics.ts exports (import { cacheLookups } from './metrics.js'):
      //         cacheLookups.inc({ result: 'hit' }) or ({ result: 'miss' }).
      // 待办 3：用 metrics.ts 导出的计数器给每次查找计数（import { cacheLookups } from './metrics.js'）：
      //         cacheLookups.inc({ result: 'hit' }) 或 ({ result: 'miss' })。
      // TODO 4: a miss on a key that is already loading waits for that load instead of starting
      //         another one (keep the loads in progress in a Map of promises, made once in
      //         createCache(), so that every request shares it).
      // 待办 4：未命中时，如果这个键已经在加载，就等那次加载，不要再开一次（用一个存放 promise 的 Map
      //         记下正在进行的加载；Map 在 createCache() 里只建一次，让所有请求共用）。
      // TODO 5: Redis may be stopped (calls fail) or hung (calls never answer): neither may fail or
      //         stall the request. Treat a failed or slow read as a miss, log a failed write, and
      //         bound how long any Redis call may take. `redis` is undefined without REDIS_URL.
      // 待办 5：Redis 可能被停掉（调用报错），也可能挂起（调用永不应答）：两者都不能让请求失败或卡住。
      //         读取失败或太慢就当未命中，写入失败记一条日志，并给每次 Redis 调用设一个时间上限。
      //         没有 REDIS_URL 时 `redis` 是 undefined。
      return load();
    },

    async invalidate(keys: string[]): Promise<void> {
      // TODO 6: delete the keys from Redis (`redis.del(...keys)`). A Redis that is down must not
      //         fail the write that called this: log it and go on.
      // 待办 6：从 Redis 里删掉这些键（`redis.del(...keys)`）。Redis 宕机不能让调用它的写操作失败：
      //         记一条日志，继续往下走。
    },
  };
}
