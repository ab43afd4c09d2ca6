// What the API tells Prometheus. app.ts already mounts observeRequests() before the routes and
// metricsRouter() beside them, and routes/schedule.ts already calls countScheduleGenerated():
// the work is all in this file. prom-client is installed; the names below are the contract that
// dashboards and alerts (exercise 6) are written against, so keep them exactly.
//
// TODO 1. A Registry of your own, with Node.js' default metrics in it (collectDefaultMetrics).
// TODO 2. GET /metrics in metricsRouter(): the registry's content type and its metrics().
// TODO 3. http_requests_total, a Counter labelled method, route and status, counted in
//         observeRequests() once the response has been sent. The route label is the template
//         Express matched (/employees/:id), never the raw path.
// TODO 4. http_request_duration_seconds, a Histogram with the same labels and buckets from a
//         few milliseconds up to seconds.
// TODO 5. db_pool_connections, a Gauge labelled state (total, idle, waiting), read from the
//         pool when Prometheus scrapes.
// TODO 6. schedules_generated_total, a Counter that countScheduleGenerated() increments.
import { Router, type RequestHandler } from 'express';
import type { Db } from './db.js';

/** Times and counts every request; mounted before the routes. */
export function observeRequests(): RequestHandler {
  return (_req, _res, next) => {
    next();
  };
}

/** GET /metrics, and the pool gauge, read at each scrape. */
export function metricsRouter(_db: Db): Router {
  return Router();
}

/** One weekly schedule generated. */
export function countScheduleGenerated(): void {}
