import { Redis } from 'ioredis';
import { logger } from './logger.js';

export function createRedis(redisUrl: string): Redis {
  const redis = new Redis(redisUrl, {
    // Fail fast instead of queueing commands forever while Redis is away.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  redis.on('error', (err: Error) => logger.error({ err }, 'redis error'));
  return redis;
}

/** How long /health waits for PONG: a hung Redis must not hang the health check with it. */
const PING_TIMEOUT_MS = 1000;

export async function redisIsUp(redis: Redis): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('no answer'), PING_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([redis.ping(), silent])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
