import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import type { Db } from './db.js';
import { errorHandler, notFound } from './http-errors.js';
import { requestLogger } from './logger.js';
import { metricsRouter, observeRequests } from './metrics.js';
import { employeeRoutes } from './routes/employees.js';
import { healthRoutes } from './routes/health.js';
import { reportRoutes } from './routes/reports.js';
import { scheduleRoutes } from './routes/schedule.js';
import { shiftRoutes } from './routes/shifts.js';

export interface AppDeps {
  db: Db;
  redis: Redis | undefined;
  reportDelayMs: number;
}

export function createApp({ db, redis, reportDelayMs }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // First of all: every request gets its id and its log line, whatever happens after.
  app.use(requestLogger());
  // Before every route, so that each request is timed and counted, 404s included.
  app.use(observeRequests());
  app.use(express.json({ limit: '100kb' }));
  app.use(metricsRouter(db));
  app.use(healthRoutes(db, redis));
  app.use(employeeRoutes(db));
  app.use(shiftRoutes(db));
  app.use(scheduleRoutes(db));
  app.use(reportRoutes(db, reportDelayMs));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
