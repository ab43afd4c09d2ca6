import { createApp, createMetricsApp } from './app.js';
import { loadServerConfig } from './config.js';
import { createDb } from './db.js';
import { closeErrorTracking, initErrorTracking } from './error-tracking.js';
import { logger } from './logger.js';
import { migrate } from './migrate.js';
import { createRedis } from './redis.js';

async function main(): Promise<void> {
  const config = loadServerConfig();
  logger.level = config.logLevel;
  // Before anything else runs, so that whatever fails from here on can be reported.
  initErrorTracking(config);
  if (config.migrateOnStart) await migrate(config.databaseUrl);

  const db = createDb(config.databaseUrl);
  const redis = config.redisUrl ? createRedis(config.redisUrl) : undefined;
  const app = createApp({ db, redis, reportDelayMs: config.reportDelayMs, sessionSecret: config.sessionSecret });
  const server = app.listen(config.port, () => {
    logger.info({ port: config.port }, 'hr-api listening');
  });
  const metricsServer = createMetricsApp(db).listen(config.metricsPort, () => {
    logger.info({ port: config.metricsPort }, 'metrics listening');
  });

  // Graceful shutdown: stop accepting connections, let in-flight requests finish, close the
  // pools, exit 0. This only works when the signal reaches node, which is why the
  // Dockerfile's CMD must be in exec form.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight requests');
    const force = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'requests still running, exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // Scrapes need no draining: a half-served one is simply retried at the next interval.
    metricsServer.close();
    metricsServer.closeAllConnections();
    server.close(async () => {
      await db.end();
      await redis?.quit().catch(() => undefined);
      // Events still queued for the error tracker would be lost with the process.
      await closeErrorTracking();
      logger.info('shutdown complete');
      process.exit(0);
    });
    // A keep-alive connection turns idle when its last response is sent, and would then hold
    // server.close() open until the client gives up on it: close idle ones as they appear.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  // A ConfigError's message lists every problem and never a value, so it is safe to log.
  logger.fatal({ err }, 'hr-api failed to start');
  process.exit(1);
});
