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

export async function redisIsUp(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
