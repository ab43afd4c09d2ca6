// What the API tells Prometheus: the runtime's own metrics, every request by method, route
// template and status, how long requests take, the PostgreSQL pool, the cache's hits and misses,
// and one number the business cares about. app.ts mounts observeRequests() before the routes and
// metricsRouter() beside them; routes/schedule.ts calls countScheduleGenerated(), and cache.ts
// counts cacheLookups.
import { Router, type Request, type RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './db.js';

// Our own registry rather than prom-client's global one: only what this module registers is served.
const registry = new Registry();
collectDefaultMetrics({ register: registry });

const labelNames = ['method', 'route', 'status'] as const;

const requests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route template and status.',
  labelNames,
  registers: [registry],
});

const duration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from a request arriving to its response being sent, by method, route template and status.',
  labelNames,
  // Fine below 100 ms, where this API answers, and on up to seconds, where users give up.
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

const schedules = new Counter({
  name: 'schedules_generated_total',
  help: 'Weekly schedules generated.',
  registers: [registry],
});

/** Every read through the cache, by what it found: hit or miss. cache.ts counts them. */
export const cacheLookups = new Counter({
  name: 'cache_lookups_total',
  help: 'Reads through the cache, by result: hit (served from Redis) or miss (loaded from the database).',
  labelNames: ['result'] as const,
  registers: [registry],
});

/**
 * The route template Express matched (/employees/:id), never the path itself: one series per
 * route, however many ids and typos the clients send. Nothing matched is one value too.
 */
function routeOf(req: Request): string {
  const template: unknown = req.route?.path;
  return typeof template === 'string' ? `${req.baseUrl}${template}` : 'unmatched';
}

/** Times and counts every request; mounted before the routes. */
export function observeRequests(): RequestHandler {
  return (req, res, next) => {
    const end = duration.startTimer();
    // Only once the response is sent are its status and the matched route known.
    res.on('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      requests.inc(labels);
      end(labels);
    });
    next();
  };
}

/** GET /metrics, and the pool gauge, read at each scrape. */
export function metricsRouter(db: Db): Router {
  new Gauge({
    name: 'db_pool_connections',
    help: 'PostgreSQL pool connections, by state: total open, idle, and requests waiting for one.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, db.totalCount);
      this.set({ state: 'idle' }, db.idleCount);
      this.set({ state: 'waiting' }, db.waitingCount);
    },
  });
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.set('content-type', registry.contentType);
    res.send(await registry.metrics());
  });
  return router;
}

/** One weekly schedule generated. */
export function countScheduleGenerated(): void {
  schedules.inc();
}
