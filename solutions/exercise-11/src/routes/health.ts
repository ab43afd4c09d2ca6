import { Router } from 'express';
import type { Redis } from 'ioredis';
import { databaseIsUp, type Db } from '../db.js';
import { redisIsUp } from '../redis.js';

/** 200 only when the database answers: an orchestrator should not route traffic otherwise. */
export function healthRoutes(db: Db, redis: Redis | undefined): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const database = (await databaseIsUp(db)) ? 'up' : 'down';
    const cache = redis ? ((await redisIsUp(redis)) ? 'up' : 'down') : 'disabled';
    // Redis is a cache: losing it degrades the service, it does not take it down.
    const ok = database === 'up';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database, redis: cache });
  });
  return router;
}
