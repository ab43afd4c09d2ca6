import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { createCache } from './cache.js';
import type { Db } from './db.js';
import { errorHandler, notFound } from './http-errors.js';
import { requestLogger } from './logger.js';
import { metricsRouter, observeRequests } from './metrics.js';
import { employeeRoutes } from './routes/employees.js';
import { healthRoutes } from './routes/health.js';
import { reportRoutes } from './routes/reports.js';
import { scheduleRoutes } from './routes/schedule.js';
import { shiftRoutes } from './routes/shifts.js';
import { authRoutes } from './routes/auth.js';
import { loginLimits } from './login-limits.js';
import { useSessions } from './session.js';

export interface AppDeps {
  db: Db;
  redis: Redis | undefined;
  reportDelayMs: number;
  /** Signs the session cookie (config.sessionSecret). */
  sessionSecret: string;
}

export function createApp({ db, redis, reportDelayMs, sessionSecret }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // First of all: every request gets its id and its log line, whatever happens after.
  app.use(requestLogger());
  // Before every route, so that each request is timed and counted, 404s included.
  app.use(observeRequests());
  app.use(express.json({ limit: '100kb' }));
  const cache = createCache(redis);
  app.use(healthRoutes(db, redis));
  // After /health: a load balancer's probes open no session.
  useSessions(app, redis, sessionSecret);
  app.use(authRoutes(db, loginLimits(redis)));
  app.use(employeeRoutes(db, cache));
  app.use(shiftRoutes(db, cache));
  app.use(scheduleRoutes(db, cache));
  app.use(reportRoutes(db, reportDelayMs));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}

/**
 * GET /metrics on a listener of its own (METRICS_PORT). Prometheus reaches it on the compose
 * network; production publishes only the API's port, so the metrics stay off the internet.
 * Its requests are not the API's traffic, and observeRequests() does not count them.
 */
export function createMetricsApp(db: Db): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRouter(db));
  return app;
}
